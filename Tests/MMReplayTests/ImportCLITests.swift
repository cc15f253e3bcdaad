import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `mm-replay import` against hostile captures and interruptions: its output is valid
/// JSON or terminal-safe text, options out of range are refused (never a trap), and a
/// failed or killed import leaves nothing at --out.
@Suite(.serialized, .tags(.endToEnd)) struct ImportCLITests {
    static let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt").standardized.path

    static func lines() throws -> [String] {
        try String(contentsOfFile: self.capture, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func theJSONSummaryIsValidForAnyCoinName() throws {
        let scratch = Scratch()
        var lines = try Self.lines()
        // A second coin whose name holds a quote and a backslash (valid names).
        lines.insert(lines[0].replacingOccurrences(of: #""coin":"BTC""#, with: #""coin":"Q\"B\\S""#), at: 1)
        try (lines.joined(separator: "\n") + "\n").write(toFile: scratch.file("q.txt"), atomically: true, encoding: .utf8)
        let run = try MMReplay.run(["import", "hl-ws", scratch.file("q.txt"), "--out", scratch.file("q.mmj"), "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect(summary["coins"] as? [String] == ["BTC", #"Q"B\S"#])
        #expect(summary["book_issues"] as? [String: Int] == ["crossed": 0, "duplicate_price": 0, "unsorted": 0])
    }

    @Test func plainTextNeverCarriesTerminalEscapes() throws {
        let scratch = Scratch()
        let out = scratch.file("x\u{1B}[2Jy.mmj")
        let run = try MMReplay.run(["import", "hl-ws", Self.capture, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1B}"), "\(run.stdout)")
        #expect(run.stdout.contains(#"x\u{1B}[2Jy.mmj"#))
        let again = try MMReplay.run(["import", "hl-ws", Self.capture, "--out", out])
        #expect(again.status == 1)
        #expect(!again.stderr.contains("\u{1B}") && again.stderr.contains("already exists"), "\(again.stderr)")
    }

    @Test func aStrictFailureLeavesNoOutputAndARerunSucceeds() throws {
        let scratch = Scratch()
        try ((try Self.lines()) + ["not json"]).joined(separator: "\n").write(toFile: scratch.file("bad.txt"), atomically: true, encoding: .utf8)
        let strict = try MMReplay.run(["import", "hl-ws", scratch.file("bad.txt"), "--out", scratch.file("out.mmj"), "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("bad.txt:56: malformed_json"), "\(strict.stderr)")
        #expect(try Self.names(in: scratch.path) == ["bad.txt"], "no output, no partial file")
        let rerun = try MMReplay.run(["import", "hl-ws", scratch.file("bad.txt"), "--out", scratch.file("out.mmj")])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let verify = try MMReplay.run(["journal", "verify", scratch.file("out.mmj")])
        #expect(verify.status == 0 && verify.stdout.contains("55 records"), "\(verify.stdout)\(verify.stderr)")
        // An existing output: refused, then replaced with --force.
        let refused = try MMReplay.run(["import", "hl-ws", Self.capture, "--out", scratch.file("out.mmj")])
        #expect(refused.status == 1 && refused.stderr.contains("--force"), "\(refused.stderr)")
        let forced = try MMReplay.run(["import", "hl-ws", Self.capture, "--out", scratch.file("out.mmj"), "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Self.names(in: scratch.path) == ["bad.txt", "out.mmj"])
    }

    /// kill -9 in the middle of an import: nothing at --out, only the partial records
    /// file, which the next import to the same output removes.
    @Test func aKilledImportLeavesOnlyAPartialFileTheNextRunRemoves() throws {
        let scratch = Scratch()
        // The real capture 400 times over, one minute apart (about 38 MB).
        let lines = try Self.lines()
        var big = ""
        big.reserveCapacity(40 << 20)
        for round in 0..<400 {
            for line in lines {
                let space = line.firstIndex(of: " ")!
                big += String(Int64(line[..<space])! + Int64(round) * 60_000_000_000) + line[space...] + "\n"
            }
        }
        try big.write(toFile: scratch.file("big.txt"), atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MMReplay.executable)
        process.arguments = ["import", "hl-ws", scratch.file("big.txt"), "--out", scratch.file("big.mmj")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let partial = scratch.file(".big.mmj.partial-\(process.processIdentifier).records")
        let deadline = Date().addingTimeInterval(30)
        // Wait until some frames are written (the records file grows past its header).
        while process.isRunning && Date() < deadline {
            if let size = try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int, size > 64 << 10 { break }
            Thread.sleep(forTimeInterval: 0.005)
        }
        try #require(process.isRunning, "the import finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("big.mmj")))
        #expect(FileManager.default.fileExists(atPath: partial))
        #expect(try Self.names(in: scratch.path).allSatisfy { $0 == "big.txt" || $0.hasPrefix(".big.mmj.partial-\(process.processIdentifier)") })

        let rerun = try MMReplay.run(["import", "hl-ws", scratch.file("big.txt"), "--out", scratch.file("big.mmj"), "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains(#""books":18400"#), "\(rerun.stdout)")
        #expect(try Self.names(in: scratch.path) == ["big.mmj", "big.txt"], "the dead import's partial file is gone")
    }

    @Test func gapSecondsOutOfRangeAreRefusedNotTrapped() throws {
        let scratch = Scratch()
        for value in ["1e10", "inf", "nan", "0", "-5"] {
            let run = try MMReplay.run(["import", "hl-ws", Self.capture, "--out", scratch.file("g.mmj"), "--gap-seconds=\(value)"])
            #expect(run.status == 1, "\(value): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("--gap-seconds"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("g.mmj")))
        let longest = try MMReplay.run(["import", "hl-ws", Self.capture, "--out", scratch.file("g.mmj"), "--gap-seconds", "315576000"])
        #expect(longest.status == 0, "\(longest.stderr)")
    }

    /// `--reference`: the summary's reference object, an unknown CSV header refused, and
    /// mappings checked before anything is read.
    @Test func referenceFilesMergeAndBadOptionsAreRefused() throws {
        let scratch = Scratch()
        let binance = URL(fileURLWithPath: Self.capture).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("binance").path
        let run = try MMReplay.run(["import", "hl-ws", Self.capture, "--reference", binance + "/binance_futures_btcusdt_raw.txt",
                                    "--reference", binance + "/tardis_binance-futures_trades_BTCUSDT.csv", "--out", scratch.file("m.mmj"), "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        let reference = try #require(summary["reference"] as? [String: Any])
        #expect(reference["quotes"] as? Int == 16 && reference["trades"] as? Int == 40)
        #expect((reference["files"] as? [[String: String]])?.map { $0["format"] ?? "" } == ["binance-raw", "tardis-trades"])
        #expect(summary["books"] as? Int == 46 && summary["events"] as? Int == 46 + 9 + 16 + 40)

        try "exchange,symbol,timestamp,local_timestamp,funding_rate\n".write(toFile: scratch.file("f.csv"), atomically: true, encoding: .utf8)
        let header = try MMReplay.run(["import", "hl-ws", Self.capture, "--reference", scratch.file("f.csv"), "--out", scratch.file("f.mmj")])
        #expect(header.status == 1 && header.stderr.contains("f.csv: unknown CSV header"), "\(header.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("f.mmj")))

        let orphan = try MMReplay.run(["import", "hl-ws", Self.capture, "--reference-symbol", "BTC=BTCUSDC", "--out", scratch.file("o.mmj")])
        #expect(orphan.status == 1 && orphan.stderr.contains("--reference-symbol"), "\(orphan.stderr)")
        let malformed = try MMReplay.run(["import", "hl-ws", Self.capture, "--reference", scratch.file("f.csv"), "--reference-symbol", "BTCUSDT",
                                          "--out", scratch.file("o.mmj")])
        #expect(malformed.status == 1 && malformed.stderr.contains("not COIN=SYMBOL"), "\(malformed.stderr)")
    }
}
