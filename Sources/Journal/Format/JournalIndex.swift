/// Where one data frame is and which records it starts with.
public struct FrameIndexEntry: Equatable, Sendable {
    /// Byte offset of the frame's descriptor in its file.
    public var offset: UInt64
    public var firstSeq: UInt64
    public var firstTime: Int64
}

/// The seek index of one journal file: one entry per data frame, plus totals.
///
/// Written as the last frame of a closed file (a zstd skippable frame, variant 2):
/// entries (offset u64, firstSeq u64, firstTime i64) then a 44-byte footer: frame count
/// u32, record count u64, last seq u64, last time i64, flags u32 (bit 0: final segment),
/// crc32 u32 of entries and footer fields, magic "MMJINDEX". When it is missing (the
/// writer crashed, or is still writing) readers rebuild it by walking the descriptors.
struct JournalIndex: Equatable {
    var entries: [FrameIndexEntry]
    var recordCount: UInt64
    var lastSeq: UInt64
    var lastTime: Int64
    /// Whether no segment follows this one.
    var isFinal: Bool

    static let footerSize = 44

    func encode() -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(self.entries.count * 24 + Self.footerSize)
        for entry in self.entries {
            payload.appendLittleEndian(entry.offset)
            payload.appendLittleEndian(entry.firstSeq)
            payload.appendLittleEndian(entry.firstTime)
        }
        payload.appendLittleEndian(UInt32(self.entries.count))
        payload.appendLittleEndian(self.recordCount)
        payload.appendLittleEndian(self.lastSeq)
        payload.appendLittleEndian(self.lastTime)
        payload.appendLittleEndian(UInt32(self.isFinal ? 1 : 0))
        payload.appendLittleEndian(CRC32.checksum(payload))
        payload.append(contentsOf: JournalFormat.indexMagic)
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(JournalFormat.indexFrameMagic)
        bytes.appendLittleEndian(UInt32(payload.count))
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// Reads the index at the end of a file, if the file ends with a valid one.
    /// Returns the index and the offset where its frame starts.
    static func readTrailing(from file: FileHandle, fileSize: UInt64, bodyStart: UInt64) throws(JournalError) -> (JournalIndex, UInt64)? {
        let minimum = UInt64(JournalFormat.skippableHeaderSize + Self.footerSize)
        guard fileSize >= bodyStart + minimum else { return nil }
        let footer = try file.read(count: Self.footerSize, at: fileSize - UInt64(Self.footerSize))
        guard footer.count == Self.footerSize, Array(footer[36..<44]) == JournalFormat.indexMagic else { return nil }
        let count = footer.withUnsafeBytes { $0.littleEndian(at: 0, as: UInt32.self) }
        let payloadSize = UInt64(count) * 24 + UInt64(Self.footerSize)
        guard fileSize >= bodyStart + payloadSize + 8 else { return nil }
        let start = fileSize - payloadSize - 8
        let frame = try file.read(count: Int(payloadSize) + 8, at: start)
        return frame.withUnsafeBytes { raw -> (JournalIndex, UInt64)? in
            guard raw.littleEndian(at: 0, as: UInt32.self) == JournalFormat.indexFrameMagic,
                  UInt64(raw.littleEndian(at: 4, as: UInt32.self)) == payloadSize else { return nil }
            let payload = UnsafeRawBufferPointer(rebasing: raw[8...])
            let crcAt = Int(payloadSize) - 12
            guard CRC32.checksum(UnsafeRawBufferPointer(rebasing: payload[0..<crcAt])) == payload.littleEndian(at: crcAt, as: UInt32.self) else { return nil }
            var entries: [FrameIndexEntry] = []
            entries.reserveCapacity(Int(count))
            for i in 0..<Int(count) {
                entries.append(FrameIndexEntry(offset: payload.littleEndian(at: i * 24),
                                               firstSeq: payload.littleEndian(at: i * 24 + 8),
                                               firstTime: payload.littleEndian(at: i * 24 + 16)))
            }
            let f = Int(count) * 24
            let index = JournalIndex(entries: entries, recordCount: payload.littleEndian(at: f + 4),
                                     lastSeq: payload.littleEndian(at: f + 12), lastTime: payload.littleEndian(at: f + 20),
                                     isFinal: (payload.littleEndian(at: f + 28, as: UInt32.self) & 1) != 0)
            return (index, start)
        }
    }
}
