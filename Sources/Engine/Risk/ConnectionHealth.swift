/// The health of one feed, as a pure state machine the driver feeds with connection
/// events and data ages: Healthy → Stale → Reconnecting → Healthy, or Failed.
package struct ConnectionHealth: Sendable, Equatable, Codable {
    package enum State: String, Sendable, Equatable, Codable {
        case healthy, stale, reconnecting, disconnected, failed
    }

    /// What the supervisor tells the driver.
    package enum Signal: Sendable, Equatable {
        case healthy
        case marketDataStale
        /// Two consecutive stale readings: reconnect.
        case reconnectRecommended
        /// The feed failed for good.
        case critical
    }

    package private(set) var state: State = .healthy
    /// The current run of reconnect attempts (0 when connected).
    package private(set) var attempts: Int64 = 0
    private var consecutiveStale = 0

    /// Reconnect policy of the runbooks: 1 s initial, ×2, 60 s max, 10 attempts.
    package static let initialBackoff: Int64 = 1_000_000_000
    package static let maxBackoff: Int64 = 60_000_000_000
    package static let maxAttempts: Int64 = 10
    /// Market data older than this is stale (supervisor).
    package static let staleAfter: Int64 = 10_000_000_000
    /// Stale readings in a row before a reconnect is recommended.
    package static let staleReadingsBeforeReconnect = 2

    package init() {}

    /// The wait before reconnect attempt `attempt` (1-based), or `nil` past the limit.
    package static func backoff(attempt: Int64) -> Int64? {
        guard attempt >= 1, attempt <= self.maxAttempts else { return nil }
        var delay = self.initialBackoff
        for _ in 1..<attempt { delay = min(delay * 2, self.maxBackoff) }
        return delay
    }

    /// Applies a connection event.
    package mutating func apply(_ state: ConnectionState) {
        switch state {
        case .connected:
            self.state = .healthy
            self.attempts = 0
            self.consecutiveStale = 0
        case .disconnected:
            self.state = .disconnected
        case .reconnecting(let attempt):
            self.attempts = Int64(attempt)
            self.state = Int64(attempt) > Self.maxAttempts ? .failed : .reconnecting
        case .failed:
            self.state = .failed
        }
    }

    /// A periodic reading of the data age (ns); returns the supervisor's signal.
    package mutating func check(dataAge: Int64?) -> Signal {
        if self.state == .failed { return .critical }
        guard let age = dataAge, age > Self.staleAfter else {
            self.consecutiveStale = 0
            if self.state == .stale { self.state = .healthy }
            return .healthy
        }
        self.consecutiveStale += 1
        if self.state == .healthy { self.state = .stale }
        return self.consecutiveStale >= Self.staleReadingsBeforeReconnect ? .reconnectRecommended : .marketDataStale
    }
}
