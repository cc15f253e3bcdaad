import Hyperliquid
import JSON

extension FuzzTarget {
    /// Signing arbitrary actions as `mm-live sign` and the live client do: JSON parsing,
    /// canonical MessagePack, the action hash, EIP-712 and secp256k1. Input: one byte of
    /// flags (bit 0: a vault address, bit 1: `expiresAfter`, bit 2: mainnet), then the
    /// action's JSON.
    ///
    /// Properties: no trap; an action that hashes can be signed, its signature recovers
    /// the signing key's address, and the action's own JSON text parses back to an equal
    /// action with the same hash (the hash does not depend on how it was spelled).
    public static let signing = FuzzTarget(
        name: "signing",
        summary: "arbitrary actions signed: the signature recovers the signer, the hash is canonical",
        seeds: { root in
            let vectors = try OrderedJSON(parsing: String(decoding: try sampleBytes(root, "Tests/Fixtures/signing/hl_sign_vectors.json"), as: UTF8.self))
            guard case .array(let items) = vectors else { return [] }
            return items.compactMap { item -> [UInt8]? in
                guard let action = item["action"] else { return nil }
                var flags: UInt8 = 0
                if case .string? = item["vaultAddress"] { flags |= 1 }
                if case .integer? = item["expiresAfter"] { flags |= 2 }
                if case .bool(true)? = item["isMainnet"] { flags |= 4 }
                return [flags] + Array(action.text.utf8)
            }
        },
        check: { bytes in
            guard let flags = bytes.first,
                  let action = try? OrderedJSON(parsing: String(decoding: bytes.dropFirst(), as: UTF8.self)) else { return .refused }
            let vault = flags & 1 != 0 ? "0x1719884eb866cb12b2287399b15f7db5e7d775ea" : nil
            let expiresAfter: UInt64? = flags & 2 != 0 ? 1_795_000_060_000 : nil
            let nonce: UInt64 = 1_795_000_000_000
            guard let hash = try? L1ActionSigner.actionHash(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expiresAfter) else {
                return .refused
            }
            let key = signingKey
            do {
                let signature = try L1ActionSigner.sign(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expiresAfter,
                                                        isMainnet: flags & 4 != 0, key: key)
                let signer = try L1ActionSigner.recoverSigner(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expiresAfter,
                                                             isMainnet: flags & 4 != 0, signature: signature)
                if signer.lowercased() != key.address.lowercased() {
                    return .failed(FuzzFinding("the signature recovers \(signer), not the signer \(key.address)"))
                }
            } catch {
                return .failed(FuzzFinding("an action that hashes could not be signed or recovered: \(error)"))
            }
            let again: OrderedJSON
            do { again = try OrderedJSON(parsing: action.text) } catch {
                return .failed(FuzzFinding("the action's own JSON text does not parse: \(error)"))
            }
            if again != action { return .failed(FuzzFinding("the action's JSON text parses to a different action")) }
            if (try? L1ActionSigner.actionHash(action: again, nonce: nonce, vaultAddress: vault, expiresAfter: expiresAfter)) != hash {
                return .failed(FuzzFinding("re-spelling the action changes its hash"))
            }
            return .accepted
        })
}

/// The key the signing target signs with (a fixed test key).
let signingKey = try! PrivateKey(hex: "0x74bf20f876ffc474c0251908fcdce4b314f68d9dcbd7a085a368932ff2b2d409")
