import Foundation
import TestSupport
import Testing
@testable import Journal

/// The power-loss pattern: the file keeps its size but the last write's bytes read back
/// as zeros. These tests failed before zero-filled tails that reach into a frame (or its
/// descriptor, or the index) were recognized: reading threw "corrupt frame ... zstd: ..."
/// or "frame descriptor checksum mismatch", and `repair` refused.
@Suite(.tags(.unit)) struct JournalZeroTailTests {
    /// The data frames of a journal file: each descriptor's offset and the descriptor.
    static func units(of path: String) throws -> [(offset: UInt64, descriptor: FrameDescriptor)] {
        let file = try Journal.FileHandle.openForReading(path)
        defer { file.close() }
        let size = try file.size()
        let header = try JournalHeader.read(from: file, fileSize: size)
        var scanner = FrameScanner(file: file, fileSize: size, bodyStart: UInt64(header.encodedSize))
        var units: [(offset: UInt64, descriptor: FrameDescriptor)] = []
        while case .frame(let offset, let descriptor) = try scanner.next() { units.append((offset, descriptor)) }
        return units
    }

    /// `bytes` with its last `count` bytes zeroed (the size unchanged).
    static func zeroingTail(_ bytes: [UInt8], _ count: Int) -> [UInt8] {
        var damaged = bytes
        for i in (bytes.count - count)..<bytes.count { damaged[i] = 0 }
        return damaged
    }

    @Test func aLastFrameWithAZeroedTailIsATornTailThatRepairRemoves() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("power-loss.mmj")
        let written = try writeRandomJournal(at: path, count: 2000, seed: 11, close: false)
        let clean = bytes(of: path)
        let units = try Self.units(of: path)
        #expect(units.count >= 3)
        let last = units[units.count - 1]
        let previous = units[units.count - 2]
        let c = Int(last.descriptor.compressedSize)
        let unit = FrameDescriptor.encodedSize + c
        #expect(UInt64(clean.count) == last.offset + UInt64(unit))
        // Zeros in the frame's data, its descriptor's CRC and fields, its size field,
        // inside its magic, the whole unit; and reaching into the frame before it.
        let counts = [1, 2, 5, 16, c / 2, c - 1, c, c + 1, c + 10, c + 44, c + 51, c + 52, c + 54, unit, unit + 10]
        for count in counts {
            let damaged = Self.zeroingTail(clean, count)
            #expect(damaged != clean, "zeroing \(count) bytes changed nothing; pick another seed")
            write(damaged, to: path)
            let torn = count > unit ? previous : last
            let kept = Array(written.prefix(Int(torn.descriptor.firstSeq) - 1))
            let (records, reader) = try readAll(path)
            #expect(records == kept, "zeroed \(count) bytes")
            #expect(reader.ending == .tornTail(path: path, offset: torn.offset, bytes: UInt64(clean.count) - torn.offset), "zeroed \(count) bytes")
            // Appending is refused until the tail is repaired, even when the descriptor
            // walk alone would not notice (zeros only in the frame data).
            #expect(throws: JournalError.tornTail(path: path, offset: torn.offset, bytes: UInt64(clean.count) - torn.offset)) {
                try JournalWriter(appendingTo: path, options: JournalWriterOptions(fsync: .never))
            }
            let report = try JournalRepair.repair(path: path)
            #expect(report.offset == torn.offset && report.removedBytes == UInt64(clean.count) - torn.offset && report.sealed)
            #expect(report.lastSeq == UInt64(kept.count) && report.lastTime == kept.last?.time)
            let (after, repaired) = try readAll(path)
            #expect(after == kept)
            #expect(repaired.ending == .closed)
        }
    }

    @Test func aZeroedTailInTheClosingIndexIsATornTailThatRepairRewrites() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("index.mmj")
        let written = try writeRandomJournal(at: path, count: 1000, seed: 4)
        let clean = bytes(of: path)
        let units = try Self.units(of: path)
        let last = units[units.count - 1]
        let indexStart = last.offset + UInt64(FrameDescriptor.encodedSize) + UInt64(last.descriptor.compressedSize)
        let indexSize = clean.count - Int(indexStart)
        for count in [1, 8, 12, 44, indexSize - 6, indexSize - 2, indexSize] {
            write(Self.zeroingTail(clean, count), to: path)
            let (records, reader) = try readAll(path)
            #expect(records == written, "zeroed \(count) bytes of the index")
            #expect(reader.ending == .tornTail(path: path, offset: indexStart, bytes: UInt64(indexSize)), "zeroed \(count) bytes of the index")
            let report = try JournalRepair.repair(path: path)
            #expect(report.removedBytes == UInt64(indexSize) && report.lastSeq == UInt64(written.count))
            #expect(bytes(of: path) == clean)  // the same index, written again
        }
    }

    /// Zeros are a torn tail only where the file's trailing zero run starts inside the
    /// failing unit; damage with intact bytes after it stays corruption.
    @Test func damageBeforeTheZeroRunIsStillCorruption() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("middle.mmj")
        try writeRandomJournal(at: path, count: 2000, seed: 11, close: false)
        let clean = bytes(of: path)
        let units = try Self.units(of: path)
        let last = units[units.count - 1]
        let previous = units[units.count - 2]

        // Zeros inside the last frame that do not reach the end of the file.
        try #require(clean.last != 0)
        var hole = clean
        let dataStart = Int(last.offset) + FrameDescriptor.encodedSize
        for i in dataStart..<(dataStart + 40) { hole[i] = 0 }
        write(hole, to: path)
        #expect(throws: JournalError.self) { try readAll(path) }
        #expect(throws: JournalError.self) { try JournalRepair.repair(path: path) }

        // A flipped byte in the frame before a zero-filled last frame.
        var flipped = Self.zeroingTail(clean, 10)
        flipped[Int(previous.offset) + FrameDescriptor.encodedSize + 20] ^= 0x41
        write(flipped, to: path)
        do {
            _ = try readAll(path)
            Issue.record("a flipped byte before a zero-filled tail went unnoticed")
        } catch let error as JournalError {
            guard case .corruptFrame(_, let offset, _, _) = error else { Issue.record("unexpected error \(error)"); return }
            #expect(offset == previous.offset)
        }
        #expect(throws: JournalError.self) { try JournalRepair.repair(path: path) }

        // A flipped descriptor CRC byte in the last unit, with no zeros at the end.
        var descriptor = clean
        descriptor[Int(last.offset) + 50] ^= 0x10
        write(descriptor, to: path)
        #expect(throws: JournalError.self) { try readAll(path) }
    }

    /// A last frame whose final byte is a genuine zero is not mistaken for a torn one:
    /// appending to it and reading it are unaffected.
    @Test func aValidFrameEndingInZeroBytesReadsAndAppends() throws {
        let dir = Scratch("journal-tests")
        let path = dir.file("zero-end.mmj")
        var written: [WrittenRecord] = []
        // Find a seed whose journal's last frame ends with a zero byte (its checksum).
        for seed in UInt64(1)...2000 {
            try? FileManager.default.removeItem(atPath: path)
            written = try writeRandomJournal(at: path, count: 40, seed: seed, close: false)
            if bytes(of: path).last == 0 { break }
        }
        try #require(bytes(of: path).last == 0)
        let (records, reader) = try readAll(path)
        #expect(records == written && reader.ending == .unclosed)
        let writer = try JournalWriter(appendingTo: path, options: JournalWriterOptions(fsync: .never))
        #expect(try writer.append(type: 1, time: written.last!.time, payload: [7]) == UInt64(written.count) + 1)
        try writer.close()
        #expect(try readAll(path).records.count == written.count + 1)
    }
}
