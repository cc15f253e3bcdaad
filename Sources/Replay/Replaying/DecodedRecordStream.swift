import Engine
import Foundation
import Journal

/// Reads and decodes a journal on a background thread, handing over batches of
/// decoded records through a bounded queue, so decompression and decoding run on one
/// core while the engine runs on the other. Order is preserved; errors are rethrown by
/// ``next()`` where they occurred in the stream.
final class DecodedRecordStream: @unchecked Sendable {
    /// One record of the journal, decoded.
    enum Item {
        case input(seq: UInt64, time: Int64, event: Event)
        case output(seq: UInt64, time: Int64, command: Command)
        /// A record type this build does not know.
        case unknown
    }

    private let condition = NSCondition()
    private var batches: [[Item]] = []
    /// Batches the consumer is done with, handed back so that the producer thread,
    /// whose heap arena allocated their events, also frees them.
    private var spent: [[Item]] = []
    private var finished = false
    private var failure: Error?
    private var stopped = false
    private var current: [Item] = []
    private var index = 0
    private(set) var bytesRead: UInt64 = 0
    private var thread: Thread?
    private let batchSize: Int
    private let maxBatches: Int

    init(reader: JournalReader, batchSize: Int = 1024, maxBatches: Int = 8) {
        self.batchSize = batchSize
        self.maxBatches = maxBatches
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
                    switch try record.decode() {
                    case .input(let event): batch.append(.input(seq: record.seq, time: record.time, event: event))
                    case .output(let command): batch.append(.output(seq: record.seq, time: record.time, command: command))
                    }
                }
                if batch.count == self.batchSize {
                    if !self.push(batch, bytes: reader.statistics.compressedBytes) { return }
                    batch = []
                    batch.reserveCapacity(self.batchSize)
                }
            }
            _ = self.push(batch, bytes: reader.statistics.compressedBytes)
            self.finish(nil)
        } catch {
            self.finish(error)
        }
    }

    deinit { self.stop() }

    private func push(_ batch: [Item], bytes: UInt64) -> Bool {
        self.condition.lock()
        defer { self.condition.unlock() }
        while self.batches.count >= self.maxBatches && !self.stopped { self.condition.wait() }
        if self.stopped { return false }
        self.batches.append(batch)
        self.bytesRead = bytes
        self.condition.broadcast()
        let spent = self.spent
        self.spent = []
        self.condition.unlock()
        _ = consume spent
        self.condition.lock()
        return true
    }

    private func finish(_ error: Error?) {
        self.condition.lock()
        self.failure = error
        self.finished = true
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// The next record, `nil` at the end; throws the reader's error in stream order.
    func next() throws -> Item? {
        if self.index < self.current.count {
            defer { self.index += 1 }
            return self.current[self.index]
        }
        self.condition.lock()
        while self.batches.isEmpty && !self.finished { self.condition.wait() }
        if self.batches.isEmpty {
            let failure = self.failure
            self.condition.unlock()
            if let failure { throw failure }
            return nil
        }
        self.spent.append(self.current)
        self.current = self.batches.removeFirst()
        self.condition.broadcast()
        self.condition.unlock()
        self.index = 0
        return try self.next()
    }

    /// Stops the producer (when the consumer stops early).
    func stop() {
        self.condition.lock()
        self.stopped = true
        self.condition.broadcast()
        self.condition.unlock()
    }
}
