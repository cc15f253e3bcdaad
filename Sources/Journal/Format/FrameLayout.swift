/// Constants of the journal's byte layout (docs/journal.md, "The byte format").
///
/// A journal file is a valid zstd stream: the header, the frame descriptors and the
/// index are zstd *skippable* frames, so `zstd -dc journal.mmj` prints the raw records.
public enum JournalFormat {
    /// The format version this build writes and reads.
    public static let version: UInt16 = 1
    /// The eight bytes that open the header payload.
    static let headerMagic: [UInt8] = Array("MMJOURNL".utf8)
    /// The eight bytes that end a closed journal (the last bytes of the index frame).
    static let indexMagic: [UInt8] = Array("MMJINDEX".utf8)

    /// zstd skippable-frame magic, variant 0: the header.
    static let headerFrameMagic: UInt32 = 0x184D_2A50
    /// zstd skippable-frame magic, variant 1: a frame descriptor.
    static let descriptorFrameMagic: UInt32 = 0x184D_2A51
    /// zstd skippable-frame magic, variant 2: the index written on close.
    static let indexFrameMagic: UInt32 = 0x184D_2A52
    /// The magic of a standard zstd data frame.
    static let zstdFrameMagic: UInt32 = 0xFD2F_B528

    /// Size of a skippable frame's own header: magic u32 + size u32.
    static let skippableHeaderSize = 8
    /// The largest record payload accepted (16 MiB).
    public static let maxPayloadSize = 16 << 20
    /// The largest raw frame a reader accepts (64 MiB), so a corrupt size cannot make it
    /// allocate without bound.
    static let maxFrameRawSize = 64 << 20
}

/// The descriptor written (as a skippable frame) in front of every data frame: where the
/// frame ends and which records it holds, so seeking and recovery never decompress.
///
/// Payload (48 bytes): compressedSize u32, rawSize u32, recordCount u32, firstSeq u64,
/// lastSeq u64, firstTime i64, lastTime i64, crc32 u32 of the preceding 44 bytes.
struct FrameDescriptor: Equatable, Sendable {
    var compressedSize: UInt32
    var rawSize: UInt32
    var recordCount: UInt32
    var firstSeq: UInt64
    var lastSeq: UInt64
    var firstTime: Int64
    var lastTime: Int64

    static let payloadSize = 48
    /// Skippable header + payload.
    static let encodedSize = JournalFormat.skippableHeaderSize + payloadSize

    func append(to bytes: inout [UInt8]) {
        bytes.appendLittleEndian(JournalFormat.descriptorFrameMagic)
        bytes.appendLittleEndian(UInt32(Self.payloadSize))
        let start = bytes.count
        bytes.appendLittleEndian(self.compressedSize)
        bytes.appendLittleEndian(self.rawSize)
        bytes.appendLittleEndian(self.recordCount)
        bytes.appendLittleEndian(self.firstSeq)
        bytes.appendLittleEndian(self.lastSeq)
        bytes.appendLittleEndian(self.firstTime)
        bytes.appendLittleEndian(self.lastTime)
        let crc = bytes[start...].withUnsafeBytes { CRC32.checksum($0) }
        bytes.appendLittleEndian(crc)
    }

    /// Decodes the 48-byte payload; `nil` when its CRC does not match.
    init?(payload: UnsafeRawBufferPointer) {
        guard payload.count == Self.payloadSize else { return nil }
        let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: payload[0..<44]))
        guard crc == payload.littleEndian(at: 44, as: UInt32.self) else { return nil }
        self.compressedSize = payload.littleEndian(at: 0)
        self.rawSize = payload.littleEndian(at: 4)
        self.recordCount = payload.littleEndian(at: 8)
        self.firstSeq = payload.littleEndian(at: 12)
        self.lastSeq = payload.littleEndian(at: 20)
        self.firstTime = payload.littleEndian(at: 28)
        self.lastTime = payload.littleEndian(at: 36)
    }

    init(compressedSize: UInt32, rawSize: UInt32, recordCount: UInt32, firstSeq: UInt64, lastSeq: UInt64, firstTime: Int64, lastTime: Int64) {
        self.compressedSize = compressedSize
        self.rawSize = rawSize
        self.recordCount = recordCount
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.firstTime = firstTime
        self.lastTime = lastTime
    }
}
