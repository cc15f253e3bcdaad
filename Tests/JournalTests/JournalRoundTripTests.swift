import Foundation
import TestSupport
import Testing
@testable import Journal

@Suite(.tags(.unit)) struct JournalRoundTripTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6, 7, 8])
    func recordsReadBackExactlyAsWritten(seed: UInt64) throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("a.mmj")
        let count = 500 + Int(seed * 97)
        let written = try writeRandomJournal(at: path, count: count, seed: seed)
        let (records, reader) = try readAll(path)
        #expect(records == written)
        #expect(reader.ending == .closed)
        #expect(reader.metadata.venue == "test")
        #expect(reader.statistics.records == UInt64(count))
        #expect(reader.statistics.frames > 1)
        #expect(records.map(\.seq) == Array(1...UInt64(count)))
    }

    @Test(.tags(.needsExternalTool)) func framesAreIndependentValidZstdFrames() throws {
        // The whole file is a valid zstd stream (header and descriptors are skippable
        // frames): `zstd -dc` yields exactly the concatenated records.
        let dir = Scratch("journal-tests")
        let path = dir.file("z.mmj")
        let written = try writeRandomJournal(at: path, count: 300, seed: 9)
        let zstd = try runChildProcess("/usr/bin/env", ["zstd", "-dc", path])
        try #require(zstd.status == 0, "zstd -dc failed (the zstd tool is missing? scripts/install-deps.sh installs it)\n\(zstd.stderr)")
        var expected: [UInt8] = []
        for r in written {
            expected.appendLittleEndian(r.seq)
            expected.appendLittleEndian(r.time)
            expected.appendLittleEndian(r.type)
            expected.appendLittleEndian(UInt32(r.payload.count))
            expected.append(contentsOf: r.payload)
        }
        #expect(zstd.stdoutBytes == expected)
    }

    @Test func emptyAndLargeRecordsAndUnicodeMetadataRoundTrip() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("b.mmj")
        let meta = JournalMetadata(venue: "hyperliquid", coins: ["BTC", "ETH"], mode: .record, config: "gamma = 0.1 # ✓",
                                   host: "h", extra: ["z": "1", "a": "2"])
        let writer = try JournalWriter(creating: path, metadata: meta, options: JournalWriterOptions(frameSize: 1024, fsync: .never))
        let big = [UInt8](repeating: 7, count: 200_000)
        try writer.append(type: 1, time: 5, payload: [UInt8]())
        try writer.append(type: 2, time: 5, payload: big)
        try writer.append(type: 3, time: 6, payload: [1, 2, 3])
        try writer.close()
        let (records, reader) = try readAll(path)
        #expect(records.map(\.payload) == [[], big, [1, 2, 3]])
        var expected = meta
        expected.segment = 1
        #expect(reader.metadata == expected)
    }

    @Test func timeMustNotGoBackwardsAndRecordsHaveALimit() throws {
        let dir = Scratch("journal-tests")
        let writer = try JournalWriter(creating: dir.file("t.mmj"), metadata: JournalMetadata(), options: JournalWriterOptions(fsync: .never))
        try writer.append(type: 1, time: 100, payload: [UInt8]())
        #expect(throws: JournalError.timeWentBackwards(seq: 2, time: 99, previous: 100)) {
            try writer.append(type: 1, time: 99, payload: [UInt8]())
        }
        #expect(throws: JournalError.recordTooLarge(bytes: JournalFormat.maxPayloadSize + 1, limit: JournalFormat.maxPayloadSize)) {
            try writer.append(type: 1, time: 100, payload: [UInt8](repeating: 0, count: JournalFormat.maxPayloadSize + 1))
        }
        // The failed appends consumed no seq.
        #expect(try writer.append(type: 1, time: 100, payload: [UInt8]()) == 2)
        try writer.close()
        #expect(try readAll(dir.file("t.mmj")).records.count == 2)
    }

    @Test func refusesToOverwriteAndToWriteTwice() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("x.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(), options: JournalWriterOptions(fsync: .never))
        try writer.append(type: 1, time: 1, payload: [UInt8]())
        try writer.flush()
        #expect(throws: JournalError.self) { try JournalWriter(creating: path, metadata: JournalMetadata()) }
        #expect(throws: JournalError.locked(path: path)) { try JournalWriter(appendingTo: path) }
        try writer.close()
        #expect(throws: JournalError.closed(path: path)) { try writer.append(type: 1, time: 1, payload: [UInt8]()) }
    }

    @Test(arguments: [true, false])
    func flushIntervalClosesFramesByTime(background: Bool) throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("f.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(),
                                       options: JournalWriterOptions(frameSize: 1 << 20, flushInterval: .milliseconds(20), fsync: .never,
                                                                     backgroundCommit: background))
        func eventually(_ seq: UInt64) -> Bool {
            for _ in 0..<2000 where writer.writtenSeq != seq { Thread.sleep(forTimeInterval: 0.001) }
            return writer.writtenSeq == seq
        }
        try writer.append(type: 1, time: 1, payload: [1])
        try writer.flushIfDue()
        #expect(writer.writtenSeq == 0)  // not due yet
        Thread.sleep(forTimeInterval: 0.05)
        try writer.flushIfDue()
        #expect(eventually(1))
        try writer.append(type: 1, time: 2, payload: [2])
        Thread.sleep(forTimeInterval: 0.05)
        try writer.append(type: 1, time: 3, payload: [3])  // the due frame closes on append
        #expect(eventually(3))
        try writer.close()
        #expect(try readAll(path).records.count == 3)
    }

    @Test func inlineAndBackgroundCommitWriteIdenticalBytes() throws {
        let dir = Scratch("journal-tests")
        for background in [true, false] {
            try writeRandomJournal(at: dir.file("\(background).mmj"), count: 3000, seed: 12,
                                   options: JournalWriterOptions(frameSize: 4096, flushInterval: nil, fsync: .never, backgroundCommit: background))
        }
        #expect(bytes(of: dir.file("true.mmj")) == bytes(of: dir.file("false.mmj")))
    }

    @Test func fsyncAlwaysReportsSyncedSeqs() throws {
        let dir = Scratch("journal-tests")
        let writer = try JournalWriter(creating: dir.file("s.mmj"), metadata: JournalMetadata(),
                                       options: JournalWriterOptions(frameSize: 1024, flushInterval: nil, fsync: .always))
        for i in 0..<100 { try writer.append(type: 1, time: Int64(i), payload: [UInt8](repeating: 1, count: 100)) }
        #expect(writer.syncedSeq == writer.writtenSeq)
        #expect(writer.syncedSeq > 50)
        try writer.close()
    }
}
