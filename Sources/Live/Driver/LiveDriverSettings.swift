import SimulatedExchange

/// The three ways to run the market maker.
public enum LiveMode: String, Sendable, CaseIterable {
    /// Market data (and, with an address, the account's streams); no orders.
    case record
    /// The engine on live data against the simulated exchange; no orders.
    case paper
    /// Real orders.
    case run
}

/// What shapes a live driver beyond the engine config.
public struct LiveDriverSettings: Sendable {
    public var mode: LiveMode
    /// The account (run: the key's address; record: `--address`), lowercased.
    public var address: String?
    /// Stop (as on a signal) this many ns after start.
    public var duration: Int64?
    /// Ping the feed this often, and reconnect when no pong came within the timeout
    /// (the server closes silent connections after 60 s).
    public var pingInterval: Int64 = 30_000_000_000
    public var pongTimeout: Int64 = 10_000_000_000
    /// Poll `userRateLimit` this often (run mode).
    public var rateLimitPollInterval: Int64 = 30_000_000_000
    /// How long a shutdown waits for the venue to confirm nothing is left open.
    public var shutdownTimeout: Int64 = 15_000_000_000
    /// Start-up account reads tried this many times (1 s, 2 s, 4 s … apart).
    public var startupAttempts = 5
    /// The simulated exchange of paper mode.
    public var paperExchange = SimExchangeConfig()
    /// The cross-venue reference feed (nil: none).
    public var reference: ReferenceFeedSettings?

    public init(mode: LiveMode, address: String?, duration: Int64? = nil) {
        self.mode = mode
        self.address = address?.lowercased()
        self.duration = duration
    }
}
