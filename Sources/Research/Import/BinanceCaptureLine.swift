import Binance
import Engine
import JSON

/// The lines of a raw Binance USD-M futures capture: `[<receive ns> ]<json>` (the
/// hftbacktest collector's format), the JSON a combined-stream frame
/// (`{"stream":"btcusdt@bookTicker","data":{…}}`) or a bare event, translated by the live
/// feed's decoder (``BinanceFrame``): `bookTicker` becomes a `referenceQuote`, `aggTrade`
/// and `trade` a `referenceTrades` with the aggressor's side. Depth frames (`@depth`
/// diffs, the collector's REST snapshots) are counted as not used; subscription replies,
/// other streams and non-market trades (liquidations) as not market data.
struct BinanceCaptureLine {
    /// The `source` of the events.
    static let source = BinanceFrame.source

    /// How the frames' symbols map to coins.
    let symbols: ReferenceSymbols
    /// The live-feed map of each symbol seen (nil: no coin maps to it).
    private var maps: [String: BinanceSymbolMap?] = [:]
    /// For a frame without a symbol: its decoder reports what is missing.
    private static let noSymbols = try! BinanceSymbolMap(coins: [])

    /// A decoder mapping symbols by `symbols`.
    init(symbols: ReferenceSymbols) {
        self.symbols = symbols
    }

    /// One line (without its newline, not empty): its record, or why it has none.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<ReferenceRecord, LineFailure> {
        guard let (receivedAt, frame) = WebSocketLine.split(bytes) else { return .failure(LineFailure(.badTimestamp)) }
        let json: OrderedJSON
        do { json = try OrderedJSON(parsing: frame) } catch { return .failure(LineFailure(.malformedJSON)) }
        var event = json
        if case .string(let stream)? = json["stream"] {
            if Self.isDepth(stream: stream) { return .failure(LineFailure(.depthNotUsed, fatal: false)) }
            event = json["data"] ?? .null
        }
        var map = Self.noSymbols
        if case .string(let symbol)? = event["s"] {
            let cached: BinanceSymbolMap?
            if let known = self.maps[symbol] {
                cached = known
            } else {
                cached = self.symbols.map(for: symbol)
                // Only mapped symbols are kept: hostile files with ever new symbols must
                // not grow the cache (memory stays flat).
                if cached != nil { self.maps.updateValue(cached, forKey: symbol) }
            }
            map = cached ?? Self.noSymbols
        }
        let decoded: BinanceFrame
        do { decoded = try BinanceFrame(decoding: json, symbols: map) } catch { return .failure(LineFailure(Self.reason(error))) }
        switch decoded {
        case .quote(let quote):
            return ReferenceRecord.quote(source: quote.source, coin: quote.coin, bid: (quote.bidPrice, quote.bidSize), ask: (quote.askPrice, quote.askSize),
                                         exchangeTime: quote.exchangeTime, receivedAt: receivedAt)
        case .trades(let batch):
            guard let trade = batch.trades.first, batch.trades.count == 1 else { return .failure(LineFailure(.invalidValue)) }
            let series: ReferenceRecord.IDSeries = event["e"] == .string("aggTrade") ? .aggregate : .single
            return ReferenceRecord.trade(source: batch.source, coin: batch.coin, trade: trade, series: series, receivedAt: receivedAt)
        case .ignored(let ignored):
            switch ignored {
            case .unmappedSymbol: return .failure(LineFailure(.unknownSymbol))
            case .untranslatedEvent(let type) where type == "depthUpdate": return .failure(LineFailure(.depthNotUsed, fatal: false))
            default: return .failure(LineFailure(.notMarketData, fatal: false))
            }
        }
    }

    /// Whether a stream name is a depth stream (`btcusdt@depth`, `btcusdt@depth20@100ms`,
    /// the collector's `btcusdt@depth@snapshot`); by bytes, not through Foundation.
    static func isDepth(stream: String) -> Bool {
        guard let at = stream.utf8.firstIndex(of: UInt8(ascii: "@")) else { return false }
        return stream.utf8[at...].starts(with: "@depth".utf8)
    }

    /// The skip reason of a frame the decoder refuses.
    static func reason(_ error: BinanceWireError) -> SkipReason {
        switch error {
        case .malformedJSON, .notAnObject: return .malformedJSON
        case .crossedQuote: return .crossedQuote
        case .missingField(_, let path), .invalidField(_, let path, _, _):
            return CaptureFrame.isField(path, "T") || CaptureFrame.isField(path, "E") ? .badTimestamp : .invalidValue
        }
    }
}
