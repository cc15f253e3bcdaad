import Foundation

/// A private directory for targets that must go through files (journals, captures):
/// in RAM when `/dev/shm` exists, one per process and thread (the regression tests run
/// targets on several threads at once), reused for every input.
enum FuzzScratch {
    private static let base: String = {
        let root = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        atexit { FuzzScratch.removeAll() }
        return root + "/mm-fuzz-\(getpid())"
    }()

    /// Removes this process's directories (at exit).
    static func removeAll() {
        let parent = (self.base as NSString).deletingLastPathComponent
        let prefix = (self.base as NSString).lastPathComponent + "-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    /// This thread's directory, created on first use.
    static var directory: String {
        let path = self.base + "-\(pthread_self())"
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        return path
    }

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
