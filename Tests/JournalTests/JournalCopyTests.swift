import Foundation
import TestSupport
import Testing
@testable import Journal

/// `JournalWriter.copy`: the same frames under another header (what `import` does once
/// it knows the coins).
@Suite(.tags(.unit)) struct JournalCopyTests {
    @Test(arguments: [[String](), ["BTC", "ETH", String(repeating: "L", count: 64)]])
    func aCopyReadsBackTheSameRecordsWithTheNewHeader(coins: [String]) throws {
        let dir = Scratch("journal-tests")
        let written = try writeRandomJournal(at: dir.file("a.mmj"), count: 3000, seed: 4)
        let metadata = JournalMetadata(venue: "hyperliquid", coins: coins, mode: .import, extra: ["format": "hl-ws"])
        try JournalWriter.copy(dir.file("a.mmj"), to: dir.file("b.mmj"), metadata: metadata, synchronize: true)
        let (records, reader) = try readAll(dir.file("b.mmj"))
        #expect(records == written)
        #expect(reader.metadata.coins == coins && reader.metadata.mode == .import && reader.metadata.segment == 1)
        // The rewritten index points at the frames: seeking through it gives what a scan gives.
        let (fromSeq, seeker) = try readAll(dir.file("b.mmj"), from: .seq(2500))
        #expect(fromSeq == written.filter { $0.seq >= 2500 })
        #expect(seeker.statistics.frames * 4 < (try readAll(dir.file("b.mmj")).reader.statistics.frames))
        let segment = try SegmentReader(path: dir.file("b.mmj"), expectedFirstSeq: 1, decompressor: try ZstdDecompressor())
        let file = try Journal.FileHandle.openForReading(dir.file("b.mmj"))
        let size = try file.size()
        #expect(try JournalIndex.readTrailing(from: file, fileSize: size, bodyStart: UInt64(segment.header.encodedSize)) != nil)
        var scanner = FrameScanner(file: file, fileSize: size, bodyStart: UInt64(segment.header.encodedSize))
        var walked: [FrameIndexEntry] = []
        while case .frame(let offset, let d) = try scanner.next() {
            walked.append(FrameIndexEntry(offset: offset, firstSeq: d.firstSeq, firstTime: d.firstTime))
        }
        #expect(try segment.frameIndex().entries == walked)
    }

    @Test func onlyAClosedJournalIsCopiedAndNeverOverAnExistingFile() throws {
        let dir = Scratch("journal-tests")
        _ = try writeRandomJournal(at: dir.file("open.mmj"), count: 100, seed: 1, close: false)
        #expect(throws: JournalError.self) {
            try JournalWriter.copy(dir.file("open.mmj"), to: dir.file("x.mmj"), metadata: JournalMetadata(), synchronize: false)
        }
        _ = try writeRandomJournal(at: dir.file("closed.mmj"), count: 100, seed: 1)
        write([1, 2, 3], to: dir.file("exists.mmj"))
        #expect(throws: JournalError.self) {
            try JournalWriter.copy(dir.file("closed.mmj"), to: dir.file("exists.mmj"), metadata: JournalMetadata(), synchronize: false)
        }
        #expect(bytes(of: dir.file("exists.mmj")) == [1, 2, 3])
    }
}
