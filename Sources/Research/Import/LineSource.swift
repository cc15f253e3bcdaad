#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file line by line, plain, gzip- or lz4-compressed (detected from the magic
/// bytes; decompressed in process by zlib or liblz4), in 1 MiB chunks.
///
/// Each byte is searched for a newline once, however long its line, and no line is held
/// beyond `maxLineBytes`: a longer one is read past and reported as ``Line/tooLong(bytes:)``.
final class LineSource {
    /// One line of input.
    enum Line: Equatable {
        /// The line without its newline.
        case text(ArraySlice<UInt8>)
        /// A line longer than the cap, dropped; `bytes` is its length.
        case tooLong(bytes: UInt64)
    }

    /// The longest line kept by default (16 MiB: a journal record's largest payload).
    static let defaultMaxLineBytes = 16 << 20
    /// Bytes read (decompressed) per chunk.
    static let chunkBytes = 1 << 20

    let maxLineBytes: Int
    private let reader: any ChunkReader
    private var buffer: [UInt8] = []
    /// The chunk being read into, before it is appended to `buffer`.
    private let chunk: UnsafeMutableRawBufferPointer
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
            self.reader = try GzipReader(file: file)
        } else if magic == [0x04, 0x22, 0x4D, 0x18] {
            self.reader = try LZ4Reader(file: file)
        } else {
            self.reader = file
        }
        self.chunk = .allocate(byteCount: LineSource.chunkBytes, alignment: 16)
    }

    deinit { self.chunk.deallocate() }

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
            self.scanned = self.buffer.count - self.position
            if self.scanned > self.maxLineBytes {
                // Too long to keep: count it and read on to its end.
                self.dropping = (self.dropping ?? 0) + UInt64(self.scanned)
                self.bytesRead += UInt64(self.scanned)
                self.position = self.buffer.count
                self.scanned = 0
            }
            if self.finished {
                let start = self.position
                self.position = self.buffer.count
                self.scanned = 0
                guard start < self.buffer.count || self.dropping != nil else { return nil }
                self.bytesRead += UInt64(self.buffer.count - start)
                return self.line(start..<self.buffer.count)
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
        return .text(self.buffer[range])
    }

    /// The index of the first newline at or after `start`.
    private func newline(from start: Int) -> Int? {
        let count = self.buffer.count - start
        guard count > 0 else { return nil }
        return self.buffer.withUnsafeBufferPointer { bytes in
            guard let found = memchr(bytes.baseAddress! + start, 0x0A, count) else {
                self.bytesSearched += UInt64(count)
                return nil
            }
            let index = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            self.bytesSearched += UInt64(index - start + 1)
            return index
        }
    }

    /// Drops the consumed bytes and reads the next chunk (or notes the end).
    private func fill() throws(ImportError) {
        if self.position > 0 {
            self.buffer.removeSubrange(0..<self.position)
            self.position = 0
        }
        let count = try self.reader.read(into: self.chunk)
        if count == 0 {
            self.finished = true
        } else {
            self.buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: self.chunk[0..<count]))
        }
    }
}
