/// Number texts as this module writes them.
public enum JSONNumber {
    /// Appends the decimal digits of `value` (no sign, no leading zeros).
    public static func appendDigits(_ value: UInt64, to bytes: inout [UInt8]) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Appends `value` as a JSON integer.
    public static func append(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        self.appendDigits(value.magnitude, to: &bytes)
    }

    /// A finite `Double` in Swift's shortest round-trip form (`0.1`, `1e-07`, `105055.5`),
    /// with an integral value written without its `.0` (`3`, `-0`): the form engine
    /// snapshots have always had, so restoring is exact and the text does not depend on
    /// any platform library. Nil for NaN and infinities, which JSON cannot hold.
    public static func compactText(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
