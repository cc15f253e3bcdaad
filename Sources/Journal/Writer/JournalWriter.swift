/// Appends records to a journal: a single file, or (with a ``RotationPolicy``) a
/// directory of segments read back as one stream.
///
/// Records get dense seqs from 1 and must have non-decreasing virtual times. They are
/// grouped into frames (closed by size, by flush interval, by ``flush()``); each frame is
/// compressed independently and written whole, so a crash loses at most the open frame
/// and leaves at most a torn tail that ``JournalRepair`` removes. One process at a time
/// may write a journal (an advisory lock enforces it).
public final class JournalWriter {
    /// The journal's path.
    public let path: String
    /// The metadata written into each segment's header.
    public let metadata: JournalMetadata
    private let options: JournalWriterOptions
    private var segment: SegmentWriter
    private var segmentNumber: Int
    private var isClosed = false

    /// Creates a new journal; fails if `path` exists.
    public init(creating path: String, metadata: JournalMetadata, options: JournalWriterOptions = .init()) throws(JournalError) {
        try options.validate()
        guard FileSystem.kind(of: path) == .missing else {
            throw .invalidArgument("\(path) already exists; refusing to overwrite a journal")
        }
        self.path = path
        self.options = options
        self.segmentNumber = 1
        var metadata = metadata
        metadata.segment = 1
        self.metadata = metadata
        if options.rotation != nil {
            try FileSystem.makeDirectory(path)
            self.segment = try SegmentWriter(creating: path + "/" + JournalLayout.segmentName(1), metadata: metadata,
                                             options: options, lastSeq: 0, lastTime: .min)
            FileSystem.synchronizeDirectory(path)
        } else {
            self.segment = try SegmentWriter(creating: path, metadata: metadata, options: options, lastSeq: 0, lastTime: .min)
        }
    }

    /// Opens an existing journal to append to it, continuing its seqs. A journal with a
    /// torn tail must be repaired first (``JournalError/tornTail(path:offset:bytes:)``).
    public init(appendingTo path: String, options: JournalWriterOptions = .init()) throws(JournalError) {
        try options.validate()
        let segments = try JournalLayout.segmentPaths(of: path)
        self.path = path
        self.options = options
        var expected: UInt64 = 1
        var metadata: JournalMetadata?
        let decompressor = try ZstdDecompressor()
        for earlier in segments.dropLast() {
            let reader = try SegmentReader(path: earlier, expectedFirstSeq: expected, decompressor: decompressor)
            if metadata == nil { metadata = reader.header.metadata }
            expected = try reader.frameIndex().lastSeq + 1
        }
        let last = segments[segments.count - 1]
        if metadata == nil {
            let file = try FileHandle.openForReading(last)
            metadata = try JournalHeader.read(from: file, fileSize: try file.size()).metadata
        }
        self.metadata = metadata!
        self.segment = try SegmentWriter(continuing: last, options: options, expectedFirstSeq: expected)
        self.segmentNumber = segments.count
        if self.options.rotation != nil && segments.count == 1 && !JournalLayout.isDirectory(path) {
            throw .invalidArgument("\(path) is a single-file journal; rotation needs a segment directory")
        }
    }

    /// The seq the next record will get.
    public var nextSeq: UInt64 { self.segment.lastSeq + 1 }
    /// The time of the last record (`Int64.min` before the first).
    public var lastTime: Int64 { self.segment.lastTime }
    /// The last seq handed to the operating system (survives the process being killed).
    public var writtenSeq: UInt64 { self.segment.writtenSeq }
    /// The last seq known to be on stable storage (survives power loss).
    public var syncedSeq: UInt64 { self.segment.syncedSeq }

    /// Appends a record whose payload `encode` appends to the given buffer (no copy).
    /// Returns the record's seq.
    @discardableResult
    public func append(type: UInt16, time: Int64, encode: (inout [UInt8]) -> Void) throws(JournalError) -> UInt64 {
        if self.isClosed { throw .closed(path: self.path) }
        let seq = self.segment.lastSeq + 1
        if time < self.segment.lastTime {
            throw .timeWentBackwards(seq: seq, time: time, previous: self.segment.lastTime)
        }
        if let rotation = self.options.rotation, self.segment.recordCount > 0 {
            let bySize = rotation.maxRawBytes.map { self.segment.rawBytes >= $0 } ?? false
            let byTime = rotation.maxTimeSpan.map { time.subtractingReportingOverflow(self.segment.firstTime ?? time).partialValue >= $0 } ?? false
            if bySize || byTime { try self.rotate() }
        }
        try self.segment.append(seq: seq, type: type, time: time, encode: encode)
        return seq
    }

    /// Appends a record with the given payload bytes. Returns its seq.
    @discardableResult
    public func append(type: UInt16, time: Int64, payload: some Collection<UInt8>) throws(JournalError) -> UInt64 {
        try self.append(type: type, time: time) { $0.append(contentsOf: payload) }
    }

    /// Appends a record with the payload in `payload` (copied). Returns its seq.
    @discardableResult
    public func append(type: UInt16, time: Int64, payload: UnsafeRawBufferPointer) throws(JournalError) -> UInt64 {
        try self.append(type: type, time: time) { $0.append(contentsOf: payload.bindMemory(to: UInt8.self)) }
    }

    /// Starts the next segment: the current one's frames are written, the next file is
    /// created, and only then is the current one closed (so a reader following the
    /// journal never sees a closed segment without its successor).
    private func rotate() throws(JournalError) {
        try self.segment.flush()
        var metadata = self.metadata
        metadata.segment = self.segmentNumber + 1
        let next = try SegmentWriter(creating: self.path + "/" + JournalLayout.segmentName(self.segmentNumber + 1),
                                     metadata: metadata, options: self.options,
                                     lastSeq: self.segment.lastSeq, lastTime: self.segment.lastTime)
        FileSystem.synchronizeDirectory(self.path)
        try self.segment.close(isFinal: false)
        self.segment = next
        self.segmentNumber += 1
    }

    /// Closes the open frame (group commit on demand) and returns once every frame is
    /// written and synced per policy: afterwards ``writtenSeq`` covers every record.
    public func flush() throws(JournalError) { try self.segment.flush() }

    /// Closes the open frame if its flush interval has passed, without waiting for the
    /// write; for a driver's timer.
    public func flushIfDue() throws(JournalError) { try self.segment.flushIfDue() }

    /// Writes everything and forces it to stable storage (``syncedSeq`` covers every record).
    public func sync() throws(JournalError) { try self.segment.sync() }

    /// Writes the open frame and the index, and releases the journal. Idempotent.
    public func close() throws(JournalError) {
        guard !self.isClosed else { return }
        self.isClosed = true
        try self.segment.close(isFinal: true)
    }
}
