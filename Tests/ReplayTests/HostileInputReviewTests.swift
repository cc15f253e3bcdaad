import Engine
@testable import EngineJournal
import Foundation
import Journal
@testable import Replay
@testable import Research
@testable import SimulatedExchange
import TestSupport
import Testing
import JSON

/// Follow-ups of the hostile-input review in the Replay library; each test names the old
/// behaviour.
@Suite(.tags(.integration)) struct HostileInputReviewTests {
    /// Was: years were 1970...2099, so the last valid time, 2100-01-01T00:00:00Z
    /// (``Limits/latestTime``), was refused as bad_timestamp.
    @Test func archiveTimesAreAcceptedExactlyUpToTheLatestValidTime() {
        #expect(ArchiveLine.unixNanoseconds(iso: "2100-01-01T00:00:00Z") == Limits.latestTime)
        #expect(ArchiveLine.unixNanoseconds(iso: "2100-01-01T00:00:00.000000000") == Limits.latestTime)
        #expect(ArchiveLine.unixNanoseconds(iso: "2099-12-31T23:59:59.999999999Z") == Limits.latestTime - 1)
        #expect(ArchiveLine.unixNanoseconds(iso: "2100-01-01T00:00:00.000000001Z") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "2100-12-31T23:59:59Z") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "2101-01-01T00:00:00Z") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "1970-01-01T00:00:00Z") == 0)
        let trade = #"{"coin":"BTC","side":"B","time":"2100-01-01T00:00:00","px":"100.0","sz":"1","hash":"0x1","tid":7}"#
        guard case .success(let (stamp, _)) = ArchiveLine.decode(Array(trade.utf8)[...]) else {
            Issue.record("a trade at the latest valid time was refused"); return
        }
        #expect(stamp == Limits.latestTime)
    }

    /// Was: "split it into shards of smaller specs", though --shard does not help (the
    /// cap applies to the spec itself).
    @Test func anOversizedSweepSaysToSplitTheSpec() {
        let spec = "[grid]\n" + ["quoting.levels", "strategy.gamma", "strategy.kappa"].map { field in
            "\"\(field)\" = [" + (1...100).map { String($0) }.joined(separator: ", ") + "]\n"
        }.joined()
        #expect { try SweepSpec.parse(spec) } throws: { error in
            "\(error)".contains("at most 100000 — split the spec into several smaller specs") && !"\(error)".contains("shard")
        }
    }

    /// Was: `record time: time … ns is outside …`, naming neither the journal nor the
    /// record's seq (replay, backtest, verify, report, --latency-from).
    @Test func aRecordOutsideTheLimitsIsNamedByJournalAndSeq() throws {
        let dirScratch = Scratch("review")
        let dir = dirScratch.path
        let path = dir + "/far.mmj"
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 1, coins: ["BTC"])
        var (time, event) = market.next()
        while case .trades = event { (time, event) = market.next() }
        try writer.append(event, time: time)
        try writer.append(event, time: Int64.max - 5)
        try writer.close()
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        let expected = RecordDecodingError(path: path, seq: 2, type: "book", reason: "record time: \(Limits.timeProblem(Int64.max - 5)!) (the valid ranges are in docs/limits.md)")
        #expect(throws: expected) { try ReplayRunner(config: config).run(path: path) }
        #expect(throws: expected) { try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [path]) }
        // And every other reader of engine records: verify, report, --latency-from.
        #expect(throws: expected) { try VerifyRunner(config: config).run(path: path) }
        #expect(throws: expected) { try JournalReport(path: path, config: config) }
        #expect(throws: expected) { try LatencyModel.fromJournal(path) }
        #expect(expected.description.hasPrefix("\(path): record seq 2 (type book) does not decode: record time: time "))
    }

    /// Replay and backtest report a torn tail they stopped before (they used to drop it
    /// silently); a run stopped early reports none.
    @Test func runsReportTheTornTailTheyStoppedBefore() throws {
        let dirScratch = Scratch("review")
        let dir = dirScratch.path
        let path = dir + "/torn.mmj"
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]),
                                       options: JournalWriterOptions(frameSize: 4096, flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 2, coins: ["BTC"])
        for _ in 0..<500 {
            let (time, event) = market.next()
            try writer.append(event, time: time)
        }
        try writer.flush()
        let intact = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        // Another frame, cut short as a crash would leave it.
        for _ in 0..<50 {
            let (time, event) = market.next()
            try writer.append(event, time: time)
        }
        try writer.flush()
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(written.count > intact + 20)
        try writer.close()
        try written.prefix(intact + 20).write(to: URL(fileURLWithPath: path))
        let torn = TornTail(path: path, offset: UInt64(intact), bytes: 20)
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        let replay = try ReplayRunner(config: config).run(path: path)
        #expect(replay.tornTails == [torn])
        #expect(replay.events == 500)
        #expect(try ReplayRunner(config: config).run(path: path, untilSeq: 10).tornTails.isEmpty)
        let backtest = try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [path])
        #expect(backtest.replay.tornTails == [torn])
    }

    /// Live sessions' undecodable frames (record type 0x300) have a name and readable
    /// fields (they were `unknown(0x300)` with `command: unknown tag 768`).
    @Test func wireErrorRecordsRender() throws {
        #expect(EngineRecord.recordTypeName(ofTag: 0x0300) == "wire_error")
        #expect(EngineRecord.recordTag(ofTypeName: "wire_error") == 0x0300)
        let record = WireErrorRecord(reason: "malformed JSON", frame: "{\"a\":\n1")
        #expect(try WireErrorRecord(payload: record.payload) == record)
        #expect(try WireErrorRecord(payload: Array("no newline".utf8)) == WireErrorRecord(reason: "no newline", frame: ""))
        var json = JSONWriter()
        JournalRecord(seq: 4, time: 9, type: 0x0300, payload: record.payload[...]).renderJSON(to: &json)
        #expect(json.text == #"{"seq":4,"time":9,"type":"wire_error","reason":"malformed JSON","frame":"{\"a\":\n1"}"#)
    }
}
