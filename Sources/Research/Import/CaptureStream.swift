import Foundation

/// One capture file read and decoded on a background thread (decompression, line
/// splitting and frame decoding), handed to the importing thread in batches through a
/// bounded queue, so the two cores split the work: this thread decodes while the
/// importing one normalizes, encodes and writes. Order is kept, and an error (an
/// unreadable or corrupt file) is thrown by ``next()`` after every line before it, as
/// reading on one thread would.
///
/// Sendable by its condition: what both threads touch is guarded by `condition`;
/// `current`, `consumed` and `lineNumber` are the importing thread's alone.
final class CaptureStream: @unchecked Sendable {
    /// A decoded line and its number in the file.
    typealias Entry = (line: UInt64, item: FileCursor.Item)

    /// The file's path, for errors.
    let path: String
    /// The number of the line ``next()`` returned last.
    private(set) var lineNumber: UInt64 = 0

    private let lifetime = ProducerLifetime()
    private var condition: NSCondition { self.lifetime.condition }
    /// Decoded batches, oldest first.
    private var batches: [[Entry]] = []
    /// Emptied batches, for the decoding thread to fill again.
    private var spare: [[Entry]] = []
    private var finished = false
    private var failure: (any Error)?
    private var totalBytes: UInt64 = 0
    private let batchSize: Int
    private let maxBatches: Int
    /// The batch being consumed and how far (importing thread only).
    private var current: [Entry] = []
    private var consumed = 0

    /// Starts decoding `cursor` on a new thread; ``stop()`` (or reading to the end) ends it.
    init(cursor: FileCursor, batchSize: Int = 256, maxBatches: Int = 8) {
        self.path = cursor.path
        self.batchSize = batchSize
        self.maxBatches = maxBatches
        nonisolated(unsafe) let cursor = cursor
        let thread = Thread { [self] in self.produce(cursor) }
        thread.name = "import-decode"
        thread.start()
    }

    deinit { self.stop() }

    /// Input bytes (decompressed) the file held, once ``next()`` returned nil.
    var bytesRead: UInt64 {
        self.condition.lock()
        defer { self.condition.unlock() }
        return self.totalBytes
    }

    private func produce(_ cursor: FileCursor) {
        var batch: [Entry] = []
        batch.reserveCapacity(self.batchSize)
        do {
            while let item = try cursor.next() {
                batch.append((cursor.lineNumber, item))
                if batch.count == self.batchSize {
                    guard self.push(&batch) else { return self.lifetime.exit() }
                }
            }
            guard self.push(&batch) else { return self.lifetime.exit() }
            self.finish(nil, bytes: cursor.bytesRead)
        } catch {
            _ = self.push(&batch)
            self.finish(error, bytes: cursor.bytesRead)
        }
        self.lifetime.exit()
    }

    /// Queues `batch` and gives back an empty one; false once stopped.
    private func push(_ batch: inout [Entry]) -> Bool {
        guard !batch.isEmpty else { return true }
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.batches.count >= self.maxBatches && !self.lifetime.stopped { self.condition.wait() }
        if self.lifetime.stopped { return false }
        self.batches.append(batch)
        batch = self.spare.popLast() ?? []
        batch.reserveCapacity(self.batchSize)
        self.condition.broadcast()
        return true
    }

    private func finish(_ error: (any Error)?, bytes: UInt64) {
        self.condition.lock()
        self.failure = error
        self.totalBytes = bytes
        self.finished = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// The next decoded line, or nil at the end of the file; throws the file's error
    /// where it occurred.
    func next() throws -> FileCursor.Item? {
        if self.consumed == self.current.count, try !self.take() { return nil }
        let entry = self.current[self.consumed]
        self.consumed += 1
        self.lineNumber = entry.line
        return entry.item
    }

    /// Swaps the consumed batch for the next one; false at the end.
    private func take() throws -> Bool {
        self.current.removeAll(keepingCapacity: true)
        self.consumed = 0
        self.condition.lock()
        defer { self.condition.unlock() }
        self.spare.append(self.current)
        self.current = []
        while self.batches.isEmpty && !self.finished { self.condition.wait() }
        if self.batches.isEmpty {
            if let failure = self.failure { throw failure }
            return false
        }
        self.current = self.batches.removeFirst()
        self.condition.broadcast()
        return true
    }

    /// Stops the decoding thread and waits until it has let go of the file (when the
    /// import stops early, or is done).
    func stop() { self.lifetime.stop() }
}
