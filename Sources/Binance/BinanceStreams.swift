import JSON

/// The market-data streams of a ``BinanceSymbolMap``'s listings and how to ask for
/// them: a combined-stream URL (`wss://fstream.binance.com/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade`)
/// or a `SUBSCRIBE` request.
public struct BinanceStreams: Equatable, Sendable {
    /// Which trade stream to read: `aggTrade` (trades of one taker order at one price
    /// aggregated) or `trade` (each fill).
    public enum TradeStream: String, Equatable, Sendable, CaseIterable {
        case aggTrade
        case trade
    }

    /// The USD-M futures market-stream server.
    public static let defaultBaseURL = "wss://fstream.binance.com"
    /// The most streams one connection may carry (the venue's limit).
    public static let maxStreamsPerConnection = 1024

    /// Stream names, lower-case symbol then kind, per listing in order
    /// (`btcusdt@bookTicker`, `btcusdt@aggTrade`).
    public let names: [String]

    /// The `bookTicker` and `trades` streams of every listing of `symbols`.
    public init(symbols: BinanceSymbolMap, trades: TradeStream = .aggTrade) {
        self.names = symbols.listings.flatMap { listing in
            let symbol = listing.symbol.lowercased()
            return [symbol + "@bookTicker", symbol + "@" + trades.rawValue]
        }
    }

    /// Whether there is nothing to subscribe to (no coin has a listing).
    public var isEmpty: Bool { self.names.isEmpty }

    /// The combined-stream URL at `base` (a server such as ``defaultBaseURL``, or a URL
    /// ending in `/stream`): `<base>/stream?streams=a/b/c`.
    public func combinedURL(base: String = BinanceStreams.defaultBaseURL) -> String {
        var root = Substring(base)
        while root.hasSuffix("/") { root = root.dropLast() }
        if !root.hasSuffix("/stream") { root += "/stream" }
        return root + "?streams=" + self.names.joined(separator: "/")
    }

    /// The `SUBSCRIBE` request for every stream (`{"method":"SUBSCRIBE","params":[...],"id":1}`).
    public func subscribeRequest(id: Int64) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("method", "SUBSCRIBE")
        json.field("params", strings: self.names)
        json.field("id", id)
        json.endObject()
        return json.text
    }
}
