import ArgumentParser
import Foundation
import Hyperliquid

/// Where the private key comes from: `--key-file` (owner-only permissions required) or
/// `HL_PRIVATE_KEY`. The key itself is never printed, logged or journaled.
enum KeySource {
    /// The trimmed text of a secret file, refused unless only its owner can read it.
    static func readPrivateFile(_ path: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { throw ValidationError("cannot read \(path): no such file") }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw ValidationError("\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func load(keyFile: String?) throws -> PrivateKey {
        if let path = keyFile {
            return try PrivateKey(hex: try self.readPrivateFile(path))
        }
        guard let hex = ProcessInfo.processInfo.environment["HL_PRIVATE_KEY"], !hex.isEmpty else {
            throw ValidationError("no key: set HL_PRIVATE_KEY or pass --key-file")
        }
        return try PrivateKey(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
