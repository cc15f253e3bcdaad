import Foundation
import Live
@testable import mm_live
import TestSupport
import Testing

/// The reference feed's sockets against hl-sim's Binance feed: two routed sockets are one
/// connection to the driver (connected once both are open, closed once), and a socket
/// that cannot open closes the whole.
@Suite(.serialized, .tags(.endToEnd)) struct ReferenceConnectionTests {
    /// The inputs `urls` report until `done` holds of them (or 30 s passed), then after a close.
    static func inputs(urls: [String], until done: @escaping ([LiveInput]) -> Bool) async throws -> (open: [LiveInput], closed: [LiveInput]) {
        let (stream, continuation) = AsyncStream<StampedInput>.makeStream()
        let collected = Shared<[LiveInput]>([])
        let reader = Task { for await stamped in stream { collected.set(collected.get() + [stamped.input]) } }
        let connection = ReferenceConnection.open(urls: urls, continuation: continuation)
        for _ in 0..<300 where !done(collected.get()) { try await Task.sleep(for: .milliseconds(100)) }
        let open = collected.get()
        connection.close()
        // The close is reported asynchronously: wait for it (up to 10 s on a loaded
        // machine), then a little longer for anything that would wrongly follow it.
        for _ in 0..<100 where !collected.get().dropFirst(open.count).contains(where: { if case .referenceClosed = $0 { true } else { false } }) {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(300))
        continuation.finish()
        _ = await reader.value
        return (open, Array(collected.get().dropFirst(open.count)))
    }

    static func count(_ inputs: [LiveInput], _ match: (LiveInput) -> Bool) -> Int { inputs.filter(match).count }

    @Test func twoSocketsAreOneConnection() async throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let base = "ws" + url.dropFirst("http".count) + "/binance/stream?streams="
        let (open, closed) = try await Self.inputs(urls: [base + "btcusdt@bookTicker", base + "btcusdt@aggTrade"]) { inputs in
            Self.count(inputs) { if case .referenceFrame(let text) = $0 { text.contains(#""e":"aggTrade""#) } else { false } } > 0
                && Self.count(inputs) { if case .referenceFrame(let text) = $0 { text.contains(#""e":"bookTicker""#) } else { false } } > 5
        }
        #expect(Self.count(open) { if case .referenceConnected = $0 { true } else { false } } == 1, "\(open.prefix(3))")
        #expect(Self.count(open) { if case .referenceFrame(let text) = $0 { text.contains(#""e":"bookTicker""#) } else { false } } > 5)
        #expect(Self.count(open) { if case .referenceFrame(let text) = $0 { text.contains(#""e":"aggTrade""#) } else { false } } > 0)
        #expect(Self.count(open) { if case .referenceClosed = $0 { true } else { false } } == 0)
        #expect(Self.count(closed) { if case .referenceClosed = $0 { true } else { false } } == 1, "\(closed)")
        // In the order reported, (almost) nothing follows the close: a frame that passed
        // its socket's check just before may land after it, never a stream of them.
        let all = open + closed
        let closedAt = try #require(all.firstIndex { if case .referenceClosed = $0 { true } else { false } })
        #expect(Self.count(Array(all[(closedAt + 1)...])) { if case .referenceFrame = $0 { true } else { false } } <= 2, "frames after the close")
    }

    @Test func aSocketThatCannotOpenClosesTheWhole() async throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let base = "ws" + url.dropFirst("http".count)
        let (open, closed) = try await Self.inputs(urls: [base + "/binance/stream?streams=btcusdt@bookTicker", base + "/no-such-path"]) { inputs in
            inputs.contains { if case .referenceClosed = $0 { true } else { false } }
        }
        let all = open + closed
        #expect(Self.count(all) { if case .referenceConnected = $0 { true } else { false } } == 0, "\(all.prefix(3))")
        #expect(Self.count(all) { if case .referenceClosed(let reason) = $0 { reason.hasPrefix("connect failed") } else { false } } == 1, "\(all.filter { if case .referenceFrame = $0 { false } else { true } })")
    }
}
