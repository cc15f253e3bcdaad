#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Journal

/// Where an import writes: never at the output path until the journal is complete.
///
/// The records go to `.NAME.partial-PID.records` next to the output; once they are all
/// written, `.NAME.partial-PID` gets the final header (the coins are known only then) and
/// the frames, is synced, and takes the output's name without replacing an existing
/// file (a hard link, then the partial name is removed), or replacing it when
/// `overwrite`. Any failure removes both partial files. A process killed on the way
/// leaves only partial files; the next import to the same output removes those whose
/// process is gone (and that no writer holds locked).
struct ImportOutput {
    /// The journal's final path.
    let path: String
    /// The journal being written, with a provisional header.
    let records: String
    /// The journal with its final header, before it takes `path`.
    let staged: String
    let overwrite: Bool

    /// Checks the output can be written (it must not exist unless `overwrite`) and removes
    /// partial files that earlier, dead imports left.
    init(path: String, overwrite: Bool) throws {
        let (directory, name) = Self.split(path)
        guard !name.isEmpty, name != ".", name != ".." else { throw ImportError.output(path: path, reason: "not a file name") }
        if !overwrite && Self.exists(path) { throw ImportError.outputExists(path) }
        self.path = path
        self.overwrite = overwrite
        let pid = getpid()
        self.staged = directory + "/" + Self.partialPrefix(name) + String(pid)
        self.records = self.staged + ".records"
        Self.removeStalePartials(directory: directory, name: name)
    }

    /// Writes the final journal from the records with `metadata` in its header and puts it
    /// at `path`; the partial files are gone on return, whatever happens.
    func publish(metadata: JournalMetadata) throws {
        defer { self.discard() }
        try JournalWriter.copy(self.records, to: self.staged, metadata: metadata, synchronize: true)
        unlink(self.records)
        if self.overwrite {
            if JournalLayout.isDirectory(self.path) { try JournalLayout.remove(self.path) }
            guard rename(self.staged, self.path) == 0 else { throw Self.failure(self.path, "rename") }
        } else if link(self.staged, self.path) != 0 {
            let code = errno
            if code == EEXIST { throw ImportError.outputExists(self.path) }
            // No hard links on this file system: rename after a last look (a file created
            // between the two would be replaced).
            guard [EPERM, EOPNOTSUPP, ENOTSUP, EMLINK].contains(code) else { throw Self.failure(self.path, "link", code) }
            if Self.exists(self.path) { throw ImportError.outputExists(self.path) }
            guard rename(self.staged, self.path) == 0 else { throw Self.failure(self.path, "rename") }
        }
        Self.synchronizeDirectory(Self.split(self.path).directory)
    }

    /// Removes the partial files (missing ones are fine).
    func discard() {
        unlink(self.records)
        unlink(self.staged)
    }

    static func partialPrefix(_ name: String) -> String { "." + name + ".partial-" }

    /// Removes `.NAME.partial-PID[.records]` files of processes that no longer run (or of
    /// this one, from an earlier process with the same id) that no writer holds locked.
    static func removeStalePartials(directory: String, name: String) {
        let prefix = self.partialPrefix(name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            var rest = entry.dropFirst(prefix.count)
            if rest.hasSuffix(".records") { rest = rest.dropLast(".records".count) }
            guard !rest.isEmpty, rest.count <= 10, rest.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(rest) else { continue }
            if pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM) { continue }  // its process still runs
            let path = directory + "/" + entry
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { unlink(path) }
            close(fd)
        }
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func failure(_ path: String, _ operation: String, _ code: Int32 = errno) -> ImportError {
        .output(path: path, reason: "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))")
    }

    static func synchronizeDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}
