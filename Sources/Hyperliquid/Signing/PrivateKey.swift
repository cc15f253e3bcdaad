import CSecp256k1

/// A secp256k1 private key. Its `description` never shows the key.
public struct PrivateKey: Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    /// Parses 64 hex digits, with or without `0x`.
    public init(hex text: String) throws(SigningError) {
        let trimmed = text.trimmingWhitespace
        guard let bytes = Hex.decode(trimmed), bytes.count == 32 else {
            throw .invalidPrivateKey("expected 32 bytes as 64 hex digits")
        }
        guard bytes.withUnsafeBufferPointer({ secp256k1_ec_seckey_verify(secp256k1Context, $0.baseAddress!) }) == 1 else {
            throw .invalidPrivateKey("not a valid secp256k1 scalar")
        }
        self.bytes = bytes
    }

    /// The Ethereum address of the key: 0x + 40 lowercase hex digits.
    public var address: String {
        var pubkey = secp256k1_pubkey()
        _ = self.bytes.withUnsafeBufferPointer { secp256k1_ec_pubkey_create(secp256k1Context, &pubkey, $0.baseAddress!) }
        return Secp256k1.address(of: pubkey)
    }

    public var description: String { "PrivateKey(\(self.address))" }
}

extension String {
    var trimmingWhitespace: String {
        String(self.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed().map(Character.init))
    }
}
