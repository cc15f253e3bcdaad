/// What ``JournalRepair/repair(path:)`` did.
public struct RepairReport: Equatable, Sendable {
    /// The file that was cut, when there was a torn tail.
    public var path: String?
    /// Where it was cut.
    public var offset: UInt64?
    /// How many bytes were removed (0 when the journal was intact).
    public var removedBytes: UInt64
    /// Whether a closing index was written.
    public var sealed: Bool
    /// The last intact seq.
    public var lastSeq: UInt64
    /// The virtual time of the last intact record (`nil` when there is none).
    public var lastTime: Int64?
}

/// Recovers a journal after a crash.
public enum JournalRepair {
    /// Truncates a torn tail (an incomplete last frame) and writes the index, so the
    /// journal reads back without warnings and can be appended to. Checks every frame
    /// first: a corrupt frame in the middle is reported, never cut away.
    public static func repair(path: String) throws(JournalError) -> RepairReport {
        // Read everything: this checks every complete frame.
        let reader = try JournalReader(path: path)
        var lastTime: Int64?
        while let record = try reader.next() { lastTime = record.time }
        var report = RepairReport(path: nil, offset: nil, removedBytes: 0, sealed: false, lastSeq: 0, lastTime: lastTime)
        if case .tornTail(let tornPath, let offset, let bytes) = reader.ending {
            let file = try FileHandle.openForWriting(tornPath, create: false)
            try file.lockExclusively()
            try file.truncate(to: offset)
            try file.synchronizeData()
            file.close()
            report.path = tornPath
            report.offset = offset
            report.removedBytes = bytes
        }
        if reader.ending != .closed {
            let writer = try JournalWriter(appendingTo: path, options: JournalWriterOptions(fsync: .always))
            report.lastSeq = writer.nextSeq - 1
            try writer.close()
            report.sealed = true
        } else {
            report.lastSeq = reader.lastSeqRead
        }
        return report
    }
}
