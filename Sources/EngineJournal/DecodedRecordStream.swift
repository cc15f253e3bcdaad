import Engine
import Foundation
import Journal
import Synchronization

/// Reads and decodes a journal on a background thread, handing over batches of
/// decoded records through a bounded queue, so decompression and decoding run on one
/// core while the engine runs on the other. Order is preserved; errors are rethrown by
/// ``next()`` where they occurred in the stream.
///
/// Items are moved out to the consumer, never copied: a batch is a buffer of items the
/// consumer takes one at a time, and an emptied buffer goes back to the decoding thread
/// to be filled again (no allocation per batch). A consumer that is done with an input
/// event hands it back with ``recycle(_:)``: the decoding thread then releases it, and
/// reuses a book's level arrays for the next books it decodes. Between the two, the
/// consumer thread never writes the reference counts of the decoded arrays (it only reads
/// their levels), so their cache lines are not bounced between the cores, and they are
/// freed by the thread whose heap arena allocated them.
///
/// Sendable by its condition: what both threads touch is guarded by `condition` (its
/// waits are what `Synchronization.Mutex` lacks) or atomic (`bytesRead`); `current` and
/// `recycled` are the consumer's alone. Without a decoding thread (`threaded: false`)
/// everything is the consumer's.
package final class DecodedRecordStream: @unchecked Sendable {
    /// One record of the journal, decoded.
    package enum Item {
        case input(seq: UInt64, time: Int64, event: Event)
        /// Boxed: a command is several times the size of an event, and items are moved
        /// through batches by value.
        indirect case output(seq: UInt64, time: Int64, command: Command)
        /// A record type this build does not know.
        case unknown
    }

    private let condition = NSCondition()
    /// Filled batches, oldest first.
    private var batches: [ItemBatch] = []
    /// Emptied batches, for the producer to fill again.
    private var emptied: [ItemBatch] = []
    /// Events the consumer recycled, waiting for the producer to release them.
    private var spent: [[Event]] = []
    private var finished = false
    private var failure: Error?
    private var readerEnding: JournalEnding?
    /// Set when ``next()`` returned `nil` (consumer thread only).
    private var drained = false
    private var stopped = false
    /// The batch being consumed. (Consumer thread only; not checked for exclusive access
    /// at run time: a per-record cost on the replay path.)
    @exclusivity(unchecked) private var current: ItemBatch?
    /// Events recycled since the current batch was taken (consumer thread only).
    @exclusivity(unchecked) private var recycled: [Event] = []
    private let compressedBytesRead = Atomic<UInt64>(0)
    /// Compressed journal bytes the decoding thread has read so far (any thread may ask).
    package var bytesRead: UInt64 { self.compressedBytesRead.load(ordering: .relaxed) }
    private var thread: Thread?
    /// The reader, when records are decoded on the consumer's thread (not threaded).
    private var inlineReader: JournalReader?
    /// Level arrays kept for reuse when decoding on the consumer's thread.
    @exclusivity(unchecked) private var inlineLevels = BookLevelPool()
    private let batchSize: Int
    private let maxBatches: Int
    /// The journal's path, for errors.
    package let path: String

    /// A stream over `reader`'s records, decoded on a thread of its own when `threaded`
    /// (the default), or on the consumer's thread as it asks for them: a caller that
    /// already keeps every core busy (a sweep running one job per core) saves the hand-off.
    package init(reader: JournalReader, threaded: Bool = true, batchSize: Int = 1024, maxBatches: Int = 8) {
        self.batchSize = max(1, batchSize)
        self.maxBatches = max(1, maxBatches)
        self.path = reader.path
        guard threaded else {
            self.inlineReader = reader
            return
        }
        nonisolated(unsafe) let reader = reader
        let thread = Thread { [self] in self.produce(reader) }
        thread.name = "journal-decode"
        self.thread = thread
        thread.start()
    }

    /// Decodes records into `batch` until it is full or the journal ends; returns `false`
    /// at the end.
    private func fill(_ batch: inout ItemBatch, from reader: JournalReader, levels: inout BookLevelPool) throws -> Bool {
        while !batch.isFull {
            guard let record = try reader.next() else { return false }
            if !EngineRecord.isKnown(tag: record.type) {  // snapshots and unknown types
                batch.append(.unknown)
            } else if record.type == RecordType.book.rawValue {
                batch.append(.input(seq: record.seq, time: record.time, event: try record.decodeBook(in: self.path, reusing: &levels)))
            } else {
                switch try record.decode(in: self.path) {
                case .input(let event): batch.append(.input(seq: record.seq, time: record.time, event: event))
                case .output(let command): batch.append(.output(seq: record.seq, time: record.time, command: command))
                }
            }
        }
        return true
    }

    private func produce(_ reader: JournalReader) {
        var levels = BookLevelPool()
        var batch = ItemBatch(capacity: self.batchSize)
        defer { batch.release() }
        do {
            while true {
                let more = try self.fill(&batch, from: reader, levels: &levels)
                if batch.count > 0 {
                    guard let next = self.push(batch, bytes: reader.statistics.compressedBytes, levels: &levels) else { return }
                    batch = next
                }
                if !more { break }
            }
            self.finish(nil, ending: reader.ending)
        } catch {
            // The records decoded before the failure go first: errors come in stream order.
            if batch.count > 0, let next = self.push(batch, bytes: reader.statistics.compressedBytes, levels: &levels) { batch = next }
            self.finish(error)
        }
    }

    /// ``next()`` without a decoding thread: decodes the next batch here.
    private func nextInline(from reader: JournalReader) throws -> Item? {
        if self.drained { return nil }
        // The records decoded before a failure were handed out first: now the failure.
        if let failure = self.failure { throw failure }
        for event in self.recycled { self.inlineLevels.keep(event) }
        self.recycled.removeAll(keepingCapacity: true)
        var batch = self.current ?? ItemBatch(capacity: self.batchSize)
        self.current = nil
        defer { self.current = batch }
        do {
            _ = try self.fill(&batch, from: reader, levels: &self.inlineLevels)
        } catch {
            self.failure = error
        }
        self.compressedBytesRead.store(reader.statistics.compressedBytes, ordering: .relaxed)
        guard let item = batch.take() else {
            if let failure = self.failure { throw failure }
            self.readerEnding = reader.ending
            self.drained = true
            return nil
        }
        return item
    }

    deinit {
        self.stop()
        self.current?.release()
        for batch in self.batches + self.emptied { batch.release() }
    }

    /// Queues `batch` and returns an empty one to fill next; once stopped, queues nothing
    /// and returns `nil` (`batch` is then still the caller's). Releases what the consumer
    /// recycled, keeping books' level arrays in `levels` for reuse.
    private func push(_ batch: ItemBatch, bytes: UInt64, levels: inout BookLevelPool) -> ItemBatch? {
        self.condition.lock()
        while self.batches.count >= self.maxBatches && !self.stopped { self.condition.wait() }
        if self.stopped {
            self.condition.unlock()
            return nil  // `batch` stays the caller's to release
        }
        self.batches.append(batch)
        self.compressedBytesRead.store(bytes, ordering: .relaxed)
        self.condition.broadcast()
        var spent = self.spent
        self.spent = []
        let reused = self.emptied.popLast()
        self.condition.unlock()
        // Moved out one by one (iterating would retain each event once more).
        while var events = spent.popLast() {
            while let event = events.popLast() { levels.keep(event) }
        }
        return reused ?? ItemBatch(capacity: self.batchSize)
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
        if let item = self.current?.take() { return item }
        if let reader = self.inlineReader { return try self.nextInline(from: reader) }
        self.condition.lock()
        if let done = self.current {
            self.current = nil
            self.emptied.append(done)
        }
        while self.batches.isEmpty && !self.finished { self.condition.wait() }
        if self.batches.isEmpty {
            let failure = self.failure
            self.condition.unlock()
            if let failure { throw failure }
            self.drained = true
            return nil
        }
        let batch = self.batches.removeFirst()
        self.current = batch
        if !self.recycled.isEmpty {
            self.spent.append(self.recycled)
            self.recycled = []
        }
        self.condition.broadcast()
        self.condition.unlock()
        self.recycled.reserveCapacity(self.batchSize)
        return self.current!.take()
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

    /// Hands `stamped`'s event back like ``recycle(_:)``, leaving a `tick` in its place:
    /// the event is moved, so its arrays' reference counts are not touched on this thread.
    package func recycle(_ stamped: inout Stamped<Event>) {
        var event = Event.tick
        swap(&event, &stamped.event)
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

/// A fixed-capacity buffer of decoded items, filled by the decoding thread and emptied,
/// item by item, by the consumer; then filled again. Not a value type on purpose: its
/// storage is handed between the threads and released explicitly (``release()``).
struct ItemBatch {
    private let items: UnsafeMutablePointer<DecodedRecordStream.Item>
    private let capacity: Int
    /// Items written.
    private(set) var count = 0
    /// Items already taken (moved out) by the consumer.
    private var taken = 0

    init(capacity: Int) {
        self.items = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    var isFull: Bool { self.count == self.capacity }

    /// Appends `item` (the batch is not full).
    mutating func append(_ item: consuming DecodedRecordStream.Item) {
        (self.items + self.count).initialize(to: item)
        self.count += 1
    }

    /// Moves the next item out, or returns `nil` when all were taken; an emptied batch
    /// is reset, ready to be filled again.
    mutating func take() -> DecodedRecordStream.Item? {
        guard self.taken < self.count else {
            self.count = 0
            self.taken = 0
            return nil
        }
        defer { self.taken += 1 }
        return (self.items + self.taken).move()
    }

    /// Releases the items not taken and the buffer.
    func release() {
        (self.items + self.taken).deinitialize(count: self.count - self.taken)
        self.items.deallocate()
    }
}
