import Engine
import Foundation
import Journal
import Research
import SimulatedExchange
import TestSupport
import Testing

/// Follow-ups of the hostile-input review on the `mm-replay` side: every bad input gets a
/// message naming what and where, and the help says what the commands do. Each test
/// names the old behaviour.
@Suite(.tags(.endToEnd)) struct HostileInputReviewCLITests {
    /// A synthesized journal whose last frame is cut short (a torn tail); returns the
    /// offset and size of the tail as `journal stat` reports them.
    static func tornJournal(_ path: String) throws -> (offset: Int, bytes: Int) {
        _ = try JournalHostileCLITests.synth(path, events: 3000)
        let unclosed = JournalHostileCLITests.withoutIndex(contents(path))
        store(Array(unclosed.dropLast(100)), path)
        let stat = try MMReplay.run(["journal", "stat", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any], "\(stat.stdout)")
        let torn = try #require(object["torn_tail"] as? [String: Any], "\(stat.stdout)")
        return (try #require(torn["offset"] as? Int), try #require(torn["bytes"] as? Int))
    }

    /// Was: `replay` and `backtest` used the records before a torn tail silently (exit 0,
    /// nothing on standard error), though the help promised exit status 2.
    @Test func replayAndBacktestWarnAboutATornTail() throws {
        let scratch = Scratch()
        let path = scratch.file("torn.mmj")
        let (offset, bytes) = try Self.tornJournal(path)
        let warning = "warning: \(path) ends with a torn tail at offset \(offset): \(bytes) byte(s) of an incomplete frame ignored, the records before it used; `mm-replay journal repair` truncates it"
        for arguments in [["replay", path], ["replay", path, "--json"], ["backtest", path], ["backtest", path, "--json"]] {
            let run = try MMReplay.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(run.stdout.contains("digest"), "\(arguments): \(run.stdout)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines.first.map(String.init) == warning, "\(arguments): \(run.stderr)")
        }
        // Stopping before the end reads nothing of the tail: no warning.
        let early = try MMReplay.run(["replay", path, "--until-seq", "10"])
        #expect(early.status == 0 && early.stderr.isEmpty, "\(early.stderr)")
        // The help says which commands exit 2 and which warn.
        let help = try MMReplay.run(["--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("2 `journal verify`: the journal ends with a torn tail"), "\(help)")
        #expect(help.contains("`replay` and `backtest` use the records before a torn tail, warn on standard error and exit 0"), "\(help)")
    }

    /// Was: "the input holds no valid l2Book or trades data (see the skipped counts with
    /// --json)", and --json printed nothing.
    @Test func anImportWithoutMarketDataCountsWhatItSkipped() throws {
        let scratch = Scratch()
        let lines = Array(repeating: "not json", count: 10) + Array(repeating: #"{"channel":"pong"}"#, count: 2)
        try (lines.joined(separator: "\n") + "\n").write(toFile: scratch.file("junk.txt"), atomically: true, encoding: .utf8)
        for json in [false, true] {
            let run = try MMReplay.run(["import", "hl-ws", scratch.file("junk.txt"), "--out", scratch.file("junk.mmj")] + (json ? ["--json"] : []))
            #expect(run.status == 1)
            #expect(run.stderr.contains("error: the input holds no valid l2Book or trades data: 12 line(s) read, 12 skipped: malformed_json 10, not_market_data 2"),
                    "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: scratch.file("junk.mmj")))
        }
    }

    /// Was: `journal synth --out existing.mmj --force --level 99` removed the old journal
    /// and then failed on the level (exit 1, journal gone).
    @Test func synthChecksEveryOptionBeforeTouchingTheOutput() throws {
        let scratch = Scratch()
        let path = scratch.file("existing.mmj")
        let original = try JournalHostileCLITests.synth(path, events: 100)
        let cases: [(arguments: [String], message: String)] = [
            (["--level", "99"], "--level: zstd level 99 is outside -7...-1 and 1...22"),
            (["--frame-size", "10"], "--frame-size: frame size 10 is outside 1 KiB...32 MiB"),
            (["--events", "0"], "--events must be within 1...1000000000, got 0"),
            (["--flush-interval-ms=-1"], "--flush-interval-ms must be within 0...3600000 (an hour), got -1"),
        ]
        for c in cases {
            let run = try MMReplay.run(["journal", "synth", "--out", path, "--force"] + c.arguments)
            #expect(run.status == 1, "\(c.arguments): \(run.status)")
            #expect(run.stderr.contains(c.message), "\(c.arguments): \(run.stderr)")
            #expect(contents(path) == original, "\(c.arguments): the existing journal was touched")
        }
        // journal bench checks the same options up front.
        let bench = try MMReplay.run(["journal", "bench", "--events", "10", "--level", "99"])
        #expect(bench.status == 1 && bench.stderr.contains("--level: zstd level 99 is outside -7...-1 and 1...22"), "\(bench.stderr)")
    }

    /// Was: `error: record time: time … ns is outside …`, naming neither the journal nor
    /// the record.
    @Test func replayAndBacktestNameTheJournalAndSeqOfARecordOutsideTheLimits() throws {
        let scratch = Scratch()
        let path = scratch.file("far.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 1, coins: ["BTC"])
        var (time, event) = market.next()
        while case .trades = event { (time, event) = market.next() }
        try writer.append(event, time: time)
        try writer.append(event, time: time + 1)
        try writer.append(event, time: Int64.max - 5)
        try writer.close()
        let expected = "error: \(path): record seq 3 (type book) does not decode: record time: time \(Int64.max - 5) ns is outside the valid range"
        for command in ["replay", "backtest"] {
            let run = try MMReplay.run([command, path])
            #expect(run.status == 1, "\(command): \(run.status)")
            #expect(run.stderr.contains(expected), "\(command): \(run.stderr)")
        }
    }

    /// Was: no upper bound (`--jobs 100000` started a thread per pending job; huge
    /// `--events` or `--flush-interval-ms` were taken as given).
    @Test func optionsHaveUpperBounds() throws {
        let scratch = Scratch()
        let cases: [(arguments: [String], message: String)] = [
            (["sweep", "spec.toml", "c.mmj", "--out", scratch.file("o"), "--jobs", "1025"], "--jobs must be within 1...1024, got 1025"),
            (["sweep", "spec.toml", "c.mmj", "--out", scratch.file("o"), "--jobs", "0"], "--jobs must be within 1...1024, got 0"),
            (["journal", "synth", "--out", scratch.file("s.mmj"), "--events", "1000000001"], "--events must be within 1...1000000000, got 1000000001"),
            (["journal", "synth", "--out", scratch.file("s.mmj"), "--flush-interval-ms", "3600001"],
             "--flush-interval-ms must be within 0...3600000 (an hour), got 3600001"),
        ]
        for c in cases {
            let run = try MMReplay.run(c.arguments)
            #expect(run.status == 1, "\(c.arguments): \(run.status)")
            #expect(run.stderr.contains(c.message), "\(c.arguments): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("s.mmj")))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("o")))
    }

    /// Was: `"type":"unknown(0x300)"` with `"error":"command: unknown tag 768"`, and
    /// `--type wire_error` was refused.
    @Test func liveWireErrorRecordsAreNamedAndReadable() throws {
        let scratch = Scratch()
        let path = scratch.file("live.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        try writer.append(EngineRecord.input(.tick), time: 1_000)
        // What a live session writes for an undecodable frame: UTF-8 `reason\nframe`.
        try writer.append(type: 0x0300, time: 2_000, payload: Array("malformed JSON\n{\"channel\":\n\"l2Book\"".utf8))
        try writer.close()

        let cat = try MMReplay.run(["journal", "cat", path, "--type", "wire_error"])
        #expect(cat.status == 0, "\(cat.stderr)")
        let lines = cat.stdout.split(separator: "\n")
        try #require(lines.count == 1, "\(cat.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["type"] as? String == "wire_error")
        #expect(object["reason"] as? String == "malformed JSON")
        #expect(object["frame"] as? String == "{\"channel\":\n\"l2Book\"")
        #expect(object["error"] == nil)

        let stat = try MMReplay.run(["journal", "stat", path, "--json"])
        let statObject = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any])
        #expect((statObject["types"] as? [String: Int]) == ["tick": 1, "wire_error": 1], "\(stat.stdout)")
        #expect(try MMReplay.run(["journal", "stat", path]).stdout.contains("wire_error"))
        #expect(try MMReplay.run(["journal", "verify", path]).status == 0)
        #expect(try MMReplay.run(["replay", path]).status == 0)

        // A payload that is not UTF-8: cat shows why, verify names the record.
        let bad = scratch.file("bad.mmj")
        let badWriter = try JournalWriter(creating: bad, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        try badWriter.append(type: 0x0300, time: 2_000, payload: [0x72, 0x0A, 0xFF, 0xFE])
        try badWriter.close()
        let badCat = try MMReplay.run(["journal", "cat", bad])
        #expect(badCat.stdout.contains(#""type":"wire_error","payload_bytes":4,"error":"wire_error: invalid value at byte 0: payload is not valid UTF-8""#), "\(badCat.stdout)")
        let verify = try MMReplay.run(["journal", "verify", bad])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("\(bad): record seq 1 (type wire_error) does not decode: wire_error: invalid value at byte 0: payload is not valid UTF-8"),
                "\(verify.stderr)")
    }

    /// Was: the sweep help's example named `strategy.kappa_prior` (no such field), and
    /// `config check --help` gave the rules as "gamma > 0, kappa > 0", without bounds.
    @Test func helpExamplesAndRulesAreTrue() throws {
        let sweepHelp = try MMReplay.run(["sweep", "--help"]).stdout
        let helpLines = sweepHelp.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let first = try #require(helpLines.firstIndex { $0.hasPrefix("objective =") }, "\(sweepHelp)")
        let last = try #require(helpLines[first...].firstIndex { $0.contains("min =") }, "\(sweepHelp)")
        let example = helpLines[first...last].joined(separator: "\n")
        let spec = try SweepSpec.parse(example, source: "sweep --help")
        #expect(throws: Never.self, "\(example)") { _ = try SweepPlan(spec: spec, base: EngineConfig(), captures: ["a.mmj"]) }

        let checkHelp = try MMReplay.run(["config", "check", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!checkHelp.contains("gamma > 0, kappa > 0"), "\(checkHelp)")
        for path in ["strategy.gamma", "strategy.kappa", "quoting.levels"] {
            let rule = try #require(EngineConfig.parameters.first { $0.path == path }?.rule)
            #expect(checkHelp.contains("\(path) \(rule)"), "\(path): \(checkHelp)")
        }
        #expect(checkHelp.contains("strategy.gamma in (0, 1e6]"), "\(checkHelp)")
        #expect(checkHelp.contains("max_inventory > 0, at most \(Limits.largestSize), >= order_size"), "\(checkHelp)")
    }
}
