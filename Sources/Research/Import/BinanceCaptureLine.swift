import Engine
import JSON

/// One line of a raw Binance USD-M futures capture: `[<receive ns> ]<json>` (the
/// hftbacktest collector's format), the JSON a combined-stream frame
/// (`{"stream":"btcusdt@bookTicker","data":{…}}`) or a bare event. `bookTicker` becomes a
/// `referenceQuote`; `aggTrade` and `trade` (`X` `MARKET` or absent) a `referenceTrades`
/// with the aggressor's side (`m` true: the buyer is the maker, so the seller hit the
/// bid: `.ask`). Depth frames (`@depth` diffs, the collector's snapshots) are counted as
/// not used; subscription replies and other streams as not market data.
enum BinanceCaptureLine {
    /// The `source` of the events.
    static let source = "binance"

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, symbols: ReferenceSymbols) -> Result<ReferenceRecord, LineFailure> {
        guard let (receivedAt, frame) = WebSocketLine.split(bytes) else { return .failure(LineFailure(.badTimestamp)) }
        let json: OrderedJSON
        do { json = try OrderedJSON(parsing: frame) } catch { return .failure(LineFailure(.malformedJSON)) }
        return Self.decode(json, receivedAt: receivedAt, symbols: symbols)
    }

    static func decode(_ json: OrderedJSON, receivedAt: Int64?, symbols: ReferenceSymbols) -> Result<ReferenceRecord, LineFailure> {
        var event = json
        var stream = ""
        if case .string(let name)? = json["stream"] {
            stream = name
            guard let data = json["data"] else { return .failure(LineFailure(.malformedJSON)) }
            event = data
        }
        switch event {
        case .object: break
        case .array: return .failure(LineFailure(.notMarketData, fatal: false))  // an all-market stream
        default: return .failure(LineFailure(.malformedJSON))
        }
        guard case .string(let type)? = event["e"] else {
            // Depth snapshots (REST bodies) carry no event type; replies to requests neither.
            if stream.contains("@depth") || event["lastUpdateId"] != nil { return .failure(LineFailure(.depthNotUsed, fatal: false)) }
            return .failure(LineFailure(.notMarketData, fatal: false))
        }
        switch type {
        case "bookTicker", "aggTrade", "trade": break
        case "depthUpdate": return .failure(LineFailure(.depthNotUsed, fatal: false))
        default: return .failure(LineFailure(.notMarketData, fatal: false))
        }
        guard case .string(let symbol)? = event["s"] else { return .failure(LineFailure(.invalidValue)) }
        guard let coin = symbols.coin(of: symbol) else { return .failure(LineFailure(.unknownSymbol)) }
        guard let time = Self.milliseconds(event["T"]) ?? Self.milliseconds(event["E"]) else { return .failure(LineFailure(.badTimestamp)) }
        if type == "bookTicker" {
            guard let bid = Self.level(event["b"], event["B"]), let ask = Self.level(event["a"], event["A"]) else {
                return .failure(LineFailure(.invalidValue))
            }
            return ReferenceRecord.quote(source: Self.source, coin: coin, bid: bid, ask: ask, exchangeTime: time, receivedAt: receivedAt)
        }
        if case .string(let kind)? = event["X"], kind != "MARKET" { return .failure(LineFailure(.notMarketData, fatal: false)) }
        guard let (price, size) = Self.level(event["p"], event["q"]), case .bool(let buyerIsMaker)? = event["m"],
              let id = Self.unsigned(event[type == "aggTrade" ? "a" : "t"]) else {
            return .failure(LineFailure(.invalidValue))
        }
        let trade = Trade(side: buyerIsMaker ? .ask : .bid, price: price, size: size, exchangeTime: time, tradeID: id)
        return ReferenceRecord.trade(source: Self.source, coin: coin, trade: trade, series: type == "aggTrade" ? .aggregate : .single,
                                     receivedAt: receivedAt)
    }

    /// A decimal-string price and size, or nil (absent, not decimal).
    private static func level(_ price: OrderedJSON?, _ size: OrderedJSON?) -> (price: Price, size: Size)? {
        guard case .string(let px)? = price, case .string(let sz)? = size, let price = try? Price(parsing: px),
              let size = try? Size(parsing: sz) else { return nil }
        return (price, size)
    }

    /// A millisecond time inside ``Limits/exchangeTime``, or nil.
    private static func milliseconds(_ value: OrderedJSON?) -> Int64? {
        guard case .integer(let ms)? = value, Limits.isValidExchangeTime(ms) else { return nil }
        return ms
    }

    private static func unsigned(_ value: OrderedJSON?) -> UInt64? {
        switch value {
        case .integer(let v)? where v >= 0: return UInt64(v)
        case .unsigned(let v)?: return v
        default: return nil
        }
    }
}
