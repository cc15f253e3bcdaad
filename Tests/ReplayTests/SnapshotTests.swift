import Engine
@testable import EngineJournal
import Foundation
import Journal
@testable import Replay
@testable import SimulatedExchange
import TestSupport
import Testing

@Suite(.tags(.integration)) struct SnapshotTests {
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

    /// A snapshot's JSON with one field replaced (a tampered or corrupt snapshot).
    static func tampered(_ engine: Engine, _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        let payload = try EngineSnapshot.encode(engine)
        var json = try JSONSerialization.jsonObject(with: Data(payload.dropFirst())) as! [String: Any]
        edit(&json)
        return [payload[0]] + Array(try JSONSerialization.data(withJSONObject: json))
    }

    static func warmEngine() throws -> Engine {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        var market = SyntheticMarket(seed: 3, coins: ["BTC"])
        var engine = try Engine(config: config)
        for i in 0..<3_000 { let (t, e) = market.next(); _ = engine.handle(Stamped(seq: UInt64(i + 1), time: t, event: e)) }
        return engine
    }

    /// A restored engine is validated like a loaded config: a tampered config, or state
    /// that config would never build, is refused with the reason (it used to divide by
    /// zero, index out of range or hang).
    @Test func tamperedSnapshotsAreRefusedWithTheReason() throws {
        let engine = try Self.warmEngine()
        let badLevels = try Self.tampered(engine) { json in
            var config = json["config"] as! [String: Any]
            var quoting = config["quoting"] as! [String: Any]
            quoting["levels"] = -5
            config["quoting"] = quoting
            json["config"] = config
        }
        #expect { try EngineSnapshot.decode(badLevels) } throws: { error in
            "\(error)".contains("quoting.levels")
        }
        let emptyRing = try Self.tampered(engine) { json in
            var coins = json["coins"] as! [[String: Any]]
            var toxicity = coins[0]["toxicity"] as! [String: Any]
            toxicity["imbalances"] = [Double]()
            coins[0]["toxicity"] = toxicity
            json["coins"] = coins
        }
        #expect { try EngineSnapshot.decode(emptyRing) } throws: { error in
            "\(error)".contains("coin BTC: toxicity buckets")
        }
        let farTime = try Self.tampered(engine) { json in json["time"] = Int64.max - 10 }
        #expect { try EngineSnapshot.decode(farTime) } throws: { error in "\(error)".contains("engine time") }
        let noCoins = try Self.tampered(engine) { json in json["coins"] = [Any]() }
        #expect { try EngineSnapshot.decode(noCoins) } throws: { error in "\(error)".contains("0 coins") }
    }

    /// Random byte changes inside a snapshot either fail to decode, fail validation, or
    /// give an engine that runs on without trapping.
    @Test func randomlyCorruptedSnapshotsNeverTrap() throws {
        let engine = try Self.warmEngine()
        let payload = try EngineSnapshot.encode(engine)
        var random = Xoshiro256StarStar(seed: 99)
        var market = SyntheticMarket(seed: 4, coins: ["BTC"])
        let later = (0..<200).map { _ in market.next() }
        var refused = 0
        for _ in 0..<300 {
            var bytes = payload
            let at = 1 + Int(random.next() % UInt64(bytes.count - 1))
            let alphabet = Array("0123456789-.e,:\"{}[]".utf8)
            bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            guard var restored = try? EngineSnapshot.decode(bytes) else { refused += 1; continue }
            for (i, (time, event)) in later.enumerated() {
                _ = restored.handle(Stamped(seq: UInt64(5_000 + i), time: time, event: event))
            }
        }
        #expect(refused > 0)
    }

    /// A bad snapshot inside a journal is reported with the journal's path and its seq.
    @Test func aBadSnapshotInAJournalIsNamedByFileAndSeq() throws {
        let dirScratch = Scratch("badsnap")
        let dir = dirScratch.path
        let path = dir + "/bad.mmj"
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 5, coins: ["BTC"])
        for _ in 0..<4 { let (t, e) = market.next(); try writer.append(e, time: t) }
        let engine = try Self.warmEngine()
        let bad = try Self.tampered(engine) { json in json["headroom"] = 7.5 }
        try writer.append(type: EngineRecord.snapshotTag, time: market.next().0, payload: bad)
        for _ in 0..<4 { let (t, e) = market.next(); try writer.append(e, time: t) }
        try writer.close()
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        #expect { try ReplayRunner(config: config).run(path: path, from: .seq(8)) } throws: { error in
            let text = "\(error)"
            return text.contains("engine snapshot at seq 5 of \(path)") && text.contains("headroom")
        }
    }

    @Test func snapshotsRejectUnknownVersions() {
        #expect(throws: (any Error).self) { try EngineSnapshot.decode([2, 123, 125]) }
        #expect(throws: (any Error).self) { try EngineSnapshot.decode([1, 0x7B]) }
    }

    /// Entering a replay's journal at a seq gives exactly the commands the full run gave
    /// from that seq on.
    @Test func replayFromSeqMatchesTheFullRunsTail() throws {
        let dirScratch = Scratch("snap")
        let dir = dirScratch.path
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
        // Another config cannot continue the snapshot's state: refused, naming file and seq.
        var other = config
        other.quoting.levels = 2
        #expect { try ReplayRunner(config: other).run(path: full, from: .seq(from)) } throws: { error in
            let text = "\(error)"
            return text.contains(full) && text.contains("at seq ") && text.contains("quoting.levels")
        }
        let expected = try commands(full, fromInputSeq: from)
        let actual = try commands(tail, fromInputSeq: 0)
        #expect(!expected.isEmpty)
        #expect(actual == expected)
    }
}
