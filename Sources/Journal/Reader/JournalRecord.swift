/// One record read from a journal: its stamps, its type tag, and its payload bytes.
///
/// The payload is a slice of the frame it was read from; keeping it keeps that frame's
/// buffer alive, so copy it (`Array(record.payload)`) to keep many records.
public struct JournalRecord: Sendable, Equatable {
    /// Dense sequence number, from 1.
    public var seq: UInt64
    /// Nanoseconds on the session's virtual clock.
    public var time: Int64
    /// The record type tag (its meaning belongs to the writer; see `EngineRecord`).
    public var type: UInt16
    /// The record's payload.
    public var payload: ArraySlice<UInt8>

    public init(seq: UInt64, time: Int64, type: UInt16, payload: ArraySlice<UInt8>) {
        self.seq = seq
        self.time = time
        self.type = type
        self.payload = payload
    }

    /// Bytes the record occupies in a frame (header and payload).
    public var encodedSize: Int { RecordHeader.size + self.payload.count }
}

/// How a journal ended, as far as a reader got.
public enum JournalEnding: Equatable, Sendable {
    /// Closed cleanly: it ends with its index.
    case closed
    /// It ends at a frame boundary without an index: the writer stopped without closing
    /// (killed at a good moment) or is still writing. Every record is intact.
    case unclosed
    /// It ends inside a frame: the bytes from `offset` on are an incomplete write.
    case tornTail(path: String, offset: UInt64, bytes: UInt64)
}
