import ArgumentParser
import Foundation
import Hyperliquid

/// Where the private key comes from: `--key-file` (owner-only permissions required) or
/// `HL_PRIVATE_KEY`. The key itself is never printed, logged or journaled.
enum KeySource {
    static func load(keyFile: String?) throws -> PrivateKey {
        if let path = keyFile {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else {
                throw ValidationError("\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return try PrivateKey(hex: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        guard let hex = ProcessInfo.processInfo.environment["HL_PRIVATE_KEY"], !hex.isEmpty else {
            throw ValidationError("no key: set HL_PRIVATE_KEY or pass --key-file")
        }
        return try PrivateKey(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
