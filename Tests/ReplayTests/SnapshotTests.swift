import Engine
import Foundation
import Journal
@testable import Replay
import Testing

@Suite struct SnapshotTests {
    /// A restored snapshot continues exactly like the engine it was taken from.
    @Test func aRestoredEngineContinuesBitForBit() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        var market = SyntheticMarket(seed: 12, coins: ["BTC"])
        var events: [(Int64, Event)] = []
        for _ in 0..<20_000 { events.append(market.next()) }
        var original = try Engine(config: config)
        for (i, (time, event)) in events.prefix(10_000).enumerated() {
            _ = original.handle(Stamped(seq: UInt64(i + 1), time: time, event: event))
        }
        // Some orders, fills and a kill-switch reset make the state non-trivial.
        _ = original.handle(Stamped(seq: 10_001, time: events[9_999].0, event: .operator(.kill(reason: "test"))))
        _ = original.handle(Stamped(seq: 10_002, time: events[9_999].0, event: .operator(.resetKillSwitch)))
        let snapshot = try EngineSnapshot.encode(original)
        var restored = try EngineSnapshot.decode(snapshot)
        #expect(try EngineSnapshot.encode(restored) == snapshot)  // byte-identical re-encoding
        #expect(restored.state == original.state)
        for (i, (time, event)) in events.dropFirst(10_000).enumerated() {
            let stamped = Stamped(seq: UInt64(10_003 + i), time: time, event: event)
            #expect(restored.handle(stamped) == original.handle(stamped))
        }
    }

    @Test func snapshotsRejectUnknownVersions() {
        #expect(throws: (any Error).self) { try EngineSnapshot.decode([2, 123, 125]) }
        #expect(throws: (any Error).self) { try EngineSnapshot.decode([1, 0x7B]) }
    }

    /// Entering a replay's journal at a seq gives exactly the commands the full run gave
    /// from that seq on.
    @Test func replayFromSeqMatchesTheFullRunsTail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let capture = dir + "/capture.mmj"
        let writer = try JournalWriter(creating: capture, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 5, coins: ["BTC"])
        for _ in 0..<60_000 { let (t, e) = market.next(); try writer.append(e, time: t) }
        try writer.close()
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        let full = dir + "/full.mmj"
        _ = try ReplayRunner(config: config).run(path: capture, output: full)
        // The full run's journal has snapshots; enter it well past the first one.
        let from: UInt64 = 50_000
        let tail = dir + "/tail.mmj"
        let summary = try ReplayRunner(config: config).run(path: full, output: tail, from: .seq(from))
        #expect(summary.events > 0)
        func commands(_ path: String, fromInputSeq: UInt64) throws -> [Command] {
            let reader = try JournalReader(path: path)
            var counting = false
            var out: [Command] = []
            while let record = try reader.next() {
                guard EngineRecord.typeName(ofTag: record.type) != nil else { continue }
                switch try record.decode() {
                case .input: counting = record.seq >= fromInputSeq
                case .output(let command): if counting { out.append(command) }
                }
            }
            return out
        }
        let expected = try commands(full, fromInputSeq: from)
        let actual = try commands(tail, fromInputSeq: 0)
        #expect(!expected.isEmpty)
        #expect(actual == expected)
    }
}
