import Foundation
import Hyperliquid

/// Where the private key comes from: `--key-file` (owner-only permissions required) or
/// `HL_PRIVATE_KEY`. The key itself is never printed, logged or journaled.
enum KeySource {
    /// Loads the key from `keyFile` when given, else from `HL_PRIVATE_KEY`.
    static func load(keyFile: String?) throws -> PrivateKey {
        if let path = keyFile {
            return try PrivateKey(hex: try SecretFile.read(path, option: "--key-file"))
        }
        guard let hex = ProcessInfo.processInfo.environment["HL_PRIVATE_KEY"], !hex.isEmpty else {
            throw KeySourceError.noKey
        }
        return try PrivateKey(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Why no key could be loaded (a file's problems are ``SecretFileError``).
enum KeySourceError: Error, CustomStringConvertible {
    /// Neither `--key-file` nor `HL_PRIVATE_KEY` was given.
    case noKey

    var description: String {
        switch self {
        case .noKey: return "no key: set HL_PRIVATE_KEY or pass --key-file"
        }
    }
}
