import Engine

/// Tardis.dev "datasets" CSV files of Binance USD-M futures (`exchange` `binance-futures`):
/// `trades` (`exchange,symbol,timestamp,local_timestamp,id,side,price,amount`; `side` the
/// aggressor's, `buy` or `sell`) become `referenceTrades`, `book_ticker` and `quotes`
/// (`exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount`)
/// `referenceQuote`s. Times are microseconds since the epoch: `local_timestamp` (the
/// receive time) stamps the record, `timestamp` (the venue's) becomes its exchange time.
enum TardisCSV {
    /// The kinds of file, told apart by the header line.
    enum Kind: String {
        case trades = "tardis-trades"
        /// `book_ticker` and `quotes` share a header (Binance's best bid and ask).
        case quotes = "tardis-quotes"

        /// The header line of a file of this kind.
        var header: String {
            switch self {
            case .trades: return "exchange,symbol,timestamp,local_timestamp,id,side,price,amount"
            case .quotes: return "exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount"
            }
        }

        /// The kind whose header `line` is, or nil.
        init?(header line: String) {
            guard let kind = [Kind.trades, .quotes].first(where: { $0.header == line }) else { return nil }
            self = kind
        }
    }

    /// The only exchange whose rows are imported, and the `source` its events get.
    static let exchange = "binance-futures"
    static let source = BinanceCaptureLine.source
    /// Every header has eight columns.
    static let columns = 8

    /// Whether a file's first line is a CSV header: fields and commas, no JSON.
    static func looksLikeHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.contains(UInt8(ascii: ",")) && !line.contains(UInt8(ascii: "{"))
    }

    /// One data row of a file of `kind`.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, kind: Kind, symbols: ReferenceSymbols) -> Result<ReferenceRecord, LineFailure> {
        guard !line.contains(UInt8(ascii: "\"")) else { return .failure(LineFailure(.malformedCSV)) }
        let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard fields.count == Self.columns else { return .failure(LineFailure(.wrongColumnCount)) }
        guard !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty, !fields[3].isEmpty else { return .failure(LineFailure(.malformedCSV)) }
        guard fields[0].elementsEqual(Self.exchange.utf8) else { return .failure(LineFailure(.unsupportedExchange)) }
        guard let coin = symbols.coin(of: Self.text(fields[1])) else { return .failure(LineFailure(.unknownSymbol)) }
        guard let exchangeMicros = Self.integer(fields[2]), let localMicros = Self.integer(fields[3]),
              localMicros <= Limits.latestTime / 1000, Limits.isValidTime(localMicros * 1000) else {
            return .failure(LineFailure(.badTimestamp))
        }
        let receivedAt = localMicros * 1000
        let exchangeTime = exchangeMicros / 1000
        switch kind {
        case .quotes:
            guard let askSize = Self.decimal(fields[4], as: Size.self), let askPrice = Self.decimal(fields[5], as: Price.self),
                  let bidPrice = Self.decimal(fields[6], as: Price.self), let bidSize = Self.decimal(fields[7], as: Size.self) else {
                return .failure(LineFailure(.invalidValue))
            }
            return ReferenceRecord.quote(source: Self.source, coin: coin, bid: (bidPrice, bidSize), ask: (askPrice, askSize),
                                         exchangeTime: exchangeTime, receivedAt: receivedAt)
        case .trades:
            let side: Side
            switch Self.text(fields[5]) {
            case "buy": side = .bid
            case "sell": side = .ask
            default: return .failure(LineFailure(.invalidValue))  // "unknown" or anything else: no aggressor
            }
            guard let price = Self.decimal(fields[6], as: Price.self), let size = Self.decimal(fields[7], as: Size.self) else {
                return .failure(LineFailure(.invalidValue))
            }
            let numeric = Self.unsigned(fields[4])
            let id = numeric ?? ReferenceRecord.hashID(fields[4].isEmpty ? line[...] : fields[4])
            let trade = Trade(side: side, price: price, size: size, exchangeTime: exchangeTime, tradeID: id)
            return ReferenceRecord.trade(source: Self.source, coin: coin, trade: trade, series: numeric == nil ? nil : .tardis, receivedAt: receivedAt)
        }
    }

    private static func text(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: field, as: UTF8.self)
    }

    private static func decimal<Value: FixedPointDecimal>(_ field: Slice<UnsafeBufferPointer<UInt8>>, as: Value.Type) -> Value? {
        guard !field.isEmpty else { return nil }
        return try? Value(parsing: Self.text(field))
    }

    /// Decimal digits as a non-negative Int64 (at most 18 digits), or nil.
    private static func integer(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        guard !field.isEmpty, field.count <= 18 else { return nil }
        var value: Int64 = 0
        for byte in field {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

    private static func unsigned(_ field: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64? {
        Self.integer(field).map { UInt64($0) }
    }
}
