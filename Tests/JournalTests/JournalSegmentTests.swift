import Foundation
import TestSupport
import Testing
@testable import Journal

@Suite(.tags(.unit)) struct JournalSegmentTests {
    static let rotating = JournalWriterOptions(frameSize: 2048, flushInterval: nil, fsync: .never,
                                               rotation: RotationPolicy(maxRawBytes: 20_000))

    @Test func rotationWritesSegmentsThatReadBackAsOneStream() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("d.mmj")
        let written = try writeRandomJournal(at: path, count: 2000, seed: 4, options: Self.rotating)
        let segments = try JournalLayout.segmentPaths(of: path)
        #expect(segments.count > 5)
        #expect(segments.first!.hasSuffix("/seg-000001.mmj"))
        let (records, reader) = try readAll(path)
        #expect(records == written)
        #expect(reader.ending == .closed)
        // Seeking across segments.
        for seq in [1 as UInt64, 777, 1999, 2000] {
            #expect(try readAll(path, from: .seq(seq)).records == written.filter { $0.seq >= seq })
        }
        let time = written[1234].time
        #expect(try readAll(path, from: .time(time)).records == written.filter { $0.time >= time })
    }

    @Test func rotationByVirtualTime() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("h.mmj")
        let options = JournalWriterOptions(fsync: .never, rotation: RotationPolicy(maxTimeSpan: 3_600_000_000_000))
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(), options: options)
        for minute in 0..<(3 * 60) {
            try writer.append(type: 1, time: Int64(minute) * 60_000_000_000, payload: [UInt8(minute & 0xFF)])
        }
        try writer.close()
        #expect(try JournalLayout.segmentPaths(of: path).count == 3)
        #expect(try readAll(path).records.count == 180)
    }

    @Test func aMissingMiddleSegmentIsAnError() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("m.mmj")
        _ = try writeRandomJournal(at: path, count: 2000, seed: 4, options: Self.rotating)
        try FileManager.default.removeItem(atPath: path + "/seg-000003.mmj")
        #expect(throws: JournalError.missingSegment(path: path, segment: "seg-000003.mmj")) { try readAll(path) }
    }

    @Test func aMissingLastSegmentIsAnError() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("l.mmj")
        _ = try writeRandomJournal(at: path, count: 2000, seed: 4, options: Self.rotating)
        let segments = try JournalLayout.segmentPaths(of: path)
        try FileManager.default.removeItem(atPath: segments.last!)
        let missing = String(segments.last!.split(separator: "/").last!)
        #expect(throws: JournalError.missingSegment(path: path, segment: missing)) { try readAll(path) }
    }

    @Test func aReplacedSegmentThatBreaksTheSeqChainIsAnError() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("g.mmj")
        _ = try writeRandomJournal(at: path, count: 2000, seed: 4, options: Self.rotating)
        // Swap segment 2 for a copy of segment 3: seqs no longer continue.
        let s2 = path + "/seg-000002.mmj"
        let s3 = path + "/seg-000003.mmj"
        try FileManager.default.removeItem(atPath: s2)
        try FileManager.default.copyItem(atPath: s3, toPath: s2)
        #expect {
            try readAll(path)
        } throws: { error in
            guard case .segmentGap(_, let segment, _, _) = error as? JournalError else { return false }
            return segment == "seg-000002.mmj"
        }
    }

    @Test func appendingToADirectoryJournalContinuesTheLastSegment() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("a.mmj")
        let first = try writeRandomJournal(at: path, count: 500, seed: 1, options: Self.rotating)
        let writer = try JournalWriter(appendingTo: path, options: Self.rotating)
        #expect(writer.nextSeq == 501)
        for i in 0..<500 { try writer.append(type: 9, time: first.last!.time + Int64(i), payload: [UInt8](repeating: 3, count: 100)) }
        try writer.close()
        let (records, reader) = try readAll(path)
        #expect(records.count == 1000)
        #expect(records.map(\.seq) == Array(1...1000))
        #expect(reader.ending == .closed)
    }

    @Test func removeDeletesSegmentDirectoriesButNothingElse() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("r.mmj")
        _ = try writeRandomJournal(at: path, count: 500, seed: 4, options: Self.rotating)
        FileManager.default.createFile(atPath: path + "/notes.txt", contents: Data("keep".utf8))
        #expect(throws: JournalError.self) { try JournalLayout.remove(path) }
        #expect(FileManager.default.fileExists(atPath: path + "/seg-000001.mmj"))
        try FileManager.default.removeItem(atPath: path + "/notes.txt")
        try JournalLayout.remove(path)
        #expect(!FileManager.default.fileExists(atPath: path))
        try JournalLayout.remove(path)  // already gone: nothing to do
    }
}

@Suite(.tags(.unit)) struct JournalRotationCrashTests {
    /// A crash between starting segment N+1 and closing segment N leaves N unclosed; the
    /// records appended afterwards (to N+1) must still be read, after N's.
    @Test func anUnclosedSegmentFollowedByAnotherIsReadThrough() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("c.mmj")
        let written = try writeRandomJournal(at: path, count: 2000, seed: 4, options: JournalSegmentTests.rotating)
        let segments = try JournalLayout.segmentPaths(of: path)
        // Simulate the crash: strip segment 2's closing index.
        let second = segments[1]
        let file = try Journal.FileHandle.openForReading(second)
        let size = try file.size()
        let (_, indexStart) = try #require(try JournalIndex.readTrailing(from: file, fileSize: size, bodyStart: 0))
        file.close()
        write(Array(bytes(of: second)[0..<Int(indexStart)]), to: second)
        let (records, reader) = try readAll(path)
        #expect(records == written)
        #expect(reader.ending == .closed)
        // Cut into the middle of segment 2's last frame instead: that is damage.
        write(Array(bytes(of: second).dropLast(10)), to: second)
        #expect { try readAll(path) } throws: { error in
            if case .corruptFrame = error as? JournalError { return true }
            return false
        }
    }
}
