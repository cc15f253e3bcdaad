import Binance
import Engine
import JSON

/// Binance USD-M futures market-stream shapes (`bookTicker`, `aggTrade`, the combined
/// stream wrapper and the live-subscription replies), keys in the order Binance writes
/// them. Decimals are printed exactly from the fixed-point values, with at least the
/// decimals Binance shows for BTCUSDT (2 for prices, 3 for quantities): "97123.40",
/// "0.012"; a value with more digits keeps them all (never rounded).
enum BinanceWire {
    /// The symbol of a coin's reference market, as mm-live and import map it: `BTC` →
    /// `BTCUSDT`, `kPEPE` → `1000PEPEUSDT` (a coin with no default listing: its name and
    /// `USDT`).
    static func symbol(of coin: String) -> String { BinanceSymbolMap.defaultSymbol(for: coin).symbol ?? coin.uppercased() + "USDT" }

    /// The lowercase stream name prefix of a coin's market: `BTC` → `btcusdt`.
    static func streamPrefix(of coin: String) -> String { Self.symbol(of: coin).lowercased() }

    /// `raw` (10⁻⁸ units) with at least `decimals` fractional digits.
    static func decimal(_ raw: Int64, atLeast decimals: Int) -> String {
        var text = FixedPoint.format(raw)
        let fraction: Int
        if let point = text.firstIndex(of: ".") {
            fraction = text.distance(from: text.index(after: point), to: text.endIndex)
        } else {
            fraction = 0
            if decimals > 0 { text += "." }
        }
        if fraction < decimals { text += String(repeating: "0", count: decimals - fraction) }
        return text
    }

    static func price(_ price: Price) -> OrderedJSON { .string(self.decimal(price.rawValue, atLeast: 2)) }

    static func quantity(_ size: Size) -> OrderedJSON { .string(self.decimal(size.rawValue, atLeast: 3)) }

    /// `{"e":"bookTicker","u","E","T","s","b","B","a","A"}`; `time` is the venue's clock
    /// (Unix nanoseconds) for both the event and the transaction time.
    static func bookTicker(_ quote: ReferenceQuote, updateID: UInt64, time: Int64) -> OrderedJSON {
        let milliseconds = OrderedJSON.integer(time / 1_000_000)
        return .object([("e", .string("bookTicker")), ("u", .unsigned(updateID)), ("E", milliseconds), ("T", milliseconds),
                        ("s", .string(self.symbol(of: quote.coin))), ("b", self.price(quote.bidPrice)), ("B", self.quantity(quote.bidSize)),
                        ("a", self.price(quote.askPrice)), ("A", self.quantity(quote.askSize))])
    }

    /// `{"e":"aggTrade","E","a","s","p","q","f","l","T","m"}` for one trade: `a` is its
    /// trade id, and `f` = `l` = `a` (each aggregate holds one trade); `m` (the buyer is
    /// the maker) is true when the aggressor sold.
    static func aggTrade(_ trade: Trade, coin: String, time: Int64) -> OrderedJSON {
        let milliseconds = OrderedJSON.integer(time / 1_000_000)
        return .object([("e", .string("aggTrade")), ("E", milliseconds), ("a", .unsigned(trade.tradeID)), ("s", .string(self.symbol(of: coin))),
                        ("p", self.price(trade.price)), ("q", self.quantity(trade.size)), ("f", .unsigned(trade.tradeID)),
                        ("l", .unsigned(trade.tradeID)), ("T", milliseconds), ("m", .bool(trade.side == .ask))])
    }

    /// `{"stream":NAME,"data":DATA}`: a frame of the combined-stream endpoint.
    static func combined(_ stream: String, _ data: OrderedJSON) -> OrderedJSON {
        .object([("stream", .string(stream)), ("data", data)])
    }

    /// `{"result":RESULT,"id":ID}`: the answer to a live `SUBSCRIBE`, `UNSUBSCRIBE`
    /// (result null) or `LIST_SUBSCRIPTIONS` (the streams).
    static func result(_ result: OrderedJSON, id: OrderedJSON) -> String {
        OrderedJSON.object([("result", result), ("id", id)]).text
    }

    /// `{"code":CODE,"msg":MESSAGE}` (with `"id"` when the request had one): Binance's
    /// error answer to a malformed live request.
    static func error(code: Int64, _ message: String, id: OrderedJSON?) -> String {
        var pairs: [(key: String, value: OrderedJSON)] = [("code", .integer(code)), ("msg", .string(message))]
        if let id { pairs.append(("id", id)) }
        return OrderedJSON.object(pairs).text
    }
}
