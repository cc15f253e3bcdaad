extension Int64 {
    /// `value` rounded toward zero, clamped to `Int64.min...Int64.max`; NaN gives 0.
    ///
    /// `Int64(_: Double)` traps on NaN, infinities and magnitudes from 2⁶³ up; every
    /// conversion of a value computed from outside data goes through this instead.
    @inline(__always)
    package init(saturating value: Double) {
        if value.isNaN { self = 0; return }
        if value >= 9_223_372_036_854_775_807.0 { self = .max; return }
        if value <= -9_223_372_036_854_775_808.0 { self = .min; return }
        self = Int64(value)
    }
}
