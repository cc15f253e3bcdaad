import Engine
import Foundation
import Journal
@testable import Replay
@testable import Research
import TestSupport
import Testing

@Suite(.tags(.integration)) struct ImportTests {
    static let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt").standardized.path

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    static func records(_ path: String) throws -> [(time: Int64, event: Event)] {
        let reader = try JournalReader(path: path)
        var out: [(Int64, Event)] = []
        while let record = try reader.next() {
            if case .input(let event) = try record.decode() { out.append((record.time, event)) }
        }
        return out
    }

    @Test func theRealCaptureImportsAndReplays() throws {
        let out = Self.temporary("real.mmj")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let summary = try CaptureImporter().importWebSocket([Self.capture], to: out)
        #expect(summary.books == 46)
        #expect(summary.trades == 9)
        #expect(summary.skipped.isEmpty)
        #expect(summary.coins == ["BTC"])
        let records = try Self.records(out)
        #expect(records.count == 55)
        #expect(records.first?.time == 1_737_918_843_893_903_000, "stamped with the collector's receive time")
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time })
        let replay = try ReplayRunner(config: EngineConfig()).run(path: out)
        #expect(replay.events == 55)
        #expect(summary.json.contains(#""books":46"#) && summary.json.contains(#""skipped":{}"#))
    }

    @Test(.tags(.needsExternalTool)) func gzipAndUnstampedCapturesImportTheSame() throws {
        let directory = Self.temporary("formats")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let gz = directory + "/raw.txt.gz"
        let gzip = try runShell("gzip -c '\(Self.capture)' > '\(gz)'")
        try #require(gzip.status == 0, "gzip failed (the gzip tool is missing?)\n\(gzip.output)")
        let fromGzip = try CaptureImporter().importWebSocket([gz], to: directory + "/gz.mmj")
        #expect(fromGzip.books == 46 && fromGzip.trades == 9)
        // Without the receive stamps: the exchange's times are used.
        let text = try String(contentsOfFile: Self.capture, encoding: .utf8)
        let bare = text.split(separator: "\n").map { $0.drop(while: { $0 != " " }).dropFirst() }.joined(separator: "\n")
        try bare.write(toFile: directory + "/bare.jsonl", atomically: true, encoding: .utf8)
        let unstamped = try CaptureImporter().importWebSocket([directory + "/bare.jsonl"], to: directory + "/bare.mmj")
        // The capture's first two books are identical: without receive stamps the second
        // cannot be told from a repeat, so it is counted as a duplicate.
        #expect(unstamped.books == 45)
        // And the 30 trades the exchange replays on subscribe are older than the book
        // before them by more than the tolerance: skipped as out of order, and said so.
        #expect(unstamped.skipped == ["duplicate": 1, "out_of_order": 1])
        let first = try Self.records(directory + "/bare.mmj").first
        guard case .book(let book)? = first?.event else { Issue.record("no book first"); return }
        #expect(first?.time == book.exchangeTime * 1_000_000)
    }

    @Test func badLinesAreCountedByReasonAndNeverLoseGoodOnes() throws {
        let directory = Self.temporary("bad")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var lines = try String(contentsOfFile: Self.capture, encoding: .utf8).split(separator: "\n").map(String.init)
        let firstBook = lines[0]
        lines.insert(#"1737918850000000000 {"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"n":1,"px":"abc","sz":"1"}],[]]}}"#, at: 20)
        lines.insert("garbage line", at: 21)
        lines.insert(firstBook, at: 22)  // an old line: out of order (and a duplicate stamp)
        lines.insert(#"1737918850000000001 {"channel":"subscriptionResponse","data":{"method":"subscribe"}}"#, at: 23)
        lines.append(lines[lines.count - 1])  // the last frame twice
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/bad.txt", atomically: true, encoding: .utf8)
        let summary = try CaptureImporter().importWebSocket([directory + "/bad.txt"], to: directory + "/bad.mmj")
        #expect(summary.books == 46)
        #expect(summary.skipped["invalid_value"] == 1)
        #expect(summary.skipped["malformed_json"] == 1)
        #expect(summary.skipped["out_of_order"] == 1)
        #expect(summary.skipped["not_market_data"] == 1)
        #expect(summary.skipped["duplicate"] == 1)
        var strict = CaptureImporter()
        strict.strict = true
        #expect(throws: ImportError.self) { try strict.importWebSocket([directory + "/bad.txt"], to: directory + "/strict.mmj") }
        do {
            _ = try strict.importWebSocket([directory + "/bad.txt"], to: directory + "/strict2.mmj")
        } catch let error as ImportError {
            #expect(error.description.contains("bad.txt:21: invalid_value"), "\(error)")
        }
    }

    @Test func gapsAreCounted() throws {
        let directory = Self.temporary("gaps")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = try String(contentsOfFile: Self.capture, encoding: .utf8).split(separator: "\n")
        var shifted: [String] = []
        for (i, line) in lines.enumerated() {
            let space = line.firstIndex(of: " ")!
            var stamp = Int64(line[..<space])!
            if i >= 30 { stamp += 120_000_000_000 }  // two minutes missing
            shifted.append("\(stamp)" + line[space...])
        }
        try shifted.joined(separator: "\n").write(toFile: directory + "/gap.txt", atomically: true, encoding: .utf8)
        let summary = try CaptureImporter().importWebSocket([directory + "/gap.txt"], to: directory + "/gap.mmj")
        #expect(summary.gaps == 1)
    }
}

@Suite(.tags(.integration)) struct ArchiveImportTests {
    @Test func isoTimesParse() {
        #expect(ArchiveLine.unixNanoseconds(iso: "2025-01-26T19:14:03.893903000") == 1_737_918_843_893_903_000)
        #expect(ArchiveLine.unixNanoseconds(iso: "1970-01-01T00:00:00Z") == 0)
        #expect(ArchiveLine.unixNanoseconds(iso: "2024-02-29T23:59:59.5") == 1_709_251_199_500_000_000)
        #expect(ArchiveLine.unixNanoseconds(iso: "2024-13-01T00:00:00") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "yesterday") == nil)
    }

    /// An hour of the archive: a book file and a trade file, merged by time.
    @Test func bookAndTradeFilesMergeByTime() throws {
        let directory = ImportTests.temporary("archive")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var books = "", trades = "", tid = 0
        for line in try String(contentsOfFile: ImportTests.capture, encoding: .utf8).split(separator: "\n") {
            let space = line.firstIndex(of: " ")!
            let nanos = Int64(line[..<space])!
            let iso = Self.iso(nanos)
            let frame = line[line.index(after: space)...]
            if frame.contains(#""channel":"l2Book""#) {
                books += #"{"time":"\#(iso)","ver_num":1,"raw":\#(frame)}"# + "\n"
            } else if frame.contains(#""channel":"trades""#) {
                tid += 1
                trades += #"{"coin":"BTC","side":"B","time":"\#(iso)","px":"105056.0","sz":"0.001","hash":"0xab","side_info":[{"oid":\#(tid)}]}"# + "\n"
            }
        }
        trades += "{\"coin\":\"BTC\",\"side\":\"X\",\"time\":\"2025-01-26T19:14:30.000000000\",\"px\":\"1.0\",\"sz\":\"1\",\"hash\":\"0x1\"}\n"
        try books.write(toFile: directory + "/BTC", atomically: true, encoding: .utf8)
        try trades.write(toFile: directory + "/trades.jsonl", atomically: true, encoding: .utf8)
        let summary = try CaptureImporter().importCaptures([directory + "/BTC", directory + "/trades.jsonl"], format: .archive, to: directory + "/out.mmj")
        #expect(summary.books == 46)
        #expect(summary.trades == 9)
        #expect(summary.skipped == ["invalid_value": 1])
        let records = try ImportTests.records(directory + "/out.mmj")
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time }, "merged in time order")
        #expect(records.contains { if case .trades = $0.event { true } else { false } })
    }

    static func iso(_ nanos: Int64) -> String {
        var seconds = time_t(nanos / 1_000_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%09lld", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, nanos % 1_000_000_000)
    }
}
