import Foundation
import Live
import Logging
import Synchronization
import WSClient

/// A value shared with concurrently running tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { self.value.withLock { $0 } }
    func set(_ value: Value) { self.value.withLock { $0 = value } }
}

/// Which feed a connection carries: the inputs it reports.
enum FeedKind: Sendable {
    /// Hyperliquid's market data and account streams.
    case hyperliquid
    /// The cross-venue reference feed (Binance).
    case reference

    var connected: LiveInput { self == .hyperliquid ? .feedConnected : .referenceConnected }
    func frame(_ text: String) -> LiveInput { self == .hyperliquid ? .frame(text) : .referenceFrame(text) }
    func closed(_ reason: String) -> LiveInput { self == .hyperliquid ? .feedClosed(reason: reason) : .referenceClosed(reason: reason) }
}

/// One WebSocket connection of a feed (WSClient from swift-websocket): reports
/// `feedConnected`, every text frame with its receive time, and `feedClosed` once, with
/// the reason (the `reference...` inputs for the reference feed). Messages the driver sends (subscriptions, pings) go out in order. It
/// never reconnects by itself: the driver decides when (the runbook's backoff).
final class FeedConnection: Sendable {
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Task<Void, Never>

    private init(outgoing: AsyncStream<String>.Continuation, task: Task<Void, Never>) {
        self.outgoing = outgoing
        self.task = task
    }

    static func open(url: String, kind: FeedKind = .hyperliquid, runner: LiveRunner) -> FeedConnection {
        let continuation = runner.continuation
        return self.open(url: url, kind: kind) { continuation.yield(StampedInput(input: $0, time: Clock.now())) }
    }

    /// Opens a connection that hands what happens to `report` (as it happens).
    static func open(url: String, kind: FeedKind, report: @escaping @Sendable (LiveInput) -> Void) -> FeedConnection {
        let (messages, outgoing) = AsyncStream<String>.makeStream()
        let task = Task {
            var logger = Logger(label: "mm-live.ws")
            logger.logLevel = .critical
            let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, autoPing: .disabled)
            var reason = "closed by the server"
            let opened = Shared(false)
            do {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                    opened.set(true)
                    report(kind.connected)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in messages { try await outbound.write(.text(text)) }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 24) {
                                if case .text(let text) = message { report(kind.frame(text)) }
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            } catch is CancellationError {
                reason = "closed"
            } catch {
                reason = Task.isCancelled ? "closed" : "\(error)"
            }
            if Task.isCancelled { reason = "closed by us" }
            report(kind.closed(opened.get() ? reason : "connect failed: \(reason)"))
        }
        return FeedConnection(outgoing: outgoing, task: task)
    }

    /// Sends a text message (in order with the others).
    func send(_ text: String) { self.outgoing.yield(text) }

    /// Closes the connection; `feedClosed` follows.
    func close() {
        self.outgoing.finish()
        self.task.cancel()
    }
}
