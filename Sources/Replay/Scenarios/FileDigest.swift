import Foundation
import Hashing

/// Streaming SHA-256 of file contents.
struct FileDigest {
    private var hasher = SHA256()
    mutating func update(_ bytes: Data) { bytes.withUnsafeBytes { self.hasher.update($0) } }
    func finalize() -> String { self.hasher.finalizeHex() }
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
