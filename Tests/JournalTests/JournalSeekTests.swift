import Foundation
import TestSupport
import Testing
@testable import Journal

@Suite(.tags(.unit)) struct JournalSeekTests {
    /// Seeking gives exactly the records a linear scan would, with and without the index.
    @Test(arguments: [true, false])
    func seekMatchesALinearScan(closed: Bool) throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("s.mmj")
        let written = try writeRandomJournal(at: path, count: 3000, seed: 21, close: closed)
        var random = TestRandom(state: 5)
        for _ in 0..<40 {
            let seq = 1 + random.below(3100)
            let (fromSeq, _) = try readAll(path, from: .seq(seq))
            #expect(fromSeq == written.filter { $0.seq >= seq })
            let time = written[0].time + Int64(random.below(UInt64(written.last!.time - written[0].time + 2000))) - 1000
            let (fromTime, _) = try readAll(path, from: .time(time))
            #expect(fromTime == written.filter { $0.time >= time })
        }
    }

    @Test func seekingDecompressesOnlyFromTheFrameThatHoldsTheStart() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("s.mmj")
        _ = try writeRandomJournal(at: path, count: 5000, seed: 3)
        let reader = try JournalReader(path: path, from: .seq(4990))
        let first = try #require(try reader.next())
        #expect(first.seq == 4990)
        #expect(reader.statistics.frames == 1)
        let total = try readAll(path).reader.statistics.frames
        #expect(total > 50)
    }

    @Test func theTrailingIndexMatchesTheFrames() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("i.mmj")
        _ = try writeRandomJournal(at: path, count: 2000, seed: 8)
        let segment = try SegmentReader(path: path, expectedFirstSeq: 1, decompressor: try ZstdDecompressor())
        let fromIndex = try segment.frameIndex()
        // Rebuild by walking the descriptors (what a reader does when the index is missing).
        let file = try Journal.FileHandle.openForReading(path)
        let size = try file.size()
        let header = try JournalHeader.read(from: file, fileSize: size)
        var scanner = FrameScanner(file: file, fileSize: size, bodyStart: UInt64(header.encodedSize))
        var walked: [FrameIndexEntry] = []
        while case .frame(let offset, let d) = try scanner.next() {
            walked.append(FrameIndexEntry(offset: offset, firstSeq: d.firstSeq, firstTime: d.firstTime))
        }
        #expect(fromIndex.entries == walked)
        #expect(fromIndex.lastSeq == 2000)
    }
}
