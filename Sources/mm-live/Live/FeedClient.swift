import Foundation
import Live
import Logging
import WSClient

/// A value shared with the WebSocket handler (which runs concurrently).
final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { self.lock.withLock { self.value } }
    func set(_ value: Value) { self.lock.withLock { self.value = value } }
}

/// The WebSocket feed: connects, sends the subscriptions, pings every 30 s (the server
/// closes connections silent for 60 s), hands every text frame to the live loop with
/// its receive time, and reconnects with the runbook backoff (1 s doubling to 60 s, 10
/// attempts), resubscribing each time. Connection changes become engine inputs.
struct FeedClient: Sendable {
    let url: String
    let subscriptions: [String]
    let inputs: AsyncStream<LiveInput>.Continuation

    func run() async {
        var schedule = ReconnectSchedule()
        let connected = Shared(false)
        var logger = Logger(label: "mm-live.ws")
        logger.logLevel = .critical
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, autoPing: .disabled)
        while !Task.isCancelled {
            connected.set(false)
            var reason = "closed by the server"
            do {
                try await WebSocketClient.connect(url: self.url, configuration: configuration, logger: logger) { inbound, outbound, _ in
                    connected.set(true)
                    LiveLog.line("feed connected to \(self.url)")
                    self.inputs.yield(.connection(.connected, at: Clock.now()))
                    for subscription in self.subscriptions { try await outbound.write(.text(subscription)) }
                    let pinger = Task {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(30))
                            try await outbound.write(.text(#"{"method":"ping"}"#))
                        }
                    }
                    defer { pinger.cancel() }
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        if case .text(let text) = message { self.inputs.yield(.frame(text, receivedAt: Clock.now())) }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                reason = "\(error)"
            }
            if Task.isCancelled { return }
            if connected.get() {
                schedule.reset()
                LiveLog.line("feed disconnected: \(reason)")
                self.inputs.yield(.connection(.disconnected(reason: reason), at: Clock.now()))
            } else {
                LiveLog.line("feed connection failed: \(reason)")
            }
            guard let delay = schedule.nextDelayMilliseconds() else {
                LiveLog.line("feed: \(ReconnectSchedule.maxAttempts) reconnect attempts failed; giving up")
                self.inputs.yield(.connection(.failed(reason: "\(ReconnectSchedule.maxAttempts) reconnect attempts failed"), at: Clock.now()))
                return
            }
            LiveLog.line("feed: reconnect attempt \(schedule.attempts) in \(delay) ms")
            self.inputs.yield(.connection(.reconnecting(attempt: schedule.attempts), at: Clock.now()))
            try? await Task.sleep(for: .milliseconds(delay))
        }
    }
}
