@testable import ConfigFile
import Engine
import EngineJournal
import Foundation
import JSON
import Journal
import Replay
import SimulatedExchange
import TestSupport
import Testing

/// Journal headers come from one builder (`JournalProvenance`): a derived journal records
/// the config that ran and its hash, and a restore refuses a config it cannot continue.
@Suite(.tags(.integration)) struct JournalProvenanceTests {
    static let recordings = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../recordings").standardized.path

    /// The recorded config of `path` with one field changed: the `--config X` of a user.
    static func otherConfig(than path: String) throws -> EngineConfig {
        var config = try #require(try ConfigFile.recordedConfig(of: path))
        config.quoting.minHalfSpreadBps += 1
        return config
    }

    /// `replay --config X --out`: the new journal's `config_hash` is X's (it used to keep
    /// the source's hash while recording X), and `parent_config_hash` is the source's.
    @Test func aReplayRecordsTheHashOfTheConfigThatRan() throws {
        let scratch = Scratch()
        let source = scratch.file("cold-start.mmj")
        try Scenario.coldStart.generate(seed: 1, output: source)
        let parent = try JournalReader(path: source).metadata
        let other = try Self.otherConfig(than: source)
        _ = try ReplayRunner(config: other).run(path: source, output: scratch.file("replay.mmj"))
        let header = try JournalReader(path: scratch.file("replay.mmj")).metadata
        #expect(header.mode == .replay)
        #expect(header.config == ConfigFile.renderTOML(other))
        #expect(header.configHash == JournalProvenance.hash(of: other))
        #expect(header.configHash != parent.configHash)
        #expect(header.parentConfigHash == parent.configHash)
        #expect(header.sources == ["cold-start.mmj"])
    }

    /// `backtest --config X --out` of a capture that records its own config: the
    /// backtest's header names X's hash, not the capture's.
    @Test func aBacktestRecordsTheHashOfTheConfigThatRan() throws {
        let scratch = Scratch()
        var recorded = EngineConfig()
        recorded.coins = [recorded.coins[0]]
        let capture = scratch.file("capture.mmj")
        let captureHeader = try JournalProvenance(mode: .record, config: recorded, engineVersion: "test", clockAnchorUnixNanos: 0).metadata()
        let writer = try JournalWriter(creating: capture, metadata: captureHeader, options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 5, coins: ["BTC"])
        for _ in 0..<500 { let (time, event) = market.next(); try writer.append(event, time: time) }
        try writer.close()
        var other = recorded
        other.quoting.minHalfSpreadBps += 1
        _ = try BacktestRunner(config: other, exchange: SimExchangeConfig()).run(captures: [capture], output: scratch.file("bt.mmj"))
        let header = try JournalReader(path: scratch.file("bt.mmj")).metadata
        #expect(header.mode == .backtest)
        #expect(header.configHash == JournalProvenance.hash(of: other))
        #expect(header.configHash == header.config.map(JournalProvenance.hash(ofConfigText:)))
        #expect(header.parentConfigHash == captureHeader.configHash)
        #expect(header.sources == ["capture.mmj"])
        #expect(header.extra?["sim_seed"] == String(SimExchangeConfig().seed))
    }

    /// `replay --config X --from-seq N` restores a snapshot taken under the recorded
    /// config: it refuses X, saying how to go on, instead of running the snapshot's
    /// config while claiming X. With the recorded config it continues.
    @Test func aRestoreRefusesAnotherConfig() throws {
        let path = Self.recordings + "/backtest-btc-eth.mmj"
        var last: UInt64 = 0
        let reader = try JournalReader(path: path)
        while let record = try reader.next() { last = record.seq }
        let recorded = try #require(try ConfigFile.recordedConfig(of: path))
        let other = try Self.otherConfig(than: path)
        #expect(try EngineSnapshot.latest(in: path, before: .seq(last)) != nil, "the recording holds a snapshot")
        let error = try #require(throws: SnapshotError.self) { try ReplayRunner(config: other).run(path: path, from: .seq(last)) }
        #expect(error.description.contains("another config"))
        #expect(error.description.contains("drop --config/--profile"))
        #expect(error.description.contains("min_half_spread_bps"))
        _ = try ReplayRunner(config: recorded).run(path: path, from: .seq(last))
    }

    /// Every header the builder writes keeps `config` and `config_hash` together, and a
    /// checkpoint is the one the engine starts from, not one inherited from the parent.
    @Test func theBuilderKeepsConfigAndHashTogether() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        let checkpoint = KillSwitchCheckpoint(triggered: true, reasons: [.manual(reason: "t")], time: 5)
        let live = try JournalProvenance(mode: .run, config: config, engineVersion: "v", checkpoint: checkpoint, details: ["network": "n"]).metadata()
        #expect(live.configHash == JournalProvenance.hash(ofConfigText: try #require(live.config)))
        #expect(try KillSwitchCheckpoint.recorded(in: live) == checkpoint)
        let derived = try JournalProvenance(mode: .backtest, config: config, parent: live, sources: ["/a/b/live.mmj"]).metadata()
        #expect(try KillSwitchCheckpoint.recorded(in: derived) == nil)
        #expect(derived.extra?["network"] == "n" && derived.sources == ["live.mmj"] && derived.engineVersion == "v")
        let synthetic = try JournalProvenance.syntheticMarket(coins: ["BTC"], seed: 3, engineVersion: "v").metadata()
        #expect(synthetic.config == nil && synthetic.configHash == nil && synthetic.mode == .synthetic)
    }

    /// The checkpoint is a JSON object of the header (not JSON text inside `extra`), it
    /// survives a journal's write and read, and a header written the old way still reads.
    @Test func theCheckpointIsAnObjectOfTheHeader() throws {
        let checkpoint = KillSwitchCheckpoint(triggered: true, reasons: [.maxLoss(loss: 1234.5, limit: 1000)], time: 7, triggeredAt: 6)
        let metadata = try JournalProvenance(mode: .run, config: EngineConfig(), engineVersion: "v", checkpoint: checkpoint).metadata()
        #expect(metadata.extra?[KillSwitchCheckpoint.legacyHeaderKey] == nil)
        let header = try OrderedJSON(parsing: metadata.jsonBytes())
        guard case .object = try #require(header["kill_switch_checkpoint"]) else {
            Issue.record("kill_switch_checkpoint is not an object: \(String(describing: header["kill_switch_checkpoint"]))")
            return
        }
        let path = temporaryPath("checkpoint-header", suffix: ".mmj")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JournalWriter(creating: path, metadata: metadata).close()
        #expect(try KillSwitchCheckpoint.recorded(in: JournalReader(path: path).metadata) == checkpoint)
        let legacy = JournalMetadata(coins: ["BTC"], extra: [KillSwitchCheckpoint.legacyHeaderKey: try KillSwitchCheckpoint.encodeJSON(checkpoint)])
        #expect(try KillSwitchCheckpoint.recorded(in: legacy) == checkpoint)
    }
}
