import Foundation
import TestSupport
import Testing
@testable import Journal

@Suite(.tags(.unit)) struct JournalRecoveryTests {
    /// A writer dropped without `close()`, even before its commit thread got to run,
    /// stops that thread cleanly (this once trapped on an unowned reference), and what it
    /// committed reads back.
    @Test func writersDroppedWithoutClosingStopCleanly() throws {
        let dir = Scratch("journal-tests")
        for round in 0..<300 {
            let path = dir.file("dropped-\(round).mmj")
            do {
                let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]),
                                               options: JournalWriterOptions(frameSize: 1024, flushInterval: nil, fsync: .never))
                for i in 0..<(round % 3) * 40 { try writer.append(type: 1, time: Int64(i), payload: [UInt8](repeating: UInt8(i & 0xFF), count: 64)) }
            }
            let reader = try JournalReader(path: path)
            var seq: UInt64 = 0
            while let record = try reader.next() {
                seq += 1
                #expect(record.seq == seq)
            }
            #expect(reader.ending == .unclosed)
        }
    }

    @Test func aTruncatedLastFrameIsATornTailThatRepairRemoves() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("t.mmj")
        let written = try writeRandomJournal(at: path, count: 3000, seed: 2, close: false)
        let full = bytes(of: path)
        var random = TestRandom(state: 77)
        for _ in 0..<25 {
            let cut = full.count / 2 + Int(random.below(UInt64(full.count / 2)))
            write(Array(full[0..<cut]), to: path)
            let (records, reader) = try readAll(path)
            // Every record before the torn frame reads back intact.
            #expect(records == Array(written.prefix(records.count)))
            switch reader.ending {
            case .tornTail(let tornPath, let offset, let count):
                #expect(tornPath == path)
                #expect(offset + count == UInt64(cut))
            case .unclosed:
                // The cut fell exactly on a frame boundary.
                break
            default:
                Issue.record("unexpected ending \(String(describing: reader.ending))")
            }
            // Appending needs a repair first when there is a torn tail.
            if case .tornTail = reader.ending {
                #expect(throws: JournalError.self) { try JournalWriter(appendingTo: path) }
            }
            let report = try JournalRepair.repair(path: path)
            #expect(report.lastSeq == UInt64(records.count))
            let (after, repaired) = try readAll(path)
            #expect(after == records)
            #expect(repaired.ending == .closed)
            // Appending after the repair continues the seq without a gap.
            let writer = try JournalWriter(appendingTo: path, options: JournalWriterOptions(fsync: .never))
            #expect(try writer.append(type: 1, time: records.last?.time ?? 0, payload: [42]) == UInt64(records.count) + 1)
            try writer.close()
            #expect(try readAll(path).records.map(\.seq) == Array(1...UInt64(records.count + 1)))
        }
    }

    @Test func aZeroFilledTailIsATornTail() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("z.mmj")
        let written = try writeRandomJournal(at: path, count: 500, seed: 3, close: false)
        write(bytes(of: path) + [UInt8](repeating: 0, count: 5000), to: path)
        let (records, reader) = try readAll(path)
        #expect(records == written)
        guard case .tornTail(_, _, let count) = reader.ending else { Issue.record("expected a torn tail"); return }
        #expect(count == 5000)
    }

    @Test func aFlippedByteInAMiddleFrameIsAnErrorNamingOffsetAndSeq() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("c.mmj")
        _ = try writeRandomJournal(at: path, count: 3000, seed: 6)
        let clean = bytes(of: path)
        var random = TestRandom(state: 1)
        var detected = 0
        for _ in 0..<30 {
            var damaged = clean
            let at = 200 + Int(random.below(UInt64(clean.count / 2)))
            damaged[at] ^= UInt8(1 + random.below(255))
            write(damaged, to: path)
            do {
                _ = try readAll(path)
                Issue.record("a flipped byte at \(at) went unnoticed")
            } catch let error as JournalError {
                guard case .corruptFrame(_, let offset, let seq, _) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(offset <= UInt64(at))
                #expect(!seq.isEmpty)
                #expect(error.description.contains("offset \(offset)"))
                detected += 1
                // Repair never cuts away corruption in the middle.
                #expect(throws: JournalError.self) { try JournalRepair.repair(path: path) }
            }
        }
        #expect(detected == 30)
    }

    @Test func badFilesGetTheirOwnErrors() throws {
        let dir = Scratch("journal-tests")
        let good = dir.file("good.mmj")
        _ = try writeRandomJournal(at: good, count: 100, seed: 1)
        let clean = bytes(of: good)

        let empty = dir.file("empty.mmj")
        write([], to: empty)
        #expect(throws: JournalError.emptyFile(path: empty)) { try JournalReader(path: empty) }

        let magic = dir.file("magic.mmj")
        write(Array("NOTAJOURNALATALL".utf8), to: magic)
        expectError(opening: magic) { if case .notAJournal = $0 { true } else { false } }

        let header = dir.file("header.mmj")
        write(Array(clean[0..<20]), to: header)
        expectError(opening: header) { if case .truncatedHeader = $0 { true } else { false } }

        // A header from a future format version (checksum fixed up so only the version is off).
        let future = dir.file("future.mmj")
        var bumped = clean
        bumped[16] = 99
        bumped[17] = 0
        let size = Int(UInt32(bumped[4]) | UInt32(bumped[5]) << 8 | UInt32(bumped[6]) << 16 | UInt32(bumped[7]) << 24)
        let crc = CRC32.checksum(Array(bumped[8..<(8 + size - 4)]))
        for i in 0..<4 { bumped[8 + size - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
        write(bumped, to: future)
        #expect(throws: JournalError.unsupportedVersion(path: future, found: 99, supported: 1)) { try JournalReader(path: future) }

        // Version 0 was never written: a damaged header, not "newer than this build"
        // (it was reported as newer), with and without a matching checksum.
        for fixChecksum in [false, true] {
            let zero = dir.file("zero-\(fixChecksum).mmj")
            var zeroed = clean
            zeroed[16] = 0
            zeroed[17] = 0
            if fixChecksum {
                let crc = CRC32.checksum(Array(zeroed[8..<(8 + size - 4)]))
                for i in 0..<4 { zeroed[8 + size - 4 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
            }
            write(zeroed, to: zero)
            do {
                _ = try JournalReader(path: zero)
                Issue.record("a version-0 header was accepted")
            } catch {
                guard case .corruptHeader(_, let reason) = error else { Issue.record("unexpected error \(error)"); continue }
                #expect(reason.contains("format version 0 is invalid"))
                #expect(!error.description.contains("newer"))
            }
        }

        let damagedHeader = dir.file("crc.mmj")
        var flipped = clean
        flipped[30] ^= 0x20
        write(flipped, to: damagedHeader)
        expectError(opening: damagedHeader) { if case .corruptHeader = $0 { true } else { false } }

        #expect(throws: JournalError.self) { try JournalReader(path: dir.file("does-not-exist.mmj")) }
        let emptyDirectory = dir.file("empty-dir.mmj")
        try FileManager.default.createDirectory(atPath: emptyDirectory, withIntermediateDirectories: false)
        #expect(throws: JournalError.self) { try JournalReader(path: emptyDirectory) }
    }

    @Test func repairOfAnIntactJournalChangesNothing() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("ok.mmj")
        _ = try writeRandomJournal(at: path, count: 100, seed: 1)
        let before = bytes(of: path)
        let report = try JournalRepair.repair(path: path)
        #expect(report.removedBytes == 0 && !report.sealed && report.lastSeq == 100)
        #expect(bytes(of: path) == before)
    }

    /// Expects opening `path` to throw a ``JournalError`` that `matches`.
    func expectError(opening path: String, sourceLocation: SourceLocation = #_sourceLocation, _ matches: (JournalError) -> Bool) {
        do {
            _ = try JournalReader(path: path)
            Issue.record("opening \(path) did not fail", sourceLocation: sourceLocation)
        } catch {
            #expect(matches(error), "unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }
}
