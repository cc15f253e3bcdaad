/// Appends records to one journal file: batches them into frames and hands each full
/// frame to a ``FrameCommitter`` (compression, write, sync); on close, writes the index.
final class SegmentWriter {
    let path: String
    private let file: FileHandle
    private let options: JournalWriterOptions
    private let committer: FrameCommitter
    private(set) var recordCount: UInt64

    // The open frame.
    private var raw: [UInt8]
    private var frameRecords: UInt32 = 0
    private var frameFirstSeq: UInt64 = 0
    private var frameFirstTime: Int64 = 0
    private var frameOpenedAt: ContinuousClock.Instant?

    private(set) var lastSeq: UInt64
    private(set) var lastTime: Int64
    private(set) var firstTime: Int64?
    /// Raw bytes in this segment (committed frames and the open one).
    private(set) var rawBytes: UInt64 = 0
    private var isClosed = false

    /// Creates a new file with a header.
    init(creating path: String, metadata: JournalMetadata, options: JournalWriterOptions, lastSeq: UInt64, lastTime: Int64) throws(JournalError) {
        self.path = path
        self.options = options
        let file = try FileHandle.openForWriting(path, create: true)
        try file.lockExclusively()
        self.file = file
        let header = JournalHeader.encode(metadata)
        try header.withBytes { (raw) throws(JournalError) in try file.write(raw, at: 0) }
        if options.fsync != .never { try file.synchronizeData() }
        self.committer = FrameCommitter(file: file, compressor: try ZstdCompressor(level: options.compressionLevel), fsync: options.fsync,
                                        offset: UInt64(header.count), index: [], lastSeq: lastSeq, threaded: options.backgroundCommit)
        self.recordCount = 0
        self.lastSeq = lastSeq
        self.lastTime = lastTime
        self.raw = self.committer.takeBuffer(capacity: options.frameSize + 4096)
    }

    /// Opens an existing file to continue it: it must end at a frame boundary (repair a
    /// torn tail first); a closing index is removed and rewritten on close.
    init(continuing path: String, options: JournalWriterOptions, expectedFirstSeq: UInt64) throws(JournalError) {
        self.path = path
        self.options = options
        let file = try FileHandle.openForWriting(path, create: false)
        try file.lockExclusively()
        self.file = file
        let size = try file.size()
        let header = try JournalHeader.read(from: file, fileSize: size)
        var scanner = FrameScanner(file: file, fileSize: size, bodyStart: UInt64(header.encodedSize), lastSeq: expectedFirstSeq - 1)
        var entries: [FrameIndexEntry] = []
        var records: UInt64 = 0
        var lastTime: Int64 = .min
        var rawBytes: UInt64 = 0
        var end = UInt64(header.encodedSize)
        var firstTime: Int64?
        var lastFrame: (offset: UInt64, firstSeq: UInt64)?
        scan: while true {
            switch try scanner.next() {
            case .frame(let offset, let d):
                lastFrame = (offset, d.firstSeq)
                entries.append(FrameIndexEntry(offset: offset, firstSeq: d.firstSeq, firstTime: d.firstTime))
                records += UInt64(d.recordCount)
                lastTime = d.lastTime
                rawBytes += UInt64(d.rawSize)
                end = scanner.offset
                if firstTime == nil { firstTime = d.firstTime }
            case .end:
                break scan
            case .tornTail(let offset, let bytes):
                // The zeros may begin in the frame before (then the tail starts there).
                try Self.checkLastFrame(lastFrame, end: end, scanner: scanner, path: path, expectedFirstSeq: expectedFirstSeq)
                throw .tornTail(path: path, offset: offset, bytes: bytes)
            }
        }
        try Self.checkLastFrame(lastFrame, end: end, scanner: scanner, path: path, expectedFirstSeq: expectedFirstSeq)
        try file.truncate(to: end)  // drops the closing index, if any
        self.committer = FrameCommitter(file: file, compressor: try ZstdCompressor(level: options.compressionLevel), fsync: options.fsync,
                                        offset: end, index: entries, lastSeq: scanner.lastSeq, threaded: options.backgroundCommit)
        self.recordCount = records
        self.lastSeq = scanner.lastSeq
        self.lastTime = lastTime
        self.firstTime = firstTime
        self.rawBytes = rawBytes
        self.raw = self.committer.takeBuffer(capacity: options.frameSize + 4096)
    }

    /// The descriptor walk does not decompress, so a last frame whose bytes a power loss
    /// zeroed looks complete: when the file ends with zeros from inside it, decompress it
    /// and refuse (torn tail from that frame on: repair first) unless it checks out.
    private static func checkLastFrame(_ frame: (offset: UInt64, firstSeq: UInt64)?, end: UInt64, scanner: FrameScanner,
                                       path: String, expectedFirstSeq: UInt64) throws(JournalError) {
        guard let frame, try scanner.isZeroFilledTail(unitAt: frame.offset, claimedEnd: end) else { return }
        try Self.checkNotZeroFilled(path, frameAt: frame.offset, firstSeq: frame.firstSeq, expectedFirstSeq: expectedFirstSeq)
    }

    /// Throws the torn tail that reading from the frame at `offset` on finds, if any.
    private static func checkNotZeroFilled(_ path: String, frameAt offset: UInt64, firstSeq: UInt64,
                                           expectedFirstSeq: UInt64) throws(JournalError) {
        let reader = try SegmentReader(path: path, expectedFirstSeq: expectedFirstSeq, decompressor: try ZstdDecompressor())
        try reader.seek(seq: firstSeq, time: nil)
        var step = try reader.next()
        while case .record = step { step = try reader.next() }
        if case .end(.tornTail(let tornPath, let tornOffset, let bytes), _) = step {
            throw .tornTail(path: tornPath, offset: tornOffset, bytes: bytes)
        }
    }

    /// A writer dropped without `close()` stops its commit thread (frames not yet
    /// committed are lost, as with a killed process; complete frames read back).
    deinit { self.committer.stop() }

    var writtenSeq: UInt64 { self.committer.writtenSeq }
    var syncedSeq: UInt64 { self.committer.syncedSeq }

    /// Appends one record; `encode` appends the payload bytes to the frame buffer.
    @inline(__always)
    func append(seq: UInt64, type: UInt16, time: Int64, encode: (inout [UInt8]) -> Void) throws(JournalError) {
        if self.isClosed { throw .closed(path: self.path) }
        let start = RecordHeader.openRecord(seq: seq, time: time, type: type, in: &self.raw)
        encode(&self.raw)
        let length = self.raw.count - start - RecordHeader.size
        if length > JournalFormat.maxPayloadSize {
            self.raw.removeSubrange(start...)
            throw .recordTooLarge(bytes: length, limit: JournalFormat.maxPayloadSize)
        }
        RecordHeader.closeRecord(startingAt: start, in: &self.raw)
        if self.frameRecords == 0 {
            self.frameFirstSeq = seq
            self.frameFirstTime = time
            if self.options.flushInterval != nil { self.frameOpenedAt = .now }
        }
        if self.firstTime == nil { self.firstTime = time }
        self.frameRecords += 1
        self.lastSeq = seq
        self.lastTime = time
        self.recordCount += 1
        self.rawBytes += UInt64(RecordHeader.size + length)
        if self.raw.count >= self.options.frameSize || self.isFlushDue {
            try self.closeFrame()
        }
    }

    private var isFlushDue: Bool {
        guard let interval = self.options.flushInterval, let opened = self.frameOpenedAt else { return false }
        return ContinuousClock.now - opened >= interval
    }

    /// Hands the open frame to the committer without waiting for it to be written.
    private func closeFrame() throws(JournalError) {
        guard self.frameRecords > 0 else { return }
        let frame = PendingFrame(raw: self.raw, recordCount: self.frameRecords, firstSeq: self.frameFirstSeq,
                                 lastSeq: self.lastSeq, firstTime: self.frameFirstTime, lastTime: self.lastTime)
        self.raw = self.committer.takeBuffer(capacity: self.options.frameSize + 4096)
        self.frameRecords = 0
        self.frameOpenedAt = nil
        try self.committer.submit(frame)
    }

    /// Closes the open frame if its flush interval has passed, without waiting for the
    /// write (for a driver's timer).
    func flushIfDue() throws(JournalError) {
        if self.frameRecords > 0 && self.isFlushDue { try self.closeFrame() }
    }

    /// Closes the open frame and waits until every frame is written (synced per policy).
    func flush() throws(JournalError) {
        try self.closeFrame()
        try self.committer.drain()
    }

    /// Writes everything and forces it to stable storage.
    func sync() throws(JournalError) {
        try self.closeFrame()
        try self.committer.sync()
    }

    /// Writes the open frame and the index; `isFinal`: no segment follows.
    func close(isFinal: Bool) throws(JournalError) {
        guard !self.isClosed else { return }
        try self.closeFrame()
        let recordCount = self.recordCount
        let lastSeq = self.lastSeq
        let lastTime = self.lastTime
        try self.committer.finish(trailer: { entries in
            JournalIndex(entries: entries, recordCount: recordCount, lastSeq: lastSeq, lastTime: lastTime, isFinal: isFinal).encode()
        }, sync: self.options.fsync != .never)
        self.isClosed = true
        self.file.close()
    }
}
