/// Appends records to one journal file: batches them into frames, compresses each frame
/// independently, writes descriptor + frame with one `pwrite`, syncs per policy, and on
/// close writes the index.
final class SegmentWriter {
    let path: String
    private let file: FileHandle
    private let compressor: ZstdCompressor
    private let options: JournalWriterOptions
    /// Where the next unit goes.
    private var offset: UInt64
    private var index: [FrameIndexEntry]
    private(set) var recordCount: UInt64

    // The open frame.
    private var raw: [UInt8] = []
    private var frameRecords: UInt32 = 0
    private var frameFirstSeq: UInt64 = 0
    private var frameFirstTime: Int64 = 0
    private var frameOpenedAt: ContinuousClock.Instant?
    private var output: [UInt8] = []

    private(set) var lastSeq: UInt64
    private(set) var lastTime: Int64
    private(set) var firstTime: Int64?
    /// Raw bytes written to this segment (closed frames and the open one).
    private(set) var rawBytes: UInt64 = 0
    private(set) var writtenSeq: UInt64
    private(set) var syncedSeq: UInt64
    private var lastSync = ContinuousClock.now
    private var isClosed = false

    /// Creates a new file with a header.
    init(creating path: String, metadata: JournalMetadata, options: JournalWriterOptions, lastSeq: UInt64, lastTime: Int64) throws(JournalError) {
        self.path = path
        self.options = options
        let file = try FileHandle.openForWriting(path, create: true)
        try file.lockExclusively()
        self.file = file
        self.compressor = try ZstdCompressor(level: options.compressionLevel)
        let header = JournalHeader.encode(metadata)
        try header.withBytes { (raw) throws(JournalError) in try file.write(raw, at: 0) }
        self.offset = UInt64(header.count)
        self.index = []
        self.recordCount = 0
        self.lastSeq = lastSeq
        self.lastTime = lastTime
        self.writtenSeq = lastSeq
        self.syncedSeq = lastSeq
        self.raw.reserveCapacity(options.frameSize + 4096)
        if options.fsync != .never { try self.file.synchronizeData() }
    }

    /// Opens an existing file to continue it: it must end at a frame boundary (repair a
    /// torn tail first); a closing index is removed and rewritten on close.
    init(continuing path: String, options: JournalWriterOptions, expectedFirstSeq: UInt64) throws(JournalError) {
        self.path = path
        self.options = options
        self.file = try FileHandle.openForWriting(path, create: false)
        try self.file.lockExclusively()
        self.compressor = try ZstdCompressor(level: options.compressionLevel)
        let size = try self.file.size()
        let header = try JournalHeader.read(from: self.file, fileSize: size)
        var scanner = FrameScanner(file: self.file, fileSize: size, bodyStart: UInt64(header.encodedSize), lastSeq: expectedFirstSeq - 1)
        var entries: [FrameIndexEntry] = []
        var records: UInt64 = 0
        var lastTime: Int64 = .min
        var rawBytes: UInt64 = 0
        var end: UInt64 = UInt64(header.encodedSize)
        scan: while true {
            switch try scanner.next() {
            case .frame(let offset, let d):
                entries.append(FrameIndexEntry(offset: offset, firstSeq: d.firstSeq, firstTime: d.firstTime))
                records += UInt64(d.recordCount)
                lastTime = d.lastTime
                rawBytes += UInt64(d.rawSize)
                end = scanner.offset
                if self.firstTime == nil { self.firstTime = d.firstTime }
            case .end(let closing):
                if let closing, closing.lastSeq != scanner.lastSeq { throw .corruptHeader(path: path, reason: "index disagrees with frames") }
                break scan
            case .tornTail(let offset, let bytes):
                throw .tornTail(path: path, offset: offset, bytes: bytes)
            }
        }
        try self.file.truncate(to: end)  // drops the closing index, if any
        self.offset = end
        self.index = entries
        self.recordCount = records
        self.lastSeq = scanner.lastSeq
        self.lastTime = lastTime
        self.rawBytes = rawBytes
        self.writtenSeq = scanner.lastSeq
        self.syncedSeq = scanner.lastSeq
        self.raw.reserveCapacity(options.frameSize + 4096)
    }

    /// Whether a frame has records not yet written.
    var hasOpenFrame: Bool { self.frameRecords > 0 }

    /// Appends one record; `encode` appends the payload bytes to the frame buffer.
    @inline(__always)
    func append(seq: UInt64, type: UInt16, time: Int64, encode: (inout [UInt8]) -> Void) throws(JournalError) {
        if self.isClosed { throw .closed(path: self.path) }
        let start = self.raw.count
        // The 22-byte record header in one append; the length is patched below.
        var header: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &header) { h in
            h.storeBytes(of: seq.littleEndian, toByteOffset: 0, as: UInt64.self)
            h.storeBytes(of: time.littleEndian, toByteOffset: 8, as: Int64.self)
            h.storeBytes(of: type.littleEndian, toByteOffset: 16, as: UInt16.self)
            self.raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: h[0..<JournalFormat.recordHeaderSize]).bindMemory(to: UInt8.self))
        }
        encode(&self.raw)
        let length = self.raw.count - start - JournalFormat.recordHeaderSize
        if length > JournalFormat.maxPayloadSize {
            self.raw.removeSubrange(start...)
            throw .recordTooLarge(bytes: length, limit: JournalFormat.maxPayloadSize)
        }
        withUnsafeBytes(of: UInt32(length).littleEndian) { bytes in
            self.raw.withUnsafeMutableBytes { raw in
                for i in 0..<4 { raw[start + 18 + i] = bytes[i] }
            }
        }
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
        self.rawBytes += UInt64(JournalFormat.recordHeaderSize + length)
        if self.raw.count >= self.options.frameSize {
            try self.writeFrame()
        } else if let interval = self.options.flushInterval, let opened = self.frameOpenedAt, ContinuousClock.now - opened >= interval {
            try self.writeFrame()
        }
    }

    /// Closes the open frame if its flush interval has passed (for a driver's timer).
    func flushIfDue() throws(JournalError) {
        if let interval = self.options.flushInterval, let opened = self.frameOpenedAt, self.frameRecords > 0,
           ContinuousClock.now - opened >= interval {
            try self.writeFrame()
        }
    }

    /// Compresses and writes the open frame, then syncs per policy.
    func writeFrame() throws(JournalError) {
        guard self.frameRecords > 0 else { return }
        let rawCount = self.raw.count
        let bound = ZstdCompressor.bound(rawCount) + FrameDescriptor.encodedSize
        if self.output.count < bound { self.output = [UInt8](repeating: 0, count: bound) }
        let headerSize = FrameDescriptor.encodedSize
        let compressedSize = try self.raw.withBytes { (src) throws(JournalError) -> Int in
            try self.output.withMutableBytes { (dst) throws(JournalError) -> Int in
                try self.compressor.compress(src, into: UnsafeMutableRawBufferPointer(rebasing: dst[headerSize...]))
            }
        }
        var descriptorBytes: [UInt8] = []
        descriptorBytes.reserveCapacity(headerSize)
        FrameDescriptor(compressedSize: UInt32(compressedSize), rawSize: UInt32(rawCount), recordCount: self.frameRecords,
                        firstSeq: self.frameFirstSeq, lastSeq: self.lastSeq, firstTime: self.frameFirstTime,
                        lastTime: self.lastTime).append(to: &descriptorBytes)
        let total = headerSize + compressedSize
        try self.output.withMutableBytes { (out) throws(JournalError) in
            for i in 0..<headerSize { out[i] = descriptorBytes[i] }
            try self.file.write(UnsafeRawBufferPointer(rebasing: out[0..<total]), at: self.offset)
        }
        self.index.append(FrameIndexEntry(offset: self.offset, firstSeq: self.frameFirstSeq, firstTime: self.frameFirstTime))
        self.offset += UInt64(total)
        self.writtenSeq = self.lastSeq
        self.raw.removeAll(keepingCapacity: true)
        self.frameRecords = 0
        self.frameOpenedAt = nil
        switch self.options.fsync {
        case .always:
            try self.sync()
        case .interval(let interval):
            if ContinuousClock.now - self.lastSync >= interval { try self.sync() }
        case .never:
            break
        }
    }

    /// Forces written frames to stable storage.
    func sync() throws(JournalError) {
        try self.file.synchronizeData()
        self.syncedSeq = self.writtenSeq
        self.lastSync = .now
    }

    /// Writes the open frame and the index; `isFinal`: no segment follows.
    func close(isFinal: Bool) throws(JournalError) {
        guard !self.isClosed else { return }
        try self.writeFrame()
        let index = JournalIndex(entries: self.index, recordCount: self.recordCount, lastSeq: self.lastSeq,
                                 lastTime: self.lastTime, isFinal: isFinal)
        let bytes = index.encode()
        try bytes.withBytes { (raw) throws(JournalError) in try self.file.write(raw, at: self.offset) }
        self.offset += UInt64(bytes.count)
        if self.options.fsync != .never { try self.sync() }
        self.isClosed = true
        self.file.close()
    }
}
