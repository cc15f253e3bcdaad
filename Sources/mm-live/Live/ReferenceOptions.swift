import ArgumentParser
import Binance
import Engine
import Live

/// Where the cross-venue reference feed comes from.
enum ReferenceSource: String, Sendable, ExpressibleByArgument, CaseIterable {
    /// Binance USD-M futures public market data (bookTicker and aggTrade).
    case binance
    /// No reference feed: cross-venue signals off.
    case none
}

/// The reference feed's options (`record`, `paper`, `run`).
struct ReferenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Cross-venue reference feed: binance or none. Default: binance on mainnet, none elsewhere (testnet's and hl-sim's prices are not Binance's).",
                               discussion: "An optional feed: when it drops, the engine widens (staleness multiplier) and quoting goes on."))
    var reference: ReferenceSource?

    @Option(help: ArgumentHelp("The reference feed's server (ws:// or wss://; /stream?streams=... is appended). Default: wss://fstream.binance.com (read on its routed paths: bookTicker from /public, aggTrade from /market), or the --network base URL's /binance (hl-sim's synthetic Binance feed).",
                               valueName: "url"))
    var referenceURL: String?

    @Option(help: ArgumentHelp("COIN=SYMBOL (BTC=BTCUSDT) or COIN=none, repeatable. Default symbol: COINUSDT (kPEPE: 1000PEPEUSDT); HIP-3 DEX and spot coins have none.",
                               valueName: "coin=symbol"))
    var referenceSymbol: [String] = []

    @Option(help: ArgumentHelp("The reference trade stream: aggTrade (trades of one taker order at one price aggregated) or trade (each fill; on Binance's /public route with bookTicker).",
                               valueName: "stream"))
    var referenceTrades: BinanceStreams.TradeStream = .aggTrade

    @Option(help: ArgumentHelp("Reconnect the reference feed when it brought no data for this many seconds while connected.", valueName: "seconds"))
    var referenceStaleAfter: Double = 15

    /// The reference feed of a session on `network` trading `coins`, or nil for none.
    func settings(network: LiveNetwork, coins: [String]) throws -> ReferenceFeedSettings? {
        let source = self.reference ?? (network.isMainnet ? .binance : .none)
        guard source == .binance else {
            if self.referenceURL != nil || !self.referenceSymbol.isEmpty {
                throw ValidationError("--reference-url and --reference-symbol need --reference binance (the default only on mainnet)")
            }
            return nil
        }
        if let problem = Limits.durationProblem(self.referenceStaleAfter) { throw ValidationError("--reference-stale-after: \(problem)") }
        guard self.referenceStaleAfter >= 1 else { throw ValidationError("--reference-stale-after must be at least 1 second") }
        let symbols: BinanceSymbolMap
        do {
            symbols = try BinanceSymbolMap(coins: coins, overrides: try self.referenceSymbol.map { try BinanceSymbolOverride(parsing: $0) })
        } catch {
            throw ValidationError("--reference-symbol: \(error)")
        }
        let base: String
        if let url = self.referenceURL {
            guard url.hasPrefix("ws://") || url.hasPrefix("wss://"), url.count > 6, !url.contains("?") else {
                throw ValidationError("--reference-url '\(url)': expected ws://HOST[:PORT][/PATH] or wss://... without a query")
            }
            base = url
        } else if network.isMainnet || network == .testnet {
            base = BinanceStreams.defaultBaseURL
        } else {
            base = String(network.webSocketURL.dropLast("/ws".count)) + "/binance"
        }
        var settings = ReferenceFeedSettings(symbols: symbols, baseURL: base, trades: self.referenceTrades)
        settings.staleAfter = Limits.nanoseconds(ofSeconds: self.referenceStaleAfter)
        return settings
    }
}

extension BinanceStreams.TradeStream: ExpressibleByArgument {}
