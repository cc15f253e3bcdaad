import Engine
import Foundation
import Hyperliquid
import Journal
@testable import Research
import TestSupport
import Testing

/// The import's l2Book fast path against the general decoder, on real captures and on
/// lines corrupted in every way a byte can be, and the threads of the import pipeline.
@Suite(.tags(.integration)) struct ImportFastPathTests {
    /// The real capture's frames (without their receive stamps).
    static func frames() throws -> [String] {
        try String(contentsOfFile: ImportTests.capture, encoding: .utf8).split(separator: "\n").map { line in
            String(line[line.index(after: line.firstIndex(of: " ")!)...])
        }
    }

    /// A real book frame in the exchange's own key order (coin, time, levels; px, sz, n).
    static let exchangeOrder = #"{"channel":"l2Book","data":{"coin":"ETH","time":1785251521889,"levels":[[{"px":"3460.5","sz":"0.02666","n":2},{"px":"3457.0","sz":"12","n":1}],[{"px":"3461.25","sz":"0.00019","n":1}]]}}"#

    /// The same book with every object's keys sorted, as tools that re-serialize frames
    /// write it (hftbacktest's capture generator does).
    static let sortedOrder = #"{"channel":"l2Book","data":{"coin":"ETH","levels":[[{"n":2,"px":"3460.5","sz":"0.02666"},{"n":1,"px":"3457.0","sz":"12"}],[{"n":1,"px":"3461.25","sz":"0.00019"}]],"time":1785251521889}}"#

    /// Whether the fast path's frame for `text` is the general decoder's (nil when the
    /// fast path declines the line), and its limit verdict the frame's.
    static func agreement(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard let (fast, withinLimits) = MarketDataFastPath.decodeCheckingLimits(bytes: bytes) else { return nil }
            if withinLimits && fast.limitReason != nil { return false }
            return (try? InboundFrame(decodingGenerally: String(decoding: bytes, as: UTF8.self))) == fast
        }
    }

    /// The line with the byte at `index` replaced, removed, or the line cut there.
    static func mutants(of line: String, step: Int) -> [String] {
        let bytes = Array(line.utf8)
        let replacements = Array(" 0 9\".-e\\,}]x{:".utf8)
        var out: [String] = []
        for index in stride(from: 0, to: bytes.count, by: step) {
            for byte in replacements where byte != bytes[index] {
                var copy = bytes
                copy[index] = byte
                out.append(String(decoding: copy, as: UTF8.self))
            }
            var removed = bytes
            removed.remove(at: index)
            out.append(String(decoding: removed, as: UTF8.self))
            out.append(String(decoding: bytes[..<index], as: UTF8.self))
        }
        return out
    }

    @Test func everyRealBookFrameTakesTheFastPathAndAgrees() throws {
        let books = try Self.frames().filter { $0.contains(#""channel":"l2Book""#) } + [Self.exchangeOrder, Self.sortedOrder]
        #expect(books.count == 48)
        for book in books { #expect(Self.agreement(book) == true, "\(book.prefix(80))") }
        // Trades frames take the wire fast path too, and agree.
        let trades = try Self.frames().filter { $0.contains(#""channel":"trades""#) }
        #expect(!trades.isEmpty && trades.allSatisfy { Self.agreement($0) == true })
    }

    @Test func corruptedBookFramesAreDeclinedOrDecodedAsTheGeneralDecoderDoes() throws {
        let books = try Self.frames().filter { $0.contains(#""channel":"l2Book""#) }
        var taken = 0, declined = 0
        for line in [books[0], books[books.count / 2], Self.exchangeOrder, Self.sortedOrder] {
            for mutant in Self.mutants(of: line, step: 11) {
                switch Self.agreement(mutant) {
                case nil: declined += 1
                case let agrees?:
                    taken += 1
                    #expect(agrees, "the fast path and the general decoder differ on \(mutant)")
                }
            }
        }
        #expect(taken > 100 && declined > 1000, "both ways exercised: \(taken) taken, \(declined) declined")
    }

    @Test func archiveBookLinesDecodeAsTheGeneralDecoderDoes() throws {
        func outcome<Decoded>(_ result: Result<Decoded, LineFailure>) -> String {
            switch result {
            case .success(let decoded): "\(decoded)"
            case .failure(let failure): failure.reason.rawValue
            }
        }
        let book = try Self.frames().first { $0.contains(#""channel":"l2Book""#) }!
        var lines = [#"{"time":"2025-01-26T19:14:03.893903000","ver_num":1,"raw":"# + book + "}"]
        lines += Self.mutants(of: lines[0], step: 13)
        lines += [#"{"time":"2025-13-26T19:14:03","ver_num":1,"raw":"# + book + "}",  // a bad time
                  #"{"time":"2025-01-26T19:14:03","ver_num":1,"raw":"# + book.replacingOccurrences(of: "BTC", with: String(repeating: "C", count: 80)) + "}"]
        var taken = 0
        for line in lines {
            var text = line
            text.withUTF8 { bytes in
                guard let fast = ArchiveLine.bookFastPath(bytes) else { return }
                taken += 1
                #expect(outcome(fast) == outcome(ArchiveLine.decodeGenerally(bytes)), "\(line)")
            }
        }
        #expect(taken > 50)
    }

    /// A capture of `count` copies of the real frames, with their stamps.
    static func bigCapture(_ count: Int) throws -> String {
        String(repeating: try String(contentsOfFile: ImportTests.capture, encoding: .utf8), count: count)
    }

    @Test func aDecodingThreadErrorSurfacesAfterTheLinesBeforeIt() throws {
        let scratch = Scratch()
        let text = try Self.bigCapture(200)  // about 19 MB: many batches and read chunks
        try text.write(toFile: scratch.file("c.txt"), atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c c.txt > full.gz && head -c $(( $(wc -c < full.gz) / 2 )) full.gz > cut.gz"]
        gzip.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        try gzip.run()
        gzip.waitUntilExit()
        // On one thread, then through the stream: the same lines, then the same error.
        func read(_ next: () throws -> FileCursor.Item?) -> (Int, String) {
            var count = 0
            do {
                while try next() != nil { count += 1 }
                return (count, "no error")
            } catch { return (count, "\(error)") }
        }
        let direct = try FileCursor(path: scratch.file("cut.gz"), format: .webSocket)
        let expected = read { try direct.next() }
        let stream = CaptureStream(cursor: try FileCursor(path: scratch.file("cut.gz"), format: .webSocket), batchSize: 7, maxBatches: 2)
        let streamed = read { try stream.next() }
        stream.stop()
        #expect(streamed.0 == expected.0 && expected.0 > 1000)
        #expect(streamed.1 == expected.1)
        #expect(streamed.1.contains("cut.gz") && streamed.1.contains("truncated"))
        // The import names the file, after a good one, and leaves nothing at the output.
        #expect { try CaptureImporter().importWebSocket([scratch.file("c.txt"), scratch.file("cut.gz")], to: scratch.file("o.mmj")) } throws: {
            "\($0)".contains("cut.gz") && "\($0)".contains("truncated")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("o.mmj")))
    }

    @Test func anImportStoppedEarlyStopsItsDecodingThreads() throws {
        let scratch = Scratch()
        // A bad third line, then far more lines than the queue holds.
        var lines = try Self.bigCapture(300).split(separator: "\n").map(String.init)
        lines[2] = "1737918843893903001 {\"channel\":\"l2Book\",\"data\":{\"coin\":\"BTC\",\"levels\":[[],[]],\"time\":-1}}"
        try lines.joined(separator: "\n").write(toFile: scratch.file("bad.txt"), atomically: true, encoding: .utf8)
        try Self.bigCapture(300).write(toFile: scratch.file("good.txt"), atomically: true, encoding: .utf8)
        var strict = CaptureImporter()
        strict.strict = true
        #expect { try strict.importWebSocket([scratch.file("good.txt"), scratch.file("bad.txt")], to: scratch.file("o.mmj")) } throws: {
            "\($0)".hasSuffix("bad.txt:3: bad_timestamp (--strict)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("o.mmj")))
    }

    @Test func aPrefetchedFileReadsAsItIs() throws {
        let scratch = Scratch()
        let bytes = (0..<(3 << 20) + 12345).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        try Data(bytes).write(to: URL(fileURLWithPath: scratch.file("b")))
        let reader = PrefetchingReader(try RawFile(path: scratch.file("b")), depth: 2)
        defer { reader.stop() }
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 777_777, alignment: 1)
        defer { buffer.deallocate() }
        while case let count = try reader.read(into: buffer), count > 0 { out += buffer[0..<count] }
        #expect(out == bytes)
    }
}
