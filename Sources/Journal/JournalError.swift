/// Everything that can go wrong reading or writing a journal, with where it happened.
///
/// Offsets are byte offsets in the named file. Messages say what to do next.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// The file does not start with a journal header.
    case notAJournal(path: String, reason: String)
    /// The header was written by a newer format version than this build reads (version
    /// 0, which no build writes, is ``corruptHeader(path:reason:)`` instead).
    case unsupportedVersion(path: String, found: UInt16, supported: UInt16)
    /// The file ends inside the header.
    case truncatedHeader(path: String, bytes: Int, needed: Int)
    /// The header is complete but damaged.
    case corruptHeader(path: String, reason: String)
    /// A complete frame in the body failed its checks: never skipped silently.
    case corruptFrame(path: String, offset: UInt64, seq: String, reason: String)
    /// The journal ends with an incomplete frame (a write cut short by a crash).
    case tornTail(path: String, offset: UInt64, bytes: UInt64)
    /// A segment of a directory journal is missing.
    case missingSegment(path: String, segment: String)
    /// Segments do not continue each other's sequence numbers.
    case segmentGap(path: String, segment: String, expectedSeq: UInt64, foundSeq: UInt64)
    /// Another process holds the journal open for writing.
    case locked(path: String)
    /// An operating-system call failed.
    case io(path: String, operation: String, errno: Int32, message: String)
    /// zstd refused to compress or decompress.
    case compression(reason: String)
    /// A record's virtual time is before the previous record's.
    case timeWentBackwards(seq: UInt64, time: Int64, previous: Int64)
    /// A record is larger than the format allows.
    case recordTooLarge(bytes: Int, limit: Int)
    /// The writer was used after `close()`.
    case closed(path: String)
    /// A path that is neither a journal file nor a segment directory, or a bad option.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .emptyFile(let path):
            return "\(path): empty file, not a journal"
        case .notAJournal(let path, let reason):
            return "\(path): not a journal (\(reason))"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path): journal format version \(found) is newer than this build supports (\(supported)); upgrade mm-replay"
        case .truncatedHeader(let path, let bytes, let needed):
            return "\(path): truncated header: the file has \(bytes) byte(s), the header needs \(needed)"
        case .corruptHeader(let path, let reason):
            return "\(path): corrupt header: \(reason)"
        case .corruptFrame(let path, let offset, let seq, let reason):
            return "\(path): corrupt frame at offset \(offset) (seq \(seq)): \(reason)"
        case .tornTail(let path, let offset, let bytes):
            return "\(path): torn tail at offset \(offset): \(bytes) byte(s) of an incomplete frame; `mm-replay journal repair` truncates it"
        case .missingSegment(let path, let segment):
            return "\(path): segment \(segment) is missing"
        case .segmentGap(let path, let segment, let expected, let found):
            return "\(path): segment \(segment) starts at seq \(found), expected \(expected): a segment is missing or damaged"
        case .locked(let path):
            return "\(path): another process is writing this journal (its lock is held)"
        case .io(let path, let operation, let errno, let message):
            return "\(path): \(operation) failed: \(message) (errno \(errno))"
        case .compression(let reason):
            return "zstd: \(reason)"
        case .timeWentBackwards(let seq, let time, let previous):
            return "record seq \(seq) has time \(time), before the previous record's \(previous): journal time must not decrease"
        case .recordTooLarge(let bytes, let limit):
            return "record of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .closed(let path):
            return "\(path): the journal writer is closed"
        case .invalidArgument(let message):
            return message
        }
    }
}
