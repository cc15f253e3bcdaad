/// The record layout: the one owner of the 22-byte header that opens every journal record
/// (`seq u64 | time i64 | type u16 | length u32 | payload`, all little-endian).
///
/// The journal writer, the reader and everything that encodes a record outside a journal
/// (the command digest, benchmarks) go through this type, so the layout is written once.
public struct RecordHeader: Equatable, Sendable {
    /// Dense sequence number (in a command digest: the ordinal of the causing input).
    public var seq: UInt64
    /// Nanoseconds on the session's virtual clock.
    public var time: Int64
    /// The record type tag (the registry is Engine's `RecordType`).
    public var type: UInt16
    /// Payload bytes that follow the header.
    public var length: UInt32

    /// Creates a header.
    public init(seq: UInt64, time: Int64, type: UInt16, length: UInt32) {
        self.seq = seq
        self.time = time
        self.type = type
        self.length = length
    }

    /// Bytes in a record header.
    public static let size = 22
    /// Where the length field starts.
    static let lengthOffset = 18

    /// Appends a header whose length is still 0, for a payload appended next; returns
    /// where the record starts (pass it to ``closeRecord(startingAt:in:)``).
    @inline(__always)
    public static func openRecord(seq: UInt64, time: Int64, type: UInt16, in bytes: inout [UInt8]) -> Int {
        let start = bytes.count
        // The header in one append: three words, of which the first 22 bytes are used.
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { h in
            h.storeBytes(of: seq.littleEndian, toByteOffset: 0, as: UInt64.self)
            h.storeBytes(of: time.littleEndian, toByteOffset: 8, as: Int64.self)
            h.storeBytes(of: type.littleEndian, toByteOffset: 16, as: UInt16.self)
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: h[0..<Self.size]).bindMemory(to: UInt8.self))
        }
        return start
    }

    /// Writes the length of the record opened at `start` (everything appended after its
    /// header); returns that length.
    @inline(__always)
    @discardableResult
    public static func closeRecord(startingAt start: Int, in bytes: inout [UInt8]) -> Int {
        let length = bytes.count - start - Self.size
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian) { field in
            bytes.withUnsafeMutableBytes { raw in
                for i in 0..<4 { raw[start + Self.lengthOffset + i] = field[i] }
            }
        }
        return length
    }

    /// Reads the header at `offset`; the caller checks that `size` bytes are there.
    @inline(__always)
    public static func read(from raw: UnsafeRawBufferPointer, at offset: Int = 0) -> RecordHeader {
        RecordHeader(seq: raw.littleEndian(at: offset), time: raw.littleEndian(at: offset + 8),
                     type: raw.littleEndian(at: offset + 16), length: raw.littleEndian(at: offset + Self.lengthOffset))
    }
}
