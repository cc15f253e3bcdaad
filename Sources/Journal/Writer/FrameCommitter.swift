import Foundation

/// A batch of records ready to become a frame.
struct PendingFrame {
    var raw: [UInt8]
    var recordCount: UInt32
    var firstSeq: UInt64
    var lastSeq: UInt64
    var firstTime: Int64
    var lastTime: Int64
}

/// Compresses frames, writes them (descriptor + frame in one `pwrite`) in submission
/// order, and syncs them per policy, on a thread of its own, so the appending thread
/// (the engine's, live) never waits for compression or `fdatasync`.
///
/// Submission is bounded (`maxQueued` frames): a writer faster than the disk waits
/// instead of growing memory. A failure on the commit thread is kept and thrown by the
/// next `submit`, `drain` or `finish`. With `threaded: false` every frame is committed
/// inline, in the caller's thread.
final class FrameCommitter: @unchecked Sendable {
    private let file: FileHandle
    private let compressor: ZstdCompressor
    private let fsync: FsyncPolicy
    private let maxQueued: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    private var queue: [PendingFrame] = []
    private var busy = false
    private var stopping = false
    private var failure: JournalError?
    private var spareBuffers: [[UInt8]] = []
    private var _writtenSeq: UInt64
    private var _syncedSeq: UInt64
    private(set) var offset: UInt64
    private(set) var index: [FrameIndexEntry]
    // Used by the commit thread only:
    private var output: [UInt8] = []
    private var lastSync = ContinuousClock.now
    private var thread: JoinableThread?

    init(file: FileHandle, compressor: ZstdCompressor, fsync: FsyncPolicy, offset: UInt64, index: [FrameIndexEntry],
         lastSeq: UInt64, threaded: Bool, maxQueued: Int = 4) {
        self.file = file
        self.compressor = compressor
        self.fsync = fsync
        self.offset = offset
        self.index = index
        self._writtenSeq = lastSeq
        self._syncedSeq = lastSeq
        self.maxQueued = maxQueued
        if threaded {
            // The thread holds the committer strongly until `stop()`: with an unowned
            // capture, a writer dropped before the thread got to run (a failed import,
            // say) trapped when the thread started during the committer's deinit. The
            // owner (`SegmentWriter`) calls `stop()` when it goes away.
            // (If no thread can be created, every frame is committed inline.)
            self.thread = JoinableThread.start(name: "journal-commit") { self.run() }
        }
    }

    /// The last seq handed to the operating system.
    var writtenSeq: UInt64 { self.condition.withLock { self._writtenSeq } }
    /// The last seq known to be on stable storage.
    var syncedSeq: UInt64 { self.condition.withLock { self._syncedSeq } }

    /// A cleared buffer for the next frame (recycled from committed frames when possible).
    func takeBuffer(capacity: Int) -> [UInt8] {
        if let buffer = self.condition.withLock({ self.spareBuffers.popLast() }) { return buffer }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(capacity)
        return buffer
    }

    /// Queues a frame (waiting while `maxQueued` are pending), or commits it inline.
    func submit(_ frame: consuming PendingFrame) throws(JournalError) {
        guard self.thread != nil else {
            var frame = frame
            try self.commit(&frame)
            return
        }
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.queue.count >= self.maxQueued && self.failure == nil { self.condition.wait() }
        if let failure = self.failure { throw failure }
        self.queue.append(frame)
        self.condition.broadcast()
    }

    /// Waits until every submitted frame is written (and synced per policy).
    func drain() throws(JournalError) {
        self.condition.lock()
        defer { self.condition.unlock() }
        while (!self.queue.isEmpty || self.busy) && self.failure == nil { self.condition.wait() }
        if let failure = self.failure { throw failure }
    }

    /// Forces written frames to stable storage (after draining).
    func sync() throws(JournalError) {
        try self.drain()
        try self.file.synchronizeData()
        self.condition.withLock { self._syncedSeq = self._writtenSeq }
    }

    /// Drains, stops the thread, and appends `trailer` (the index) at the end.
    func finish(trailer: (_ index: [FrameIndexEntry]) -> [UInt8], sync: Bool) throws(JournalError) {
        try self.drain()
        self.stop()
        let bytes = trailer(self.index)
        try bytes.withBytes { (raw) throws(JournalError) in try self.file.write(raw, at: self.offset) }
        self.offset += UInt64(bytes.count)
        if sync {
            try self.file.synchronizeData()
            self.condition.withLock { self._syncedSeq = self._writtenSeq }
        }
    }

    /// Stops the commit thread (frames still queued are dropped: call `drain` first).
    func stop() {
        self.condition.withLock {
            self.stopping = true
            self.condition.broadcast()
        }
        guard let thread = self.thread else { return }
        self.thread = nil
        // The last reference can go on the commit thread itself (the body's capture is
        // released there): it cannot join itself, and is about to return anyway.
        if thread.isCurrent { thread.detach() } else { thread.join() }
    }

    deinit { self.stop() }

    private func run() {
        while true {
            self.condition.lock()
            while self.queue.isEmpty && !self.stopping { self.condition.wait() }
            if self.queue.isEmpty && self.stopping {
                self.condition.unlock()
                return
            }
            var frame = self.queue.removeFirst()
            self.busy = true
            self.condition.unlock()
            do {
                try self.commit(&frame)
            } catch {
                self.condition.withLock {
                    self.failure = error
                    self.queue.removeAll()
                }
            }
            self.condition.withLock {
                self.busy = false
                self.condition.broadcast()
            }
        }
    }

    /// Compresses, writes and (per policy) syncs one frame, then keeps its buffer for the
    /// next frames (taken out of `frame`, so it is uniquely referenced and keeps its
    /// storage: a fresh 256 KiB buffer per frame cost page faults on every frame).
    private func commit(_ frame: inout PendingFrame) throws(JournalError) {
        let rawCount = frame.raw.count
        let headerSize = FrameDescriptor.encodedSize
        let bound = ZstdCompressor.bound(rawCount) + headerSize
        if self.output.count < bound { self.output = [UInt8](repeating: 0, count: bound) }
        let compressedSize = try frame.raw.withBytes { (src) throws(JournalError) -> Int in
            try self.output.withMutableBytes { (dst) throws(JournalError) -> Int in
                try self.compressor.compress(src, into: UnsafeMutableRawBufferPointer(rebasing: dst[headerSize...]))
            }
        }
        var descriptor: [UInt8] = []
        descriptor.reserveCapacity(headerSize)
        FrameDescriptor(compressedSize: UInt32(compressedSize), rawSize: UInt32(rawCount), recordCount: frame.recordCount,
                        firstSeq: frame.firstSeq, lastSeq: frame.lastSeq, firstTime: frame.firstTime,
                        lastTime: frame.lastTime).append(to: &descriptor)
        let total = headerSize + compressedSize
        let at = self.offset
        try self.output.withMutableBytes { (out) throws(JournalError) in
            for i in 0..<headerSize { out[i] = descriptor[i] }
            try self.file.write(UnsafeRawBufferPointer(rebasing: out[0..<total]), at: at)
        }
        var synced = false
        switch self.fsync {
        case .always:
            try self.file.synchronizeData()
            synced = true
        case .interval(let interval):
            if ContinuousClock.now - self.lastSync >= interval {
                try self.file.synchronizeData()
                synced = true
            }
        case .never:
            break
        }
        if synced { self.lastSync = .now }
        var buffer: [UInt8] = []
        swap(&buffer, &frame.raw)
        buffer.removeAll(keepingCapacity: true)
        self.condition.withLock {
            self.index.append(FrameIndexEntry(offset: at, firstSeq: frame.firstSeq, firstTime: frame.firstTime))
            self.offset = at + UInt64(total)
            self._writtenSeq = frame.lastSeq
            if synced { self._syncedSeq = frame.lastSeq }
            if self.spareBuffers.count < self.maxQueued + 1 { self.spareBuffers.append(buffer) }
        }
    }
}
