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
    /// A reference venue's depth frame (`@depth` diffs and snapshots): not imported (not
    /// a bad line).
    case depthNotUsed = "depth_not_used"
    /// A reference best bid above its best ask.
    case crossedQuote = "crossed_quote"
    /// A reference venue symbol no coin maps to (`1000PEPEUSDT` without a mapping).
    case unknownSymbol = "unknown_symbol"
    /// A reference record for a coin no Hyperliquid record has named yet (not a bad line).
    case coinNotImported = "coin_not_imported"
    /// A CSV row that cannot be read: quoted fields, an empty exchange, symbol or time.
    case malformedCSV = "malformed_csv"
    /// A CSV row with more or fewer columns than its header.
    case wrongColumnCount = "wrong_column_count"
    /// A CSV row of an exchange other than Binance USD-M futures (`binance-futures`).
    case unsupportedExchange = "unsupported_exchange"
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
