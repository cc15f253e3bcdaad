import Foundation

/// A private directory for targets that must go through files (journals, captures):
/// in RAM when `/dev/shm` exists, one per process, reused for every input.
enum FuzzScratch {
    /// The directory, created on first use.
    static let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/mm-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// A path in the scratch directory, removed first so every input starts clean.
    static func path(_ name: String) -> String {
        let path = self.directory + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Writes `bytes` to a scratch file and returns its path.
    static func write(_ bytes: [UInt8], named name: String) -> String {
        let path = self.path(name)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

/// Reads a file of the project's samples as bytes.
func sampleBytes(_ root: String, _ relative: String) throws -> [UInt8] {
    try fileBytes(root + "/" + relative)
}

/// The bytes of a file.
func fileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// The lines of a sample text file (empty lines dropped).
func sampleLines(_ root: String, _ relative: String) throws -> [[UInt8]] {
    try sampleBytes(root, relative).split(separator: 0x0A).map(Array.init)
}

extension FuzzScratch {
    /// Whether anything exists at `path`.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
