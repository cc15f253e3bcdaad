#if canImport(Glibc)
import Glibc
#endif

/// File sizes for progress totals.
enum FileSize {
    static func of(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }
}
