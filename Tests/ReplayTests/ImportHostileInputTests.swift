import Engine
import Foundation
import Journal
@testable import Research
import TestSupport
import Testing

/// Hostile captures: coin names, timestamps, books and lines an import must count and
/// skip (or keep and count) without trapping, and outputs it must never leave half-made.
/// The inputs are the real capture's frames, edited.
@Suite(.tags(.integration)) struct ImportHostileInputTests {
    /// The real capture's lines (`<receive ns> <frame>`).
    static func lines() throws -> [String] {
        try String(contentsOfFile: ImportTests.capture, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A line's receive stamp and frame as a JSON object.
    static func parts(_ line: String) throws -> (stamp: Substring, frame: [String: Any]) {
        let space = try #require(line.firstIndex(of: " "))
        let frame = try #require(try JSONSerialization.jsonObject(with: Data(line[line.index(after: space)...].utf8)) as? [String: Any])
        return (line[..<space], frame)
    }

    /// `line` with its frame's `data` edited (re-serialized: other key order and escapes).
    static func edit(_ line: String, _ body: (inout [String: Any]) -> Void) throws -> String {
        var (stamp, frame) = try self.parts(line)
        var data = try #require(frame["data"] as? [String: Any])
        body(&data)
        frame["data"] = data
        return stamp + " " + String(decoding: try JSONSerialization.data(withJSONObject: frame), as: UTF8.self)
    }

    static func write(_ lines: [String], to path: String) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func coinsInRecords(_ path: String) throws -> Set<String> {
        Set(try ImportTests.records(path).compactMap { record -> String? in
            switch record.event {
            case .book(let book): return book.coin
            case .trades(let batch): return batch.coin
            default: return nil
            }
        })
    }

    // MARK: Coins

    @Test func whitespaceInFramesIsValidJSONAndImports() throws {
        let directory = Scratch()
        let spaced = try Self.lines().map { $0.replacingOccurrences(of: #"":"#, with: #"": "#).replacingOccurrences(of: ",", with: ", ") }
        try Self.write(spaced, to: directory.file("spaced.txt"))
        let summary = try CaptureImporter().importWebSocket([directory.file("spaced.txt")], to: directory.file("spaced.mmj"))
        #expect(summary.books == 46 && summary.trades == 9)
        #expect(summary.coins == ["BTC"])
        #expect(try JournalReader(path: directory.file("spaced.mmj")).metadata.coins == ["BTC"])
    }

    @Test func theHeaderListsExactlyTheCoinsOfTheImportedRecords() throws {
        let directory = Scratch()
        var lines = try Self.lines()
        let book = lines[0]
        func renamed(_ coin: String, stampOffset: Int) throws -> String {
            let edited = try Self.edit(book) { $0["coin"] = coin }
            let (stamp, _) = try Self.parts(edited)
            return String(Int64(stamp)! + Int64(stampOffset)) + edited.dropFirst(stamp.count)
        }
        let long = String(repeating: "L", count: 40)  // valid (at most 64 bytes)
        lines.insert(try renamed("\u{1B}[31mRED", stampOffset: 1), at: 1)  // a terminal escape: invalid
        lines.insert(try renamed(String(repeating: "X", count: 65), stampOffset: 2), at: 2)  // too long: invalid
        lines.insert(try renamed(#"A"B\C"#, stampOffset: 3), at: 3)  // quotes and backslashes: valid
        lines.insert(try renamed(long, stampOffset: 4), at: 4)
        // An escaped name decodes: "B\u0054C" is BTC.
        lines.insert(lines[5].replacingOccurrences(of: #""coin":"BTC""#, with: #""coin":"B\u0054C""#), at: 5)
        try Self.write(lines, to: directory.file("coins.txt"))
        let summary = try CaptureImporter().importWebSocket([directory.file("coins.txt")], to: directory.file("coins.mmj"))
        #expect(summary.skipped["invalid_coin"] == 2)
        #expect(summary.coins == ["BTC", #"A"B\C"#, long])
        #expect(try JournalReader(path: directory.file("coins.mmj")).metadata.coins == summary.coins)
        #expect(try Self.coinsInRecords(directory.file("coins.mmj")) == Set(summary.coins))
        // The JSON summary is valid JSON whatever the names.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(summary.json.utf8)) as? [String: Any])
        #expect(parsed["coins"] as? [String] == summary.coins)

        var strict = CaptureImporter()
        strict.strict = true
        #expect { try strict.importWebSocket([directory.file("coins.txt")], to: directory.file("strict.mmj")) } throws: { error in
            "\(error)".hasSuffix("coins.txt:2: invalid_coin (--strict)")
        }
    }

    @Test func plainTextShowsControlCharactersVisibly() throws {
        var summary = ImportSummary()
        summary.coins = ["BTC"]
        let text = summary.text(output: "out\u{1B}[2J\u{9B}31m.mmj", gapSeconds: 60)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
        #expect(text.contains(#"out\u{1B}[2J\u{9B}31m.mmj"#))
        #expect(TerminalText.visible("a\u{202E}b\u{7F}") == #"a\u{202E}b\u{7F}"#)
        #expect(TerminalText.visible("plain BTC") == "plain BTC")
    }

    // MARK: Books

    @Test func crossedUnsortedAndDuplicatePriceBooksAreCountedAndKept() throws {
        let directory = Scratch()
        var lines = try Self.lines()
        func levels(_ data: [String: Any]) -> [[[String: Any]]] { data["levels"] as! [[[String: Any]]] }
        // Line 4: crossed (the best bid above the best ask).
        lines[3] = try Self.edit(lines[3]) { data in
            var sides = levels(data)
            sides[0][0]["px"] = "999999.0"
            data["levels"] = sides
        }
        // Line 5: unsorted bids.
        lines[4] = try Self.edit(lines[4]) { data in
            var sides = levels(data)
            sides[0].swapAt(1, 2)
            data["levels"] = sides
        }
        // Line 6: an ask price twice.
        lines[5] = try Self.edit(lines[5]) { data in
            var sides = levels(data)
            sides[1][1]["px"] = sides[1][0]["px"]
            data["levels"] = sides
        }
        try Self.write(lines, to: directory.file("books.txt"))
        let summary = try CaptureImporter().importWebSocket([directory.file("books.txt")], to: directory.file("books.mmj"))
        #expect(summary.books == 46, "kept: the engine gates them")
        #expect(summary.bookIssues == BookIssueCounts(crossed: 1, unsorted: 1, duplicatePrice: 1))
        #expect(summary.json.contains(#""book_issues":{"crossed":1,"duplicate_price":1,"unsorted":1}"#), "\(summary.json)")

        var strict = CaptureImporter()
        strict.strict = true
        #expect { try strict.importWebSocket([directory.file("books.txt")], to: directory.file("strict.mmj")) } throws: { error in
            "\(error)".hasSuffix("books.txt:4: crossed_book (--strict)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("strict.mmj")))
    }

    // MARK: Output

    @Test func aFailedImportLeavesNothingAndARerunSucceeds() throws {
        let directory = Scratch()
        var lines = try Self.lines()
        lines.insert("not json", at: 30)
        try Self.write(lines, to: directory.file("bad.txt"))
        var strict = CaptureImporter()
        strict.strict = true
        #expect(throws: ImportError.self) { try strict.importWebSocket([directory.file("bad.txt")], to: directory.file("out.mmj")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["bad.txt"], "no output, no partial file")
        let summary = try CaptureImporter().importWebSocket([directory.file("bad.txt")], to: directory.file("out.mmj"))
        #expect(summary.books == 46 && summary.skipped == ["malformed_json": 1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["bad.txt", "out.mmj"])
        // No market data at all: nothing is left either.
        try Self.write(["not json"], to: directory.file("none.txt"))
        #expect(throws: ImportError.self) { try CaptureImporter().importWebSocket([directory.file("none.txt")], to: directory.file("none.mmj")) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("none.mmj")))
    }

    @Test func anExistingOutputIsReplacedOnlyWhenAsked() throws {
        let directory = Scratch()
        try "keep me".write(toFile: directory.file("out.mmj"), atomically: true, encoding: .utf8)
        #expect { try CaptureImporter().importWebSocket([ImportTests.capture], to: directory.file("out.mmj")) } throws: { error in
            "\(error)".contains("already exists") && "\(error)".contains("--force")
        }
        #expect(try String(contentsOfFile: directory.file("out.mmj"), encoding: .utf8) == "keep me")
        var importer = CaptureImporter()
        importer.overwrite = true
        #expect(try importer.importWebSocket([ImportTests.capture], to: directory.file("out.mmj")).books == 46)
        #expect(try ImportTests.records(directory.file("out.mmj")).count == 55)
    }

    @Test func partialFilesOfDeadProcessesAreRemovedAndLiveOnesLeft() throws {
        let directory = Scratch()
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = directory.file(".out.mmj.partial-\(finished.processIdentifier).records")
        let live = directory.file(".out.mmj.partial-1")  // init: always running
        let other = directory.file(".other.mmj.partial-\(finished.processIdentifier)")
        for path in [dead, live, other] { try "partial".write(toFile: path, atomically: true, encoding: .utf8) }
        _ = try CaptureImporter().importWebSocket([ImportTests.capture], to: directory.file("out.mmj"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other), "only the partials of this output")
    }

    // MARK: Times

    @Test func optionsOutsideTheirRangesAreRefusedNotTrapped() throws {
        let directory = Scratch()
        for seconds in [1e10, .infinity, -.infinity, .nan, 0, -1] {
            var importer = CaptureImporter()
            importer.gapSeconds = seconds
            #expect { try importer.importWebSocket([ImportTests.capture], to: directory.file("gap.mmj")) } throws: { error in
                "\(error)".hasPrefix("gap seconds: ")
            }
        }
        var importer = CaptureImporter()
        importer.reorderTolerance = -1
        #expect(throws: ImportError.self) { try importer.importWebSocket([ImportTests.capture], to: directory.file("tolerance.mmj")) }
        importer.reorderTolerance = .max
        #expect(throws: ImportError.self) { try importer.importWebSocket([ImportTests.capture], to: directory.file("tolerance.mmj")) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("gap.mmj")))
        importer = CaptureImporter()
        importer.gapSeconds = Limits.longestDurationSeconds
        #expect(try importer.importWebSocket([ImportTests.capture], to: directory.file("longest.mmj")).gaps == 0)
    }

    @Test func timestampsOutsideTheLimitsAreBadTimestamps() throws {
        let directory = Scratch()
        var lines = try Self.lines()
        let bare = { (line: String) in String(line.drop { $0 != " " }.dropFirst()) }
        // A receive stamp past 2100, and one longer than Int64.
        lines.insert("4102444800000000001 " + bare(lines[1]), at: 1)
        lines.insert("99999999999999999999 " + bare(lines[1]), at: 2)
        try Self.write(lines, to: directory.file("stamps.txt"))
        let stamped = try CaptureImporter().importWebSocket([directory.file("stamps.txt")], to: directory.file("stamps.mmj"))
        #expect(stamped.skipped == ["bad_timestamp": 2])
        #expect(stamped.books == 46)

        // Unstamped lines: exchange times in ms past 2100 (Int64.max, whose ns would
        // overflow; just past the limit; beyond Int64).
        var unstamped = try Self.lines().map(bare)
        let book = unstamped[1]
        let time = #/"time":\d+/#
        unstamped.insert(book.replacing(time, with: #""time":9223372036854775807"#), at: 1)
        unstamped.insert(book.replacing(time, with: #""time":4102444800001"#), at: 2)
        unstamped.insert(book.replacing(time, with: #""time":18446744073709551615"#), at: 3)
        try Self.write(unstamped, to: directory.file("bare.txt"))
        let bareSummary = try CaptureImporter().importWebSocket([directory.file("bare.txt")], to: directory.file("bare.mmj"))
        #expect(bareSummary.skipped["bad_timestamp"] == 3, "\(bareSummary.skipped)")
        var strict = CaptureImporter()
        strict.strict = true
        #expect { try strict.importWebSocket([directory.file("bare.txt")], to: directory.file("strict.mmj")) } throws: { error in
            "\(error)".hasSuffix("bare.txt:2: bad_timestamp (--strict)")
        }
    }

    @Test func isoTimesOutsideTheLimitsAreRefused() {
        #expect(ArchiveLine.unixNanoseconds(iso: "9999-12-31T23:59:59.999999999") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "0000-01-01T00:00:00") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "1969-12-31T23:59:59") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "2100-01-01T00:00:00.000000001") == nil)
        #expect(ArchiveLine.unixNanoseconds(iso: "2100-01-01T00:00:00") == Limits.latestTime)
        #expect(ArchiveLine.unixNanoseconds(iso: "2099-12-31T23:59:59.999999999Z") == Limits.latestTime - 1)
        #expect(ArchiveLine.unixNanoseconds(iso: "2025-01-26T99:99:99") == nil)
        let line = Array(#"{"coin":"BTC","side":"B","time":"9999-01-01T00:00:00","px":"1.0","sz":"1"}"#.utf8)
        guard case .failure(let failure) = ArchiveLine.decode(line[...]) else { Issue.record("decoded"); return }
        #expect(failure.reason == .badTimestamp)
        let badCoin = Array(#"{"coin":"\u001b]0;x\u0007","side":"B","time":"2025-01-01T00:00:00","px":"1.0","sz":"1"}"#.utf8)
        guard case .failure(let coinFailure) = ArchiveLine.decode(badCoin[...]) else { Issue.record("decoded"); return }
        #expect(coinFailure.reason == .invalidCoin)
    }

    // MARK: Lines

    @Test func overlongLinesAreSkippedAndCounted() throws {
        let directory = Scratch()
        var lines = try Self.lines()
        lines.insert(String(repeating: "x", count: (16 << 20) + 10), at: 7)  // over the default cap
        try Self.write(lines, to: directory.file("long.txt"))
        let summary = try CaptureImporter().importWebSocket([directory.file("long.txt")], to: directory.file("long.mmj"))
        #expect(summary.skipped == ["line_too_long": 1])
        #expect(summary.books == 46 && summary.lines == 56)
        #expect(summary.bytes == UInt64(try FileManager.default.attributesOfItem(atPath: directory.file("long.txt"))[.size] as! Int))
        var strict = CaptureImporter()
        strict.strict = true
        #expect { try strict.importWebSocket([directory.file("long.txt")], to: directory.file("strict.mmj")) } throws: { error in
            "\(error)".hasSuffix("long.txt:8: line_too_long (--strict)")
        }
    }

    @Test func lineSourceSearchesEachByteOnceAndCapsLines() throws {
        let directory = Scratch()
        // A 5 MiB line over 1 MiB reads: each byte searched once (not once per chunk).
        let long = String(repeating: "y", count: 5 << 20)
        try "short\n\(long)\nlast".write(toFile: directory.file("l.txt"), atomically: true, encoding: .utf8)
        let source = try LineSource(path: directory.file("l.txt"))
        var lengths: [Int] = []
        while case .text(let line)? = try source.next() { lengths.append(line.count) }
        #expect(lengths == [5, 5 << 20, 4])
        #expect(source.bytesSearched <= UInt64(6 + (5 << 20) + 1 + 4))
        // With a small cap: the long line is reported, not held, and reading goes on.
        let capped = try LineSource(path: directory.file("l.txt"), maxLineBytes: 1000)
        var items: [String] = []
        while let line = try capped.next() {
            switch line {
            case .text(let text): items.append(String(decoding: text, as: UTF8.self))
            case .tooLong(let bytes): items.append("too long: \(bytes)")
            }
        }
        #expect(items == ["short", "too long: \(5 << 20)", "last"])
        #expect(capped.bytesRead == UInt64(6 + (5 << 20) + 1 + 4))
        // An over-long final line without a newline.
        try "a\n\(long)".write(toFile: directory.file("m.txt"), atomically: true, encoding: .utf8)
        let final = try LineSource(path: directory.file("m.txt"), maxLineBytes: 1000)
        guard case .text? = try final.next(), case .tooLong(let bytes)? = try final.next() else { Issue.record("lines"); return }
        #expect(bytes == UInt64(5 << 20))
        #expect(try final.next() == nil)
    }
}

