/// Times as text, for stories, logs and charts (never for anything hashed): the one
/// formatter of ``Timestamp``s, UTC, integer arithmetic only.
extension Timestamp {
    /// `HH:MM:SS` (UTC; times before the epoch count back from midnight), with `.mmm`
    /// appended when `milliseconds` is set.
    public func timeOfDay(milliseconds: Bool = false) -> String {
        let secondOfDay = Self.floor(self.nanosecondsSinceEpoch, Nanoseconds.perSecond) - self.day * 86_400
        var text = Self.padded(secondOfDay / 3_600, 2) + ":" + Self.padded((secondOfDay / 60) % 60, 2) + ":" + Self.padded(secondOfDay % 60, 2)
        if milliseconds { text += "." + Self.padded(self.millisecondOfSecond, 3) }
        return text
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC, proleptic Gregorian).
    public func iso8601() -> String {
        let date = CivilDate(daysSinceEpoch: self.day)
        return Self.padded(date.year, 4) + "-" + Self.padded(date.month, 2) + "-" + Self.padded(date.day, 2) + "T"
            + self.timeOfDay(milliseconds: true) + "Z"
    }

    /// The milliseconds within the second (0...999).
    var millisecondOfSecond: Int64 {
        (self.nanosecondsSinceEpoch - Self.floor(self.nanosecondsSinceEpoch, Nanoseconds.perSecond) * Nanoseconds.perSecond) / Nanoseconds.perMillisecond
    }

    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// A proleptic Gregorian date (UTC), converted to and from days since the epoch with
/// integer arithmetic (Howard Hinnant's `days_from_civil` / `civil_from_days`).
public struct CivilDate: Hashable, Sendable {
    public var year: Int64
    /// 1...12.
    public var month: Int64
    /// 1...31.
    public var day: Int64

    /// The date of `year`-`month`-`day` (fields not checked).
    public init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01.
    public init(daysSinceEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days from 1970-01-01 to this date (negative before it).
    public var daysSinceEpoch: Int64 {
        let y = self.month <= 2 ? self.year - 1 : self.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (self.month + (self.month > 2 ? -3 : 9)) + 2) / 5 + self.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// The time-of-day text of raw nanosecond times (the report and story keep their
/// times as `Int64`).
public enum ClockText {
    /// `Timestamp(time).timeOfDay(milliseconds:)`.
    public static func timeOfDay(_ time: Int64, milliseconds: Bool = false) -> String {
        Timestamp(time).timeOfDay(milliseconds: milliseconds)
    }
}
