import Foundation
import TestSupport
import Testing

/// `mm-replay journal export hl-ws`: a journal's market data as a raw capture that
/// `import hl-ws` turns back into the same records.
@Suite(.tags(.endToEnd)) struct ExportCLITests {
    static let recordings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../recordings").standardized.path

    /// `journal cat` of `journal`'s book and trades records, without their seq (a journal
    /// with other records numbers its market records differently).
    static func marketRecords(_ journal: String) throws -> [String] {
        let cat = try MMReplay.run(["journal", "cat", journal, "--type", "book,trades"])
        #expect(cat.status == 0, "\(cat.stderr)")
        return cat.stdout.split(separator: "\n").map { String($0).replacing(/"seq":\d+,/, with: "") }
    }

    static func digest(_ journal: String) throws -> String {
        let replay = try MMReplay.run(["replay", journal])
        #expect(replay.status == 0, "\(replay.stderr)")
        return replay.stdout.split(separator: "\n").first { $0.hasPrefix("digest") }.map(String.init) ?? ""
    }

    @Test func anImportedCaptureRoundTripsToTheSameJournal() throws {
        let scratch = Scratch()
        let first = scratch.file("first.mmj")
        #expect(try MMReplay.run(["import", "hl-ws", ImportCLITests.capture, "--out", first]).status == 0)
        let export = try MMReplay.run(["journal", "export", "hl-ws", first, "--out", scratch.file("capture.txt")])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("46 l2Book and 9 trades lines"), "\(export.stdout)")
        let second = scratch.file("second.mmj")
        let again = try MMReplay.run(["import", "hl-ws", scratch.file("capture.txt"), "--out", second])
        #expect(again.status == 0 && again.stdout.contains("skipped: none"), "\(again.stdout)\(again.stderr)")
        #expect(try Self.marketRecords(first) == Self.marketRecords(second))
        #expect(try Self.digest(first) == Self.digest(second))
        #expect(!(try Self.digest(first)).isEmpty)
    }

    /// A recording holds fills, account and connection records and commands too: the
    /// export keeps its market data, every record of it, exactly.
    @Test(arguments: ["stale-feed.mmj", "liquidation-cascade.mmj", "backtest-btc-eth.mmj"])
    func aRecordingsMarketDataRoundTrips(recording: String) throws {
        let scratch = Scratch()
        let source = Self.recordings + "/" + recording
        let export = try MMReplay.run(["journal", "export", "hl-ws", source, "--out", scratch.file("capture.txt")])
        #expect(export.status == 0, "\(export.stderr)")
        let imported = try MMReplay.run(["import", "hl-ws", scratch.file("capture.txt"), "--out", scratch.file("back.mmj")])
        #expect(imported.status == 0 && imported.stdout.contains("skipped: none"), "\(imported.stdout)\(imported.stderr)")
        let original = try Self.marketRecords(source)
        #expect(!original.isEmpty)
        #expect(try Self.marketRecords(scratch.file("back.mmj")) == original)
    }

    @Test func theCaptureLinesAreWhatTheCollectorWrites() throws {
        let scratch = Scratch()
        #expect(try MMReplay.run(["journal", "export", "hl-ws", Self.recordings + "/stale-feed.mmj", "--out", scratch.file("c.txt"), "--coins", "BTC"]).status == 0)
        let lines = try String(contentsOfFile: scratch.file("c.txt"), encoding: .utf8).split(separator: "\n")
        for line in lines.prefix(50) {
            let space = try #require(line.firstIndex(of: " "))
            #expect(Int64(line[..<space]) != nil, "no receive time: \(line.prefix(80))")
            let frame = try #require(try JSONSerialization.jsonObject(with: Data(line[line.index(after: space)...].utf8)) as? [String: Any])
            #expect(["l2Book", "trades"].contains(frame["channel"] as? String ?? ""))
        }
    }

    @Test func anExistingOutputIsKeptAndNothingPartialIsLeft() throws {
        let scratch = Scratch()
        try "keep me\n".write(toFile: scratch.file("c.txt"), atomically: true, encoding: .utf8)
        let refused = try MMReplay.run(["journal", "export", "hl-ws", Self.recordings + "/stale-feed.mmj", "--out", scratch.file("c.txt")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already exists") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: scratch.file("c.txt"), encoding: .utf8) == "keep me\n")
        let forced = try MMReplay.run(["journal", "export", "hl-ws", Self.recordings + "/stale-feed.mmj", "--out", scratch.file("c.txt"), "--force"])
        #expect(forced.status == 0)
        let noCoin = try MMReplay.run(["journal", "export", "hl-ws", Self.recordings + "/stale-feed.mmj", "--out", scratch.file("d.txt"), "--coins", "DOGE"])
        #expect(noCoin.status == 1 && noCoin.stderr.contains("no book or trades records"), "\(noCoin.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["c.txt"])
    }
}
