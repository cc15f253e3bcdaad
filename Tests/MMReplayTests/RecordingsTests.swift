import Foundation
import Engine
import Journal
import TestSupport
import Testing

/// Every journal in `recordings/` matches its golden digest and verifies.
@Suite(.tags(.endToEnd)) struct RecordingsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../recordings").standardized.path

    static func goldenDigests() throws -> [(digest: String, name: String)] {
        let text = try String(contentsOfFile: Self.directory + "/SHA256SUMS", encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " *")))
        }
    }

    static func sha256(_ path: String) throws -> String {
        String(try runChildProcess("/usr/bin/env", ["sha256sum", path]).stdout.prefix(64))
    }

    @Test func everyRecordingHasAGoldenDigest() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".mmj") }.sorted()
        #expect(!shipped.isEmpty)
        #expect(shipped == (try Self.goldenDigests().map(\.name).sorted()))
    }

    @Test func recordingsMatchTheirDigestsAndVerify() throws {
        for (digest, name) in try Self.goldenDigests() {
            let path = Self.directory + "/" + name
            #expect(try Self.sha256(path) == digest, "\(name) changed; regenerate SHA256SUMS only if the change is deliberate")
            let verify = try MMReplay.run(["journal", "verify", path])
            #expect(verify.status == 0, "\(name): \(verify.stdout)\(verify.stderr)")
            // Journals with the engine's commands reproduce bit for bit.
            if try JournalReader(path: path).metadata.mode == .scenario {
                let engine = try MMReplay.run(["verify", path])
                #expect(engine.status == 0, "\(name): \(engine.stdout)\(engine.stderr)")
            }
        }
    }

    /// A backtest of synthetic data regenerates byte for byte from its header: the
    /// generator's seed, the coins, and the number of market records.
    @Test func syntheticBacktestRecordingsRegenerateByteForByte() throws {
        let scratch = Scratch()
        for (_, name) in try Self.goldenDigests() {
            let path = Self.directory + "/" + name
            let reader = try JournalReader(path: path)
            guard reader.metadata.mode == .backtest, reader.metadata.extra?["generator"] == "synth",
                  let seed = reader.metadata.extra?["seed"], let capture = reader.metadata.sourceNames.first else { continue }
            var market = 0
            while let record = try reader.next() {
                if record.type == Event.Kind.book.rawValue || record.type == Event.Kind.trades.rawValue { market += 1 }
            }
            let data = scratch.file(capture)
            #expect(try MMReplay.run(["journal", "synth", "--out", data, "--seed", seed, "--events", String(market),
                                      "--coins", reader.metadata.coins.joined(separator: ",")]).status == 0)
            let again = scratch.file(name)
            #expect(try MMReplay.run(["backtest", data, "--out", again]).status == 0)
            #expect(contents(again) == contents(path), "\(name) does not regenerate identically")
        }
    }
}

@Suite(.tags(.endToEnd)) struct RecordingsCommandTests {
    @Test func theShippedRecordingsCheckClean() throws {
        let result = try MMReplay.run(["recordings", RecordingsTests.directory])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("ok ") })
        #expect(lines.last?.hasSuffix(" ok, 0 changed") == true, "\(result.stdout)")
    }

    @Test func aChangedRecordingIsReportedWithItsFirstDivergence() throws {
        let scratch = Scratch()
        let copy = scratch.file("recordings")
        try FileManager.default.copyItem(atPath: RecordingsTests.directory, toPath: copy)
        let victim = copy + "/orphan-fill.mmj"
        let tampered = scratch.file("tampered.mmj")
        try rewrite(victim, to: tampered, droppingCommandNumber: 30)
        try FileManager.default.removeItem(atPath: victim)
        try FileManager.default.moveItem(atPath: tampered, toPath: victim)
        let check = try MMReplay.run(["recordings", copy])
        #expect(check.status == 1)
        #expect(check.stdout.contains("CHANGED  orphan-fill.mmj"))
        #expect(check.stdout.contains("engine diverges at seq"))
        #expect(check.stdout.contains(" checked, ") && check.stdout.hasSuffix(" ok, 1 changed\n"), "\(check.stdout)")
        // A deliberate update regenerates it and the digests check clean again.
        #expect(try MMReplay.run(["recordings", copy, "--update-digests"]).status == 0)
        #expect(try MMReplay.run(["recordings", copy]).status == 0)
        #expect(contents(copy + "/SHA256SUMS") == contents(RecordingsTests.directory + "/SHA256SUMS"))
    }
}

@Suite(.tags(.endToEnd)) struct BacktestCLITests {
    @Test func aBacktestJournalVerifiesAndTheSummaryHasItsFields() throws {
        let scratch = Scratch()
        let capture = scratch.file("c.mmj")
        let out = scratch.file("bt.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", capture, "--seed", "31", "--events", "40000", "--coins", "BTC"]).status == 0)
        let run = try MMReplay.run(["backtest", capture, "--out", out, "--json", "--latency", "uniform:5ms:60ms", "--sim-seed", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["digest", "pnl", "realized_pnl", "fees", "funding", "volume", "fills", "maker_share", "max_drawdown",
                    "kill_switch_triggers", "gate_reasons"] {
            #expect(object[key] != nil, "backtest --json lacks \(key)")
        }
        #expect((object["fills"] as? Int ?? 0) > 0)
        let verify = try MMReplay.run(["verify", out])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains(object["digest"] as? String ?? "?"))
        // Same inputs and seed: same digest; another latency seed: another run.
        let again = try MMReplay.run(["backtest", capture, "--json", "--latency", "uniform:5ms:60ms", "--sim-seed", "3"])
        let other = try MMReplay.run(["backtest", capture, "--json", "--latency", "uniform:5ms:60ms", "--sim-seed", "4"])
        func digest(_ text: String) -> String? { (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["digest"] as? String }
        #expect(digest(again.stdout) == object["digest"] as? String)
        #expect(digest(other.stdout) != object["digest"] as? String)
        #expect(try MMReplay.run(["backtest", capture, "--latency", "soon"]).status != 0)
    }
}
