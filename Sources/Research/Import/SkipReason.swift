/// Why an import did not write a line, as counted in the summary's `skipped` object.
enum SkipReason: String, Sendable {
    /// The line (or the frame after its receive stamp) is not JSON.
    case malformedJSON = "malformed_json"
    /// A value no valid message holds: NaN or negative prices, sizes out of range...
    case invalidValue = "invalid_value"
    /// A coin name outside ``Limits`` (empty, too long, control characters).
    case invalidCoin = "invalid_coin"
    /// A receive stamp or exchange time outside ``Limits``, or an unreadable one.
    case badTimestamp = "bad_timestamp"
    /// A line longer than the cap (16 MiB), read past without being kept.
    case lineTooLong = "line_too_long"
    /// An archive line that is neither a book nor a trade.
    case unknownRecord = "unknown_record"
    /// Acks, pongs and other frames without market data (not bad lines).
    case notMarketData = "not_market_data"
    /// A book or trades seen before (not bad lines).
    case duplicate
    /// More than the reorder tolerance earlier than the last record.
    case outOfOrder = "out_of_order"
    /// An empty line (not a bad line).
    case emptyLine = "empty_line"
}

/// Why a line was not imported, and whether `--strict` stops at it.
struct LineFailure: Error {
    var reason: SkipReason
    var fatal = true

    init(_ reason: SkipReason, fatal: Bool = true) {
        self.reason = reason
        self.fatal = fatal
    }
}
