#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of a capture's bytes (decompressed if need be), read in chunks.
protocol ChunkReader: AnyObject {
    /// Fills `buffer` from the front with the next bytes and returns how many; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImportError) -> Int
}

/// A file read as it is, with `read(2)`.
final class RawFile: ChunkReader {
    /// The file's path, for errors.
    let path: String
    private let descriptor: Int32
    /// Bytes read so far: the file offset of the next byte.
    private(set) var offset: UInt64 = 0

    init(path: String) throws(ImportError) {
        self.path = path
        self.descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard self.descriptor >= 0 else { throw .unreadable(path) }
    }

    deinit { close(self.descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImportError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(self.descriptor, base, buffer.count)
            #else
            let count = Darwin.read(self.descriptor, base, buffer.count)
            #endif
            if count >= 0 {
                self.offset += UInt64(count)
                return count
            }
            guard errno == EINTR else {
                throw .decompression(file: self.path, offset: self.offset, reason: "read failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The first bytes of the file (up to `count`), the file left where it was.
    func peek(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(self.descriptor, $0.baseAddress, count, 0) }
        return Array(bytes.prefix(max(got, 0)))
    }
}

/// Compressed input held for a decompressor: a buffer the file is read into, and the
/// part of it not yet consumed.
struct CompressedInput: ~Copyable {
    /// The buffer's size (1 MiB).
    static let capacity = 1 << 20
    /// The buffer.
    let base: UnsafeMutablePointer<UInt8>
    /// The unconsumed bytes: `base[start..<end]`.
    var start = 0
    var end = 0
    /// The file offset of `base[0]`.
    var baseOffset: UInt64 = 0

    init() { self.base = .allocate(capacity: Self.capacity) }

    deinit { self.base.deallocate() }

    /// Bytes not yet consumed.
    var available: Int { self.end - self.start }
    /// The file offset of the next unconsumed byte.
    var offset: UInt64 { self.baseOffset + UInt64(self.start) }

    /// Reads the next chunk of `file` (only when all is consumed); false at its end.
    mutating func refill(from file: RawFile) throws(ImportError) -> Bool {
        self.baseOffset = file.offset
        self.start = 0
        self.end = try file.read(into: UnsafeMutableRawBufferPointer(start: self.base, count: Self.capacity))
        return self.end > 0
    }
}
