import CSecp256k1

/// The process-wide libsecp256k1 context (read-only after creation, safe to share).
nonisolated(unsafe) let secp256k1Context: OpaquePointer = secp256k1_context_create(1)!  // SECP256K1_CONTEXT_NONE

/// Signing and recovery through libsecp256k1 (RFC 6979 nonces: deterministic).
public enum Secp256k1 {
    /// Signs a 32-byte digest.
    public static func sign(digest: [UInt8], with key: PrivateKey) -> RecoverableSignature {
        precondition(digest.count == 32, "secp256k1 signs 32-byte digests")
        var signature = secp256k1_ecdsa_recoverable_signature()
        _ = digest.withUnsafeBufferPointer { d in
            key.bytes.withUnsafeBufferPointer { k in
                secp256k1_ecdsa_sign_recoverable(secp256k1Context, &signature, d.baseAddress!, k.baseAddress!, nil, nil)
            }
        }
        var recid: Int32 = 0
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { compact in
            _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(secp256k1Context, compact.baseAddress!, &recid, &signature)
            return RecoverableSignature(r: Array(compact[0..<32]), s: Array(compact[32..<64]), v: UInt8(27 + recid))
        }
    }

    /// The address that produced `signature` over `digest`.
    public static func recoverAddress(digest: [UInt8], signature: RecoverableSignature) throws(SigningError) -> String {
        guard digest.count == 32 else { throw .invalidSignature("digest must be 32 bytes") }
        var parsed = secp256k1_ecdsa_recoverable_signature()
        let compact = signature.r + signature.s
        let ok = compact.withUnsafeBufferPointer {
            secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1Context, &parsed, $0.baseAddress!, Int32(signature.v) - 27)
        }
        guard ok == 1 else { throw .invalidSignature("r/s/v do not form a signature") }
        var pubkey = secp256k1_pubkey()
        let recovered = digest.withUnsafeBufferPointer { secp256k1_ecdsa_recover(secp256k1Context, &pubkey, &parsed, $0.baseAddress!) }
        guard recovered == 1 else { throw .invalidSignature("no public key recovers from it") }
        return self.address(of: pubkey)
    }

    static func address(of pubkey: secp256k1_pubkey) -> String {
        var key = pubkey
        var serialized = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = serialized.withUnsafeMutableBufferPointer {
            secp256k1_ec_pubkey_serialize(secp256k1Context, $0.baseAddress!, &length, &key, UInt32(2))  // SECP256K1_EC_UNCOMPRESSED
        }
        return Hex.prefixed(Keccak256.hash(serialized[1...]).suffix(20))
    }
}
