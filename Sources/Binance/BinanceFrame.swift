import Engine
import JSON

/// What one Binance USD-M futures market-data text frame carries, translated to engine
/// values: a raw stream message (`{"e":"bookTicker",...}`) or a combined-stream one
/// (`{"stream":"btcusdt@bookTicker","data":{...}}`). Prices and sizes are parsed exactly
/// into fixed point; the venue's symbol becomes the engine's coin through a
/// ``BinanceSymbolMap``.
public enum BinanceFrame: Equatable, Sendable {
    /// A `bookTicker`: the best bid and ask.
    case quote(ReferenceQuote)
    /// An `aggTrade` or `trade`: one aggressor-side trade.
    case trades(ReferenceTrades)
    /// A well-formed frame with nothing for the engine, and why.
    case ignored(BinanceIgnoredFrame)

    /// The `source` of the engine events this decoder makes.
    public static let source = "binance"

    /// The engine event this frame carries, or `nil` for an ignored frame.
    public var event: Event? {
        switch self {
        case .quote(let quote): .referenceQuote(quote)
        case .trades(let trades): .referenceTrades(trades)
        case .ignored: nil
        }
    }

    /// Translates one text frame. Throws a ``BinanceWireError`` naming the event type and
    /// the field for anything malformed (bad JSON, missing fields, non-decimal strings,
    /// prices or sizes that are not positive or lie outside ``Limits``, crossed quotes);
    /// never traps. Frames of other streams, subscription replies and unmapped symbols
    /// are ``ignored(_:)`` with the reason.
    public init(decoding text: String, symbols: BinanceSymbolMap) throws(BinanceWireError) {
        let json: OrderedJSON
        do { json = try OrderedJSON(parsing: text) } catch { throw .malformedJSON(error) }
        try self.init(decoding: json, symbols: symbols)
    }

    /// Translates one parsed frame (see ``init(decoding:symbols:)-(String,_)``).
    public init(decoding json: OrderedJSON, symbols: BinanceSymbolMap) throws(BinanceWireError) {
        switch json {
        case .object: break
        case .array: self = .ignored(.arrayPayload(stream: nil)); return
        default: throw .notAnObject(Self.kind(of: json))
        }
        if case .string(let stream)? = json["stream"] {
            guard let data = json["data"], data != .null else { throw .missingField(event: stream, path: "data") }
            switch data {
            case .object: self = try Self.event(data, prefix: "data", symbols: symbols)
            case .array: self = .ignored(.arrayPayload(stream: stream))
            default: throw .invalidField(event: stream, path: "data", value: Self.kind(of: data), reason: "expected an object")
            }
            return
        }
        if let ignored = Self.reply(json) {
            self = .ignored(ignored)
            return
        }
        self = try Self.event(json, prefix: "", symbols: symbols)
    }

    /// A reply to a request (`{"result":null,"id":1}`, `{"error":{...},"id":1}`,
    /// `{"code":-1121,"msg":"..."}`), or `nil` for a market-data event.
    private static func reply(_ json: OrderedJSON) -> BinanceIgnoredFrame? {
        guard json["e"] == nil else { return nil }
        if let error = json["error"], error != .null {
            return .serverError(code: Self.code(error["code"]), message: Self.message(error["msg"] ?? error))
        }
        if let message = json["msg"], json["code"] != nil {
            return .serverError(code: Self.code(json["code"]), message: Self.message(message))
        }
        if json["result"] != nil || json["id"] != nil {
            return .subscriptionReply(id: json["id"]?.text ?? "null")
        }
        return nil
    }

    private static func code(_ value: OrderedJSON?) -> Int64? {
        if case .integer(let code)? = value { return code }
        return nil
    }

    private static func message(_ value: OrderedJSON) -> String {
        if case .string(let text) = value { return text }
        return value.text
    }

    /// One market-data event object.
    private static func event(_ object: OrderedJSON, prefix: String, symbols: BinanceSymbolMap) throws(BinanceWireError) -> BinanceFrame {
        let head = BinanceFields(event: "frame", prefix: prefix, object: object)
        let type = try head.string("e")
        let fields = BinanceFields(event: type, prefix: prefix, object: object)
        switch type {
        case "bookTicker", "aggTrade", "trade": break
        default: return .ignored(.untranslatedEvent(type))
        }
        let symbol = try fields.string("s")
        guard let coin = symbols.coin(forSymbol: symbol) else { return .ignored(.unmappedSymbol(symbol)) }
        switch type {
        case "bookTicker": return try Self.bookTicker(fields, symbol: symbol, coin: coin)
        case "aggTrade": return .trades(try Self.trade(fields, coin: coin, idKey: "a"))
        default:
            if let kind = try fields.optionalString("X"), kind != "MARKET" { return .ignored(.nonMarketTrade(kind: kind)) }
            return .trades(try Self.trade(fields, coin: coin, idKey: "t"))
        }
    }

    /// `bookTicker`: `b`/`B` best bid price and size, `a`/`A` best ask, `T` the
    /// transaction time (else `E` the event time, else 0).
    private static func bookTicker(_ fields: BinanceFields, symbol: String, coin: String) throws(BinanceWireError) -> BinanceFrame {
        let bidPrice = try fields.price("b")
        let bidSize = try fields.size("B")
        let askPrice = try fields.price("a")
        let askSize = try fields.size("A")
        let transactionTime = try fields.optionalExchangeTime("T")
        let eventTime = try fields.optionalExchangeTime("E")
        let time = transactionTime ?? eventTime ?? 0
        guard bidPrice <= askPrice else { throw .crossedQuote(symbol: symbol, bid: bidPrice, ask: askPrice) }
        return .quote(ReferenceQuote(source: Self.source, coin: coin, bidPrice: bidPrice, bidSize: bidSize,
                                     askPrice: askPrice, askSize: askSize, exchangeTime: time))
    }

    /// `aggTrade` (id `a`) or `trade` (id `t`): `p` price, `q` size, `T` trade time, `m`
    /// whether the buyer was the maker (then the seller was the aggressor: `.ask`).
    private static func trade(_ fields: BinanceFields, coin: String, idKey: String) throws(BinanceWireError) -> ReferenceTrades {
        let trade = Trade(
            side: try fields.bool("m") ? .ask : .bid,
            price: try fields.price("p"),
            size: try fields.size("q"),
            exchangeTime: try fields.exchangeTime("T"),
            tradeID: try fields.unsignedInteger(idKey))
        return ReferenceTrades(source: Self.source, coin: coin, trades: [trade])
    }

    private static func kind(of json: OrderedJSON) -> String {
        switch json {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .integer, .unsigned, .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}
