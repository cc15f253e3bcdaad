import Foundation

/// A ``ChunkReader`` whose reads run ahead on a thread of their own: for a compressed
/// capture, inflating (the costliest step) then overlaps with the line splitting and
/// decoding of the bytes before. Chunks arrive in order through a small queue of recycled
/// buffers; an error is thrown by ``read(into:)`` after every byte before it.
///
/// Sendable by its condition: what both threads touch is guarded by `condition`;
/// `current` and `offset` are the reading thread's alone.
final class PrefetchingReader: ChunkReader, @unchecked Sendable {
    /// A filled buffer: its bytes and how many are valid.
    private typealias Chunk = (bytes: UnsafeMutableRawBufferPointer, count: Int)

    private static let chunkBytes = 1 << 20
    private let lifetime = ProducerLifetime()
    private var condition: NSCondition { self.lifetime.condition }
    private var ready: [Chunk] = []
    private var spare: [UnsafeMutableRawBufferPointer] = []
    private var finished = false
    private var failure: ImportError?
    /// The chunk being read out, and how far (reading thread only).
    private var current: Chunk?
    private var offset = 0

    /// Starts reading `inner` ahead, at most `depth` chunks of 1 MiB.
    init(_ inner: any ChunkReader, depth: Int = 4) {
        self.spare = (0..<depth).map { _ in .allocate(byteCount: Self.chunkBytes, alignment: 16) }
        nonisolated(unsafe) let inner = inner
        let thread = Thread { [self] in self.produce(inner) }
        thread.name = "import-inflate"
        thread.start()
    }

    deinit {
        self.stop()
        if let current { current.bytes.deallocate() }
        for chunk in self.ready { chunk.bytes.deallocate() }
        for buffer in self.spare { buffer.deallocate() }
    }

    private func produce(_ inner: any ChunkReader) {
        while true {
            self.condition.lock()
            while self.spare.isEmpty && !self.lifetime.stopped { self.condition.wait() }
            guard !self.lifetime.stopped else { break }
            let buffer = self.spare.removeLast()
            self.condition.unlock()
            let result = Result { () throws(ImportError) in try inner.read(into: buffer) }
            self.condition.lock()
            switch result {
            case .success(let count) where count > 0:
                self.ready.append((buffer, count))
                self.condition.broadcast()
                self.condition.unlock()
                continue
            case .success:
                self.spare.append(buffer)
            case .failure(let error):
                self.spare.append(buffer)
                self.failure = error
            }
            self.finished = true
            break
        }
        self.condition.broadcast()
        self.condition.unlock()
        self.lifetime.exit()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImportError) -> Int {
        var produced = 0
        while produced < buffer.count {
            if self.current == nil {
                // Wait only for the first bytes: a partial fill is returned as it is.
                guard let next = try self.take(wait: produced == 0) else { break }
                self.current = next
                self.offset = 0
            }
            let chunk = self.current!
            let count = min(chunk.count - self.offset, buffer.count - produced)
            buffer.baseAddress!.advanced(by: produced).copyMemory(from: chunk.bytes.baseAddress!.advanced(by: self.offset), byteCount: count)
            produced += count
            self.offset += count
            if self.offset == chunk.count {
                self.give(chunk.bytes)
                self.current = nil
            }
        }
        return produced
    }

    /// The next filled chunk; nil at the end (or when not `wait`ing and none is ready).
    private func take(wait: Bool) throws(ImportError) -> Chunk? {
        self.condition.lock()
        defer { self.condition.unlock() }
        while wait && self.ready.isEmpty && !self.finished { self.condition.wait() }
        if !self.ready.isEmpty { return self.ready.removeFirst() }
        if wait, let failure = self.failure { throw failure }
        return nil
    }

    private func give(_ buffer: UnsafeMutableRawBufferPointer) {
        self.condition.lock()
        self.spare.append(buffer)
        self.condition.broadcast()
        self.condition.unlock()
    }

    /// Stops reading ahead and waits until the thread has let go of the file.
    func stop() { self.lifetime.stop() }
}
