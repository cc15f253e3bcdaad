import Engine

/// Everything that reaches the live driver from the outside, each handed over with the
/// time it happened (Unix ns; the shell's clock, or the simulator's virtual clock).
public enum LiveInput: Sendable {
    /// Begin the session.
    case start
    /// A WebSocket text frame.
    case frame(String)
    /// The feed connection is open (after a ``LiveEffect/connectFeed``).
    case feedConnected
    /// The feed connection closed, dropped, or could not be opened.
    case feedClosed(reason: String)
    /// A text frame of the reference feed (Binance).
    case referenceFrame(String)
    /// The reference feed's connection is open (after a ``LiveEffect/connectReference(url:)``).
    case referenceConnected
    /// The reference feed's connection closed, dropped, or could not be opened.
    case referenceClosed(reason: String)
    /// An `/exchange` request was answered with this HTTP status and body.
    case exchangeAnswered(id: UInt64, status: Int, body: String)
    /// An `/exchange` request failed without an answer (transport error, timeout): it
    /// may or may not have taken effect.
    case exchangeFailed(id: UInt64, reason: String)
    /// An `/info` request was answered.
    case infoAnswered(id: UInt64, status: Int, body: String)
    /// An `/info` request failed without an answer.
    case infoFailed(id: UInt64, reason: String)
    /// Nothing happened; the time ``LiveDriver/nextWake`` asked for (or any later one).
    case timer
    /// A manual instruction (the operator endpoint).
    case operatorAction(OperatorAction)
    /// Stop: a signal or a fatal problem outside the driver.
    case shutdown(reason: String)
    /// Writing the kill-switch checkpoint failed.
    case checkpointFailed(reason: String)
}

/// Everything the live driver asks the outside world to do, in order.
public enum LiveEffect: Sendable {
    /// Open the feed's WebSocket (answer with `feedConnected` or `feedClosed`).
    case connectFeed
    /// Close the feed (answer with `feedClosed`).
    case closeFeed(reason: String)
    /// Send a text message on the feed (a subscription, a ping).
    case sendOnFeed(String)
    /// Open the reference feed: one WebSocket per URL (their streams are in the URLs),
    /// together one connection: answer with `referenceConnected` once all are open, or
    /// `referenceClosed` when one closes or fails (closing the others), and their frames.
    case connectReference(urls: [String])
    /// Close the reference feed (answer with `referenceClosed`).
    case closeReference(reason: String)
    /// Sign and POST this `/exchange` request (answer with `exchangeAnswered` or
    /// `exchangeFailed`, always: the driver keeps the order in doubt until it knows).
    case postExchange(ExchangeRequest)
    /// POST this `/info` request (answer with `infoAnswered` or `infoFailed`).
    case postInfo(InfoRequest)
    /// Persist the kill-switch checkpoint atomically (temp file, fsync, rename, fsync the
    /// directory) before performing anything that follows; on failure answer
    /// `checkpointFailed`.
    case writeCheckpoint(KillSwitchCheckpoint)
    /// A log line.
    case log(LiveLogLevel, String)
    /// The session is over (the journal is closed): exit with this code.
    case finished(exitCode: Int32)
}

/// How much a log line matters.
public enum LiveLogLevel: String, Sendable {
    case info
    case warning
    case error
}
