import Foundation
import TestSupport
import Testing
@testable import Journal

@Suite(.tags(.unit)) struct JournalFollowTests {
    /// A reader tails a journal while a writer (another thread) appends, rotating into
    /// segments: it sees every record once, in order, and stops when the journal closes.
    @Test(arguments: [false, true])
    func aFollowerSeesEveryRecordOnceInOrder(rotating: Bool) throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("f.mmj")
        let options = JournalWriterOptions(frameSize: 2048, flushInterval: .milliseconds(2), fsync: .never,
                                           rotation: rotating ? RotationPolicy(maxRawBytes: 30_000) : nil)
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(), options: options)
        try writer.append(type: 1, time: 0, payload: [0])
        try writer.flush()
        let total = 3000
        // The writer is handed over to the thread; this thread only reads the file.
        nonisolated(unsafe) let handedOver = writer
        let thread = Thread {
            for i in 1..<total {
                try! handedOver.append(type: 1, time: Int64(i), payload: [UInt8](repeating: UInt8(i & 0xFF), count: 50))
                if i % 100 == 0 { try! handedOver.flush(); Thread.sleep(forTimeInterval: 0.002) }
            }
            try! handedOver.close()
        }
        thread.start()
        let reader = try JournalReader(path: path, follow: JournalReader.Follow(pollInterval: .milliseconds(1), idleTimeout: .seconds(30)))
        var seqs: [UInt64] = []
        while let record = try reader.next() {
            seqs.append(record.seq)
            #expect(record.time == Int64(record.seq - 1))
        }
        #expect(seqs == Array(1...UInt64(total)))
        #expect(reader.ending == .closed)
        if rotating { #expect(try JournalLayout.segmentPaths(of: path).count > 3) }
    }

    @Test func followStopsAfterTheIdleTimeout() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("i.mmj")
        _ = try writeRandomJournal(at: path, count: 10, seed: 1, close: false)
        let reader = try JournalReader(path: path, follow: JournalReader.Follow(pollInterval: .milliseconds(5), idleTimeout: .milliseconds(100)))
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == 10)
        #expect(reader.ending == .unclosed)
    }
}
