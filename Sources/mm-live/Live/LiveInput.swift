import Engine

/// Everything that reaches the live loop, in the order it is processed (and journaled).
enum LiveInput: Sendable {
    /// A WebSocket text frame and when it arrived (Unix ns).
    case frame(String, receivedAt: Int64)
    /// The feed connected, dropped, is retrying or gave up.
    case connection(ConnectionState, at: Int64)
    /// Engine inputs produced by the live side (exchange answers, rate-limit status,
    /// account snapshots).
    case events([Event], at: Int64)
    /// The quote-cycle clock.
    case tick(at: Int64)
    /// Paper mode: let the simulated exchange deliver what is due.
    case poll(at: Int64)
    /// An operator command (HTTP endpoint or signal).
    case operatorAction(OperatorAction, at: Int64)
    /// A request the exchange client finished (for in-flight accounting).
    case requestFinished
    /// Stop: SIGINT/SIGTERM, the end of `--duration`, or a fatal feed failure.
    case shutdown(reason: String)
    /// Shutdown: check whether the last answers are in.
    case finish
}
