/// A point in time: nanoseconds since the Unix epoch (the engine's virtual clock, the
/// stamps of journal records). Differences are ``Nanoseconds``.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanosecondsSinceEpoch: Int64

    /// The time `nanosecondsSinceEpoch` after the epoch.
    @inlinable public init(_ nanosecondsSinceEpoch: Int64) { self.nanosecondsSinceEpoch = nanosecondsSinceEpoch }

    /// A venue time in milliseconds since the epoch (nil when it does not fit in
    /// nanoseconds).
    @inlinable public init?(milliseconds: Int64) {
        let (value, overflow) = milliseconds.multipliedReportingOverflow(by: Nanoseconds.perMillisecond)
        guard !overflow else { return nil }
        self.init(value)
    }

    /// Milliseconds since the epoch (floor), the venue's unit.
    @inlinable public var milliseconds: Int64 { Self.floor(self.nanosecondsSinceEpoch, Nanoseconds.perMillisecond) }

    /// Whole UTC days since the epoch (floor: times before it count back).
    @inlinable public var day: Int64 { Self.floor(self.nanosecondsSinceEpoch, Nanoseconds.day.rawValue) }

    @inlinable public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch }
    @inlinable public static func - (lhs: Timestamp, rhs: Timestamp) -> Nanoseconds { Nanoseconds(lhs.nanosecondsSinceEpoch - rhs.nanosecondsSinceEpoch) }
    @inlinable public static func + (lhs: Timestamp, rhs: Nanoseconds) -> Timestamp { Timestamp(lhs.nanosecondsSinceEpoch + rhs.rawValue) }
    @inlinable public static func - (lhs: Timestamp, rhs: Nanoseconds) -> Timestamp { Timestamp(lhs.nanosecondsSinceEpoch - rhs.rawValue) }

    /// `value / unit` rounded toward negative infinity.
    @inlinable static func floor(_ value: Int64, _ unit: Int64) -> Int64 {
        value >= 0 ? value / unit : (value + 1) / unit - 1
    }

    /// The ISO 8601 UTC text with milliseconds, `2026-11-30T15:54:36.123Z`.
    public var description: String { self.iso8601() }
}
