#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of a POSIX file descriptor with the few calls the journal needs, each
/// retrying on `EINTR` and turning failures into ``JournalError/io(path:operation:errno:message:)``.
final class FileHandle {
    let fd: Int32
    let path: String
    private var isClosed = false

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { if !self.isClosed { _ = systemClose(self.fd) } }

    static func error(_ path: String, _ operation: String, _ code: Int32 = errno) -> JournalError {
        .io(path: path, operation: operation, errno: code, message: String(cString: strerror(code)))
    }

    /// Opens an existing file for reading. The corresponding C function is `open`.
    static func openForReading(_ path: String) throws(JournalError) -> FileHandle {
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC, 0)
        if fd < 0 { throw self.error(path, "open") }
        return FileHandle(fd: fd, path: path)
    }

    /// Opens a file for reading and writing; creates it when `create` (failing if it exists).
    static func openForWriting(_ path: String, create: Bool) throws(JournalError) -> FileHandle {
        let flags = create ? (O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC) : (O_RDWR | O_CLOEXEC)
        let fd = systemOpen(path, flags, 0o644)
        if fd < 0 { throw self.error(path, create ? "create" : "open for writing") }
        return FileHandle(fd: fd, path: path)
    }

    /// Takes an exclusive advisory lock without waiting. The corresponding C function is `flock`.
    func lockExclusively() throws(JournalError) {
        if flock(self.fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { throw .locked(path: self.path) }
            throw Self.error(self.path, "flock")
        }
    }

    /// The file's current size. The corresponding C function is `fstat`.
    func size() throws(JournalError) -> UInt64 {
        var info = stat()
        if fstat(self.fd, &info) != 0 { throw Self.error(self.path, "fstat") }
        return UInt64(info.st_size)
    }

    /// Reads exactly `count` bytes at `offset` (fewer only at end of file).
    /// The corresponding C function is `pread`.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(JournalError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(self.fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.error(self.path, "read")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads up to `count` bytes at `offset` into a new array.
    func read(count: Int, at offset: UInt64) throws(JournalError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var outcome: Result<Int, JournalError> = .success(0)
        bytes.withUnsafeMutableBytes { buffer in
            outcome = Result { () throws(JournalError) -> Int in try self.read(into: buffer, at: offset) }
        }
        let n = try outcome.get()
        bytes.removeSubrange(n...)
        return bytes
    }

    /// Writes all of `bytes` at `offset`. The corresponding C function is `pwrite`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(JournalError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(self.fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.error(self.path, "write")
            }
            done += n
        }
    }

    /// Flushes the file's data to stable storage. The corresponding C function is `fdatasync`.
    func synchronizeData() throws(JournalError) {
        #if canImport(Darwin)
        let r = fsync(self.fd)
        #else
        let r = fdatasync(self.fd)
        #endif
        if r != 0 { throw Self.error(self.path, "fdatasync") }
    }

    /// Cuts the file to `size` bytes. The corresponding C function is `ftruncate`.
    func truncate(to size: UInt64) throws(JournalError) {
        if ftruncate(self.fd, off_t(size)) != 0 { throw Self.error(self.path, "ftruncate") }
    }

    /// Closes the descriptor (and releases its lock). The corresponding C function is `close`.
    func close() {
        if !self.isClosed {
            self.isClosed = true
            _ = systemClose(self.fd)
        }
    }
}

/// File-system queries on paths.
enum FileSystem {
    enum Kind { case missing, file, directory, other }

    static func kind(of path: String) -> Kind {
        var info = stat()
        if stat(path, &info) != 0 { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The names in a directory, sorted bytewise (never in the file system's own order).
    static func entries(of path: String) throws(JournalError) -> [String] {
        guard let dir = opendir(path) else { throw FileHandle.error(path, "opendir") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Removes a file or an empty directory. The corresponding C function is `remove`.
    static func remove(_ path: String) throws(JournalError) {
        if systemRemove(path) != 0 { throw FileHandle.error(path, "remove") }
    }

    static func makeDirectory(_ path: String) throws(JournalError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FileHandle.error(path, "mkdir") }
    }

    /// Flushes a directory's entries (after creating a segment in it).
    static func synchronizeDirectory(_ path: String) {
        let fd = systemOpen(path, O_RDONLY | O_CLOEXEC, 0)
        if fd >= 0 {
            _ = fsync(fd)
            _ = systemClose(fd)
        }
    }
}

@inline(__always)
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
@inline(__always)
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always)
private func systemRemove(_ path: String) -> Int32 { remove(path) }
