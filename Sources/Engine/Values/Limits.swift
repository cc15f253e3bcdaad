/// The valid ranges of every quantity that enters the system from outside: journal
/// records, capture lines, wire messages, configs and command-line options.
///
/// Each boundary checks its inputs against these ranges and refuses what falls outside
/// with a message naming the value and where it came from. Inside the ranges, the
/// engine's arithmetic cannot overflow: two valid times add without overflow, a valid
/// time plus the longest valid duration stays below `Int64.max`, and an exchange time
/// in milliseconds converts to nanoseconds exactly.
public enum Limits {
    /// The latest valid time, 2100-01-01T00:00:00Z, in nanoseconds since the epoch.
    public static let latestTime: Int64 = 4_102_444_800_000_000_000

    /// Valid session times (journal stamps, receive times, virtual clocks), in
    /// nanoseconds since 1970-01-01T00:00:00Z: from the epoch to 2100.
    public static let time: ClosedRange<Int64> = 0...latestTime

    /// Valid exchange times (book, trade, fill and order timestamps), in milliseconds
    /// since the epoch: the same span as ``time``.
    public static let exchangeTime: ClosedRange<Int64> = 0...(latestTime / Nanoseconds.perMillisecond)

    /// The longest duration any config field or option may name: ten years, in seconds.
    public static let longestDurationSeconds: Double = 315_576_000

    /// The longest duration in nanoseconds (``longestDurationSeconds``).
    public static let longestDuration: Int64 = 315_576_000_000_000_000

    /// The highest valid price: 10⁹ quote units (raw 10⁻⁸ units).
    public static let highestPrice = Price(rawValue: 100_000_000_000_000_000)

    /// The largest valid size of one level, trade, order or position: 10⁹ base units.
    public static let largestSize = Size(rawValue: 100_000_000_000_000_000)

    /// The most levels one side of a book may hold.
    public static let levelsPerSide = 1_000

    /// The most trades one batch may hold.
    public static let tradesPerBatch = 10_000

    /// The longest coin name, in UTF-8 bytes.
    public static let coinNameBytes = 64

    /// Whether `nanoseconds` is a valid session time.
    @inline(__always)
    public static func isValidTime(_ nanoseconds: Int64) -> Bool { time.contains(nanoseconds) }

    /// Whether `milliseconds` is a valid exchange time.
    @inline(__always)
    public static func isValidExchangeTime(_ milliseconds: Int64) -> Bool { exchangeTime.contains(milliseconds) }

    /// Why `nanoseconds` is not a valid session time, or `nil` when it is.
    public static func timeProblem(_ nanoseconds: Int64) -> String? {
        if isValidTime(nanoseconds) { return nil }
        return "time \(nanoseconds) ns is outside the valid range 0...\(latestTime) (1970 to 2100)"
    }

    /// Why `milliseconds` is not a valid exchange time, or `nil` when it is.
    public static func exchangeTimeProblem(_ milliseconds: Int64) -> String? {
        if isValidExchangeTime(milliseconds) { return nil }
        return "exchange time \(milliseconds) ms is outside the valid range 0...\(exchangeTime.upperBound) (1970 to 2100)"
    }

    /// Why `price` is not a valid (positive, at most ``highestPrice``) price, or `nil`.
    public static func priceProblem(_ price: Price) -> String? {
        if price.rawValue > 0 && price.rawValue <= highestPrice.rawValue { return nil }
        return "price \(price) is outside the valid range (0, \(highestPrice)]"
    }

    /// Why `size` is not a valid positive size (at most ``largestSize``), or `nil`.
    public static func sizeProblem(_ size: Size) -> String? {
        if size.rawValue > 0 && size.rawValue <= largestSize.rawValue { return nil }
        return "size \(size) is outside the valid range (0, \(largestSize)]"
    }

    /// Why `size` is not a valid signed size (a position: |size| at most
    /// ``largestSize``), or `nil`.
    public static func signedSizeProblem(_ size: Size) -> String? {
        if size.rawValue >= -largestSize.rawValue && size.rawValue <= largestSize.rawValue { return nil }
        return "size \(size) is outside the valid range [-\(largestSize), \(largestSize)]"
    }

    /// Why `name` is not a valid coin name, or `nil`: 1 to ``coinNameBytes`` UTF-8
    /// bytes, no control characters (which covers terminal escape sequences).
    public static func coinNameProblem(_ name: String) -> String? {
        let bytes = name.utf8.count
        if bytes == 0 { return "the coin name is empty" }
        if bytes > coinNameBytes {
            return "the coin name is \(bytes) bytes long (at most \(coinNameBytes))"
        }
        for scalar in name.unicodeScalars where isControl(scalar) {
            return "the coin name holds the control character U+\(hex(scalar.value))"
        }
        return nil
    }

    /// Why a duration of `seconds` is not in `0...longestDurationSeconds` (or finite),
    /// or `nil`.
    public static func durationProblem(_ seconds: Double) -> String? {
        if seconds.isFinite && seconds >= 0 && seconds <= longestDurationSeconds { return nil }
        return "\(seconds) s is outside the valid range 0...\(Int64(longestDurationSeconds)) s (ten years)"
    }

    /// `seconds` in nanoseconds; `seconds` must be a valid duration
    /// (``durationProblem(_:)`` returns `nil`). Rounds to the nearest nanosecond.
    public static func nanoseconds(ofSeconds seconds: Double) -> Int64 {
        precondition(durationProblem(seconds) == nil, "duration out of range")
        return Nanoseconds.rounding(seconds: seconds).rawValue
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x2028 || v == 0x2029
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
