#if canImport(Glibc)
import Glibc
#endif
import Journal

/// Removes a journal file, or a segment directory and the segments in it (nothing else).
func removeJournal(at path: String) throws {
    var info = stat()
    guard stat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        guard let dir = opendir(path) else { throw JournalError.invalidArgument("\(path): cannot open directory") }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names {
            guard name.hasPrefix("seg-") && name.hasSuffix(".mmj") else {
                throw JournalError.invalidArgument("\(path) holds \(name), which is not a journal segment; not removing it")
            }
            unlink(path + "/" + name)
        }
        rmdir(path)
    } else {
        unlink(path)
    }
}
