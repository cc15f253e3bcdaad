import Engine
import Journal

/// A stamped engine value in the journal's record layout (``RecordHeader``, then the
/// versioned payload): how the command digest hashes commands, and how a record is
/// encoded outside a journal writer.
extension Stamped where Payload: TaggedPayload {
    /// Appends the record encoding of this stamped value.
    public func encodeRecord(to writer: inout BinaryWriter) {
        Self.encodeRecord(seq: self.seq, time: self.time, of: self.event, to: &writer)
    }

    /// Appends the record encoding of `payload` stamped `seq` and `time`, without building
    /// the stamped value (which would copy the payload).
    public static func encodeRecord(seq: UInt64, time: Int64, of payload: Payload, to writer: inout BinaryWriter) {
        let start = RecordHeader.openRecord(seq: seq, time: time, type: payload.tag, in: &writer.bytes)
        payload.encodePayload(to: &writer)
        RecordHeader.closeRecord(startingAt: start, in: &writer.bytes)
    }

    /// The record encoding as a new byte array.
    public var recordBytes: [UInt8] {
        var writer = BinaryWriter()
        self.encodeRecord(to: &writer)
        return writer.bytes
    }

    /// Decodes one record that fills `bytes` exactly.
    public init(decodingRecord bytes: some Collection<UInt8>) throws(BinaryDecodingError) {
        let array = Array(bytes)
        let result = array.withUnsafeBytes { raw in
            Result { () throws(BinaryDecodingError) -> Self in
                guard raw.count >= RecordHeader.size else {
                    throw .truncated(what: "record", offset: 0, needed: RecordHeader.size, available: raw.count)
                }
                let header = RecordHeader.read(from: raw)
                let length = Int(header.length)
                let remaining = raw.count - RecordHeader.size
                guard length == remaining else {
                    if length > remaining {
                        throw .truncated(what: "record", offset: RecordHeader.size, needed: length, available: remaining)
                    }
                    throw .trailingBytes(what: "record", count: remaining - length)
                }
                let payload = UnsafeRawBufferPointer(rebasing: raw[RecordHeader.size...])
                return Stamped(seq: header.seq, time: header.time, event: try Payload(tag: header.type, payload: payload))
            }
        }
        self = try result.get()
    }
}
