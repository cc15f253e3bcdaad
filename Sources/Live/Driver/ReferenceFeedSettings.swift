import Binance
import Engine

/// The cross-venue reference feed of a session (Binance USD-M futures public market
/// data): which coins read which symbols, where to connect, and when a silent
/// connection is reconnected. `nil` in ``LiveDriverSettings/reference``: no reference feed.
public struct ReferenceFeedSettings: Sendable, Equatable {
    /// The feed name of the reference connection's ``ConnectionEvent``s. The `reference:`
    /// prefix keeps them out of the Hyperliquid feed's staleness and connection kill inputs.
    public static let feedName = ConnectionEvent.referenceFeedPrefix + "binance"

    /// Which traded coin reads which symbol (coins without a listing are not subscribed).
    public var symbols: BinanceSymbolMap
    /// The URLs of the feed's sockets, streams in them (see ``BinanceStreams/urls(base:)``).
    public var urls: [String]
    /// The streams subscribed to.
    public var streams: BinanceStreams
    /// A connected feed that brought no reference data for this long (ns) is closed and
    /// reconnected with the runbook's backoff.
    public var staleAfter: Int64 = 15_000_000_000

    /// The feed of `symbols` at `baseURL` (the venue's server, or hl-sim's
    /// `ws://HOST:PORT/binance`), reading `trades`.
    public init(symbols: BinanceSymbolMap, baseURL: String = BinanceStreams.defaultBaseURL, trades: BinanceStreams.TradeStream = .aggTrade) {
        self.symbols = symbols
        self.streams = BinanceStreams(symbols: symbols, trades: trades)
        self.urls = self.streams.urls(base: baseURL)
    }
}
