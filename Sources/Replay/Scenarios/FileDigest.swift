import Crypto
import Foundation

/// Streaming SHA-256 of file contents.
struct FileDigest {
    private var hasher = SHA256()
    mutating func update(_ bytes: Data) { self.hasher.update(data: bytes) }
    func finalize() -> String { self.hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

/// Reads a file in chunks.
struct FileHandleReader {
    let handle: Foundation.FileHandle

    init(path: String) throws {
        guard let handle = Foundation.FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
    }

    /// Up to `count` bytes, or `nil` at the end.
    func read(_ count: Int) throws -> Data? {
        let data = try self.handle.read(upToCount: count) ?? Data()
        return data.isEmpty ? nil : data
    }
}
