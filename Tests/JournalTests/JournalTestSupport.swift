import Foundation
@testable import Journal

/// A record as written, for comparing with what reads back.
struct WrittenRecord: Equatable {
    var seq: UInt64
    var time: Int64
    var type: UInt16
    var payload: [UInt8]
}

/// A tiny seeded generator for test data (SplitMix64).
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: UInt64) -> UInt64 { self.next() % n }
    mutating func payload(maxSize: Int) -> [UInt8] {
        let size = Int(self.below(UInt64(maxSize) + 1))
        // Compressible but varied: a few distinct bytes with runs.
        let base = UInt8(truncatingIfNeeded: self.next())
        return (0..<size).map { i in i % 7 == 0 ? UInt8(truncatingIfNeeded: self.next()) : base &+ UInt8(i % 5) }
    }
}

/// Writes `count` random records and returns them.
@discardableResult
func writeRandomJournal(at path: String, count: Int, seed: UInt64, options: JournalWriterOptions = JournalWriterOptions(frameSize: 4096, flushInterval: nil, fsync: .never),
                        maxPayload: Int = 300, close: Bool = true) throws -> [WrittenRecord] {
    var random = TestRandom(state: seed)
    let writer = try JournalWriter(creating: path, metadata: JournalMetadata(venue: "test", coins: ["BTC"], mode: .other("test")), options: options)
    var written: [WrittenRecord] = []
    var time: Int64 = 1_000_000
    for _ in 0..<count {
        time += Int64(random.below(3)) * 1000  // repeats some times
        let type = UInt16(1 + random.below(12))
        let payload = random.payload(maxSize: maxPayload)
        let seq = try writer.append(type: type, time: time, payload: payload)
        written.append(WrittenRecord(seq: seq, time: time, type: type, payload: payload))
    }
    if close { try writer.close() } else { try writer.flush() }
    return written
}

/// Reads every record of a journal.
func readAll(_ path: String, from start: JournalReader.Start = .beginning) throws -> (records: [WrittenRecord], reader: JournalReader) {
    let reader = try JournalReader(path: path, from: start)
    var records: [WrittenRecord] = []
    while let r = try reader.next() {
        records.append(WrittenRecord(seq: r.seq, time: r.time, type: r.type, payload: Array(r.payload)))
    }
    return (records, reader)
}

/// Reads a file's bytes.
func bytes(of path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path)!) }

/// Replaces a file's bytes.
func write(_ bytes: [UInt8], to path: String) { FileManager.default.createFile(atPath: path, contents: Data(bytes)) }
