import CSecp256k1

/// The process-wide libsecp256k1 context (read-only after creation, safe to share).
nonisolated(unsafe) private let context: OpaquePointer = secp256k1_context_create(1)!  // SECP256K1_CONTEXT_NONE

/// Why a key or signature was refused.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPrivateKey(String)
    case invalidAddress(String)
    case invalidSignature(String)
    case invalidAction(String)

    public var description: String {
        switch self {
        case .invalidPrivateKey(let why): return "invalid private key: \(why)"
        case .invalidAddress(let why): return "invalid address: \(why)"
        case .invalidSignature(let why): return "invalid signature: \(why)"
        case .invalidAction(let why): return "invalid action: \(why)"
        }
    }
}

/// A secp256k1 private key. Its `description` never shows the key.
public struct PrivateKey: Sendable, CustomStringConvertible {
    let bytes: [UInt8]

    /// Parses 64 hex digits, with or without `0x`.
    public init(hex text: String) throws(SigningError) {
        let trimmed = text.trimmingWhitespace
        guard let bytes = Hex.decode(trimmed), bytes.count == 32 else {
            throw .invalidPrivateKey("expected 32 bytes as 64 hex digits")
        }
        guard bytes.withUnsafeBufferPointer({ secp256k1_ec_seckey_verify(context, $0.baseAddress!) }) == 1 else {
            throw .invalidPrivateKey("not a valid secp256k1 scalar")
        }
        self.bytes = bytes
    }

    /// The Ethereum address of the key: 0x + 40 lowercase hex digits.
    public var address: String {
        var pubkey = secp256k1_pubkey()
        _ = self.bytes.withUnsafeBufferPointer { secp256k1_ec_pubkey_create(context, &pubkey, $0.baseAddress!) }
        return Secp256k1.address(of: pubkey)
    }

    public var description: String { "PrivateKey(\(self.address))" }
}

/// A recoverable ECDSA signature in Ethereum's form.
public struct RecoverableSignature: Equatable, Sendable {
    /// 32 bytes each.
    public var r: [UInt8]
    public var s: [UInt8]
    /// 27 or 28.
    public var v: UInt8

    /// `0x` + 64 hex digits.
    public var rHex: String { "0x" + Hex.encode(self.r) }
    public var sHex: String { "0x" + Hex.encode(self.s) }

    public init(r: [UInt8], s: [UInt8], v: UInt8) {
        self.r = r
        self.s = s
        self.v = v
    }

    /// Parses `r`, `s` (hex, padded or not: the Python SDK drops leading zeros) and `v`
    /// (27/28).
    public init(rHex: String, sHex: String, v: Int) throws(SigningError) {
        func scalar(_ text: String) -> [UInt8]? {
            var digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
            if digits.count % 2 == 1 { digits = "0" + digits }
            return Hex.decode(digits)
        }
        guard let r = scalar(rHex), let s = scalar(sHex), r.count <= 32, s.count <= 32, v == 27 || v == 28 else {
            throw .invalidSignature("r and s must be up to 32 bytes of hex, v 27 or 28")
        }
        self.init(r: [UInt8](repeating: 0, count: 32 - r.count) + r, s: [UInt8](repeating: 0, count: 32 - s.count) + s, v: UInt8(v))
    }
}

/// Signing and recovery through libsecp256k1 (RFC 6979 nonces: deterministic).
public enum Secp256k1 {
    /// Signs a 32-byte digest.
    public static func sign(digest: [UInt8], with key: PrivateKey) -> RecoverableSignature {
        precondition(digest.count == 32, "secp256k1 signs 32-byte digests")
        var signature = secp256k1_ecdsa_recoverable_signature()
        _ = digest.withUnsafeBufferPointer { d in
            key.bytes.withUnsafeBufferPointer { k in
                secp256k1_ecdsa_sign_recoverable(context, &signature, d.baseAddress!, k.baseAddress!, nil, nil)
            }
        }
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = compact.withUnsafeMutableBufferPointer { secp256k1_ecdsa_recoverable_signature_serialize_compact(context, $0.baseAddress!, &recid, &signature) }
        return RecoverableSignature(r: Array(compact[0..<32]), s: Array(compact[32..<64]), v: UInt8(27 + recid))
    }

    /// The address that produced `signature` over `digest`.
    public static func recoverAddress(digest: [UInt8], signature: RecoverableSignature) throws(SigningError) -> String {
        guard digest.count == 32 else { throw .invalidSignature("digest must be 32 bytes") }
        var parsed = secp256k1_ecdsa_recoverable_signature()
        let compact = signature.r + signature.s
        let ok = compact.withUnsafeBufferPointer {
            secp256k1_ecdsa_recoverable_signature_parse_compact(context, &parsed, $0.baseAddress!, Int32(signature.v) - 27)
        }
        guard ok == 1 else { throw .invalidSignature("r/s/v do not form a signature") }
        var pubkey = secp256k1_pubkey()
        let recovered = digest.withUnsafeBufferPointer { secp256k1_ecdsa_recover(context, &pubkey, &parsed, $0.baseAddress!) }
        guard recovered == 1 else { throw .invalidSignature("no public key recovers from it") }
        return self.address(of: pubkey)
    }

    static func address(of pubkey: secp256k1_pubkey) -> String {
        var key = pubkey
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = serialized.withUnsafeMutableBufferPointer {
            secp256k1_ec_pubkey_serialize(context, $0.baseAddress!, &length, &key, UInt32(2))  // SECP256K1_EC_UNCOMPRESSED
        }
        return "0x" + Hex.encode(Array(Keccak256.hash(serialized[1...]).suffix(20)))
    }
}

/// Lowercase hex helpers.
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex with an optional `0x`; `nil` on an odd length or a non-hex digit.
    public static func decode(_ text: String) -> [UInt8]? {
        var chars = Array(text.utf8)
        if chars.count >= 2, chars[0] == UInt8(ascii: "0"), chars[1] == UInt8(ascii: "x") || chars[1] == UInt8(ascii: "X") { chars.removeFirst(2) }
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}

extension String {
    var trimmingWhitespace: String {
        String(self.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }.reversed().map(Character.init))
    }
}
