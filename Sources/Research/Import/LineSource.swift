#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line, plain, gzip- or lz4-compressed (detected from the magic
/// bytes; decompressed in process by zlib or liblz4, on a thread of its own:
/// ``PrefetchingReader``), in 1 MiB chunks.
///
/// The chunks are read straight into one buffer, after the unread rest of the previous
/// one (moved to the front: at most a line), and lines are handed out as views into it:
/// no copy per chunk or per line. Each byte is searched for a newline once, however long
/// its line, and no line is held beyond `maxLineBytes`: a longer one is read past and
/// reported as ``Line/tooLong(bytes:)``.
final class LineSource {
    /// One line of input.
    enum Line {
        /// The line without its newline: valid until the next call to ``next()``.
        case text(UnsafeBufferPointer<UInt8>)
        /// A line longer than the cap, dropped; `bytes` is its length.
        case tooLong(bytes: UInt64)
    }

    /// The longest line kept by default (16 MiB: a journal record's largest payload).
    static let defaultMaxLineBytes = 16 << 20
    /// Bytes read (decompressed) per chunk.
    static let chunkBytes = 1 << 20

    let maxLineBytes: Int
    private let reader: any ChunkReader
    /// The buffer: `storage[0..<count]` holds read bytes, `position` is the next line's start.
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private var position = 0
    /// Bytes after `position` already searched for a newline.
    private var scanned = 0
    /// Bytes of an over-long line read past so far (nil when not in one).
    private var dropping: UInt64?
    private var finished = false
    /// Bytes of (decompressed) input consumed so far.
    private(set) var bytesRead: UInt64 = 0
    /// Bytes searched for newlines so far (each input byte once).
    private(set) var bytesSearched: UInt64 = 0

    init(path: String, maxLineBytes: Int = LineSource.defaultMaxLineBytes) throws(ImportError) {
        self.maxLineBytes = maxLineBytes
        let file = try RawFile(path: path)
        let magic = file.peek(4)
        if magic.starts(with: [0x1F, 0x8B]) {
            self.reader = PrefetchingReader(try GzipReader(file: file))
        } else if magic == [0x04, 0x22, 0x4D, 0x18] {
            self.reader = PrefetchingReader(try LZ4Reader(file: file))
        } else {
            self.reader = file
        }
        self.capacity = 4 * LineSource.chunkBytes
        self.storage = .allocate(capacity: self.capacity)
    }

    deinit {
        (self.reader as? PrefetchingReader)?.stop()
        self.storage.deallocate()
    }

    /// The next line (a final line without a newline counts), or nil at the end.
    func next() throws(ImportError) -> Line? {
        while true {
            if let end = self.newline(from: self.position + self.scanned) {
                let start = self.position
                self.position = end + 1
                self.scanned = 0
                self.bytesRead += UInt64(end - start + 1)
                return self.line(start..<end)
            }
            self.scanned = self.count - self.position
            if self.scanned > self.maxLineBytes {
                // Too long to keep: count it and read on to its end.
                self.dropping = (self.dropping ?? 0) + UInt64(self.scanned)
                self.bytesRead += UInt64(self.scanned)
                self.position = self.count
                self.scanned = 0
            }
            if self.finished {
                let start = self.position
                self.position = self.count
                self.scanned = 0
                guard start < self.count || self.dropping != nil else { return nil }
                self.bytesRead += UInt64(self.count - start)
                return self.line(start..<self.count)
            }
            try self.fill()
        }
    }

    /// The line in `range`, or its length when it is (part of) an over-long one.
    private func line(_ range: Range<Int>) -> Line {
        if let dropped = self.dropping {
            self.dropping = nil
            return .tooLong(bytes: dropped + UInt64(range.count))
        }
        if range.count > self.maxLineBytes { return .tooLong(bytes: UInt64(range.count)) }
        return .text(UnsafeBufferPointer(start: self.storage + range.lowerBound, count: range.count))
    }

    /// The index of the first newline at or after `start`.
    private func newline(from start: Int) -> Int? {
        let count = self.count - start
        guard count > 0 else { return nil }
        guard let found = memchr(self.storage + start, 0x0A, count) else {
            self.bytesSearched += UInt64(count)
            return nil
        }
        let index = self.storage.distance(to: found.assumingMemoryBound(to: UInt8.self))
        self.bytesSearched += UInt64(index - start + 1)
        return index
    }

    /// Moves the unread bytes to the front and reads the next chunk after them (or notes
    /// the end). The buffer grows only for a line longer than what it holds beside a chunk.
    private func fill() throws(ImportError) {
        let rest = self.count - self.position
        if self.position > 0 {
            if rest > 0 { memmove(self.storage, self.storage + self.position, rest) }
            self.position = 0
            self.count = rest
        }
        if self.capacity - self.count < LineSource.chunkBytes {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(2 * self.capacity, self.count + LineSource.chunkBytes))
            grown.update(from: self.storage, count: self.count)
            self.storage.deallocate()
            self.storage = grown
            self.capacity = max(2 * self.capacity, self.count + LineSource.chunkBytes)
        }
        // Read as much as fits (whole chunks): fewer calls, and fewer moves of a partial line.
        let room = (self.capacity - self.count) / LineSource.chunkBytes * LineSource.chunkBytes
        let read = try self.reader.read(into: UnsafeMutableRawBufferPointer(start: self.storage + self.count, count: room))
        if read == 0 {
            self.finished = true
        } else {
            self.count += read
        }
    }
}
