import Foundation

/// A fresh temporary directory, created on `init` and removed with everything in it when
/// the value is released (keep it alive as long as its files are used).
public final class Scratch: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `<tmp>/<prefix>-<UUID>`; `prefix` only helps a reader of `/tmp`.
    public init(_ prefix: String = "mm-tests") {
        self.path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
        } catch {
            preconditionFailure("cannot create the temporary directory \(self.path): \(error)")
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: self.path) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { self.path + "/" + name }
}

/// A unique path in the temporary directory that does not exist yet (for a file or a
/// directory the code under test creates), `<tmp>/<prefix>-<UUID><suffix>`. Nothing
/// removes it: prefer ``Scratch`` when the test can hold one.
public func temporaryPath(_ prefix: String, suffix: String = "") -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)\(suffix)").path
}
