/// A span of time in nanoseconds: the one place the engine's units are converted.
/// Integer arithmetic (wrapping like `&+` is never implied: `+` and `-` trap on overflow,
/// `saturating...` saturates); the `Double` views are for display and for the model
/// inputs that already were seconds as `Double`.
public struct Nanoseconds: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The count of nanoseconds.
    public var rawValue: Int64

    /// `rawValue` nanoseconds.
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// Nothing.
    public static let zero = Nanoseconds(0)

    /// Nanoseconds per second, millisecond and microsecond.
    public static let perSecond: Int64 = 1_000_000_000
    public static let perMillisecond: Int64 = 1_000_000
    public static let perMicrosecond: Int64 = 1_000

    /// `seconds` whole seconds.
    @inlinable public static func seconds(_ seconds: Int64) -> Nanoseconds { Nanoseconds(seconds * Self.perSecond) }
    /// `milliseconds` whole milliseconds.
    @inlinable public static func milliseconds(_ milliseconds: Int64) -> Nanoseconds { Nanoseconds(milliseconds * Self.perMillisecond) }
    /// `microseconds` whole microseconds.
    @inlinable public static func microseconds(_ microseconds: Int64) -> Nanoseconds { Nanoseconds(microseconds * Self.perMicrosecond) }
    /// `minutes` whole minutes.
    @inlinable public static func minutes(_ minutes: Int64) -> Nanoseconds { Nanoseconds(minutes * 60 * Self.perSecond) }
    /// `hours` whole hours.
    @inlinable public static func hours(_ hours: Int64) -> Nanoseconds { Nanoseconds(hours * 3_600 * Self.perSecond) }
    /// One UTC day (86 400 s).
    public static let day = Nanoseconds(86_400 * 1_000_000_000)

    /// A config duration in seconds, truncated toward zero and saturated at the `Int64`
    /// range (non-finite: zero). The engine's conversion of `*_s` settings.
    @inlinable public static func truncating(seconds: Double) -> Nanoseconds {
        let ns = seconds * 1e9
        guard ns.isFinite else { return .zero }
        return Nanoseconds(ns >= 9.2e18 ? Int64.max : (ns <= -9.2e18 ? Int64.min : Int64(ns)))
    }

    /// A duration in seconds, rounded to the nearest nanosecond; `seconds` must be
    /// finite and within `Int64` nanoseconds (see ``Limits/durationProblem(_:)``).
    @inlinable public static func rounding(seconds: Double) -> Nanoseconds { Nanoseconds(Int64((seconds * 1e9).rounded())) }

    /// The span in seconds, as a `Double` (display, model inputs).
    @inlinable public var seconds: Double { Double(self.rawValue) / 1e9 }
    /// The span in whole milliseconds (truncated toward zero).
    @inlinable public var milliseconds: Int64 { self.rawValue / Self.perMillisecond }
    /// The span in milliseconds, as a `Double` (display).
    @inlinable public var fractionalMilliseconds: Double { Double(self.rawValue) / 1e6 }

    @inlinable public static func < (lhs: Nanoseconds, rhs: Nanoseconds) -> Bool { lhs.rawValue < rhs.rawValue }
    @inlinable public static func + (lhs: Nanoseconds, rhs: Nanoseconds) -> Nanoseconds { Nanoseconds(lhs.rawValue + rhs.rawValue) }
    @inlinable public static func - (lhs: Nanoseconds, rhs: Nanoseconds) -> Nanoseconds { Nanoseconds(lhs.rawValue - rhs.rawValue) }
    @inlinable public static func * (lhs: Nanoseconds, rhs: Int64) -> Nanoseconds { Nanoseconds(lhs.rawValue * rhs) }
    @inlinable public static prefix func - (value: Nanoseconds) -> Nanoseconds { Nanoseconds(-value.rawValue) }

    /// The sum, saturated at the `Int64` range.
    @inlinable public func saturatingAdd(_ other: Nanoseconds) -> Nanoseconds {
        let (sum, overflow) = self.rawValue.addingReportingOverflow(other.rawValue)
        return overflow ? Nanoseconds(other.rawValue > 0 ? .max : .min) : Nanoseconds(sum)
    }

    /// "1.5 s", "250 ms", "40 us", "7 ns": the largest unit that keeps the value ≥ 1
    /// (seconds with up to three decimals, exact integer arithmetic).
    public var description: String {
        let magnitude = self.rawValue.magnitude
        let sign = self.rawValue < 0 ? "-" : ""
        if magnitude >= UInt64(Self.perSecond) {
            let millis = magnitude / UInt64(Self.perMillisecond)
            let whole = millis / 1_000
            var fraction = String(millis % 1_000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.last == "0" { fraction.removeLast() }
            return sign + "\(whole)" + (fraction.isEmpty ? "" : "." + fraction) + " s"
        }
        if magnitude >= UInt64(Self.perMillisecond) { return sign + "\(magnitude / UInt64(Self.perMillisecond)) ms" }
        if magnitude >= UInt64(Self.perMicrosecond) { return sign + "\(magnitude / UInt64(Self.perMicrosecond)) us" }
        return sign + "\(magnitude) ns"
    }
}
