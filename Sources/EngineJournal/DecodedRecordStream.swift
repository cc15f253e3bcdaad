import Engine
import Foundation
import Journal
import Synchronization

/// Reads and decodes a journal on a background thread, handing over batches of
/// decoded records through a bounded queue, so decompression and decoding run on one
/// core while the engine runs on the other. Order is preserved; errors are rethrown by
/// ``next()`` where they occurred in the stream.
///
/// Items are moved out to the consumer, not copied, and a consumer that is done with an
/// input event hands it back with ``recycle(_:)``: the decoding thread then releases it.
/// Between the two, the consumer thread never writes the reference counts of the decoded
/// arrays (it only reads their levels), so their cache lines are not bounced between the
/// cores, and they are freed by the thread whose heap arena allocated them.
///
/// Sendable by its condition: what both threads touch is guarded by `condition` (its
/// waits are what `Synchronization.Mutex` lacks) or atomic (`bytesRead`); `current` and
/// `recycled` are the consumer's alone.
package final class DecodedRecordStream: @unchecked Sendable {
    /// One record of the journal, decoded.
    package enum Item {
        case input(seq: UInt64, time: Int64, event: Event)
        case output(seq: UInt64, time: Int64, command: Command)
        /// A record type this build does not know.
        case unknown
    }

    private let condition = NSCondition()
    /// Decoded batches, each in reverse order (the consumer pops from the end).
    private var batches: [[Item]] = []
    /// Events the consumer recycled, waiting for the producer to release them.
    private var spent: [[Event]] = []
    private var finished = false
    private var failure: Error?
    private var readerEnding: JournalEnding?
    /// Set when ``next()`` returned `nil` (consumer thread only).
    private var drained = false
    private var stopped = false
    /// The batch being consumed, reversed. (Consumer thread only; not checked for
    /// exclusive access at run time: a per-record cost on the replay path.)
    @exclusivity(unchecked) private var current: [Item] = []
    /// Events recycled since the current batch was taken (consumer thread only).
    @exclusivity(unchecked) private var recycled: [Event] = []
    private let compressedBytesRead = Atomic<UInt64>(0)
    /// Compressed journal bytes the decoding thread has read so far (any thread may ask).
    package var bytesRead: UInt64 { self.compressedBytesRead.load(ordering: .relaxed) }
    private var thread: Thread?
    private let batchSize: Int
    private let maxBatches: Int
    /// The journal's path, for errors.
    package let path: String

    package init(reader: JournalReader, batchSize: Int = 1024, maxBatches: Int = 8) {
        self.batchSize = batchSize
        self.maxBatches = maxBatches
        self.path = reader.path
        nonisolated(unsafe) let reader = reader
        let thread = Thread { [self] in self.produce(reader) }
        thread.name = "journal-decode"
        self.thread = thread
        thread.start()
    }

    private func produce(_ reader: JournalReader) {
        do {
            var batch: [Item] = []
            batch.reserveCapacity(self.batchSize)
            while let record = try reader.next() {
                if !EngineRecord.isKnown(tag: record.type) {  // snapshots and unknown types
                    batch.append(.unknown)
                } else {
                    switch try record.decode(in: self.path) {
                    case .input(let event): batch.append(.input(seq: record.seq, time: record.time, event: event))
                    case .output(let command): batch.append(.output(seq: record.seq, time: record.time, command: command))
                    }
                }
                if batch.count == self.batchSize {
                    if !self.push(&batch, bytes: reader.statistics.compressedBytes) { return }
                    batch.reserveCapacity(self.batchSize)
                }
            }
            _ = self.push(&batch, bytes: reader.statistics.compressedBytes)
            self.finish(nil, ending: reader.ending)
        } catch {
            self.finish(error)
        }
    }

    deinit { self.stop() }

    /// Queues `batch` (reversed; left empty) and releases what the consumer recycled.
    private func push(_ batch: inout [Item], bytes: UInt64) -> Bool {
        batch.reverse()
        self.condition.lock()
        while self.batches.count >= self.maxBatches && !self.stopped { self.condition.wait() }
        if self.stopped {
            self.condition.unlock()
            return false
        }
        self.batches.append(batch)
        batch = []
        self.compressedBytesRead.store(bytes, ordering: .relaxed)
        self.condition.broadcast()
        let spent = self.spent
        self.spent = []
        self.condition.unlock()
        _ = consume spent
        return true
    }

    private func finish(_ error: Error?, ending: JournalEnding? = nil) {
        self.condition.lock()
        self.failure = error
        self.readerEnding = ending
        self.finished = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// The next record, moved out of the stream; `nil` at the end. Throws the reader's
    /// error in stream order.
    package func next() throws -> Item? {
        if let item = self.current.popLast() { return item }
        self.condition.lock()
        while self.batches.isEmpty && !self.finished { self.condition.wait() }
        if self.batches.isEmpty {
            let failure = self.failure
            self.condition.unlock()
            if let failure { throw failure }
            self.drained = true
            return nil
        }
        self.current = self.batches.removeFirst()
        if !self.recycled.isEmpty {
            self.spent.append(self.recycled)
            self.recycled = []
        }
        self.condition.broadcast()
        self.condition.unlock()
        self.recycled.reserveCapacity(self.batchSize)
        return self.current.popLast()
    }

    /// How the journal ended, once ``next()`` has returned `nil` (before that, or after
    /// an error, `nil`). A `.tornTail` means the records before it were all read and the
    /// incomplete frame was ignored.
    package var ending: JournalEnding? {
        guard self.drained else { return nil }
        self.condition.lock()
        defer { self.condition.unlock() }
        return self.readerEnding
    }

    /// The torn tail the stream stopped before, once it reached the end.
    package var tornTail: TornTail? {
        guard case .tornTail(let path, let offset, let bytes)? = self.ending else { return nil }
        return TornTail(path: path, offset: offset, bytes: bytes)
    }

    /// Hands an input event the consumer is done with back to the decoding thread, which
    /// releases it (optional: an event simply dropped is released by the consumer).
    package func recycle(_ event: consuming Event) {
        self.recycled.append(event)
    }

    /// Stops the producer (when the consumer stops early).
    package func stop() {
        self.condition.lock()
        self.stopped = true
        self.condition.broadcast()
        self.condition.unlock()
    }
}
