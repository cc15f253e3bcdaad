import Foundation
import Hyperliquid
import JSON
import TestSupport
import Testing

/// The signing vectors of Tests/Fixtures/signing, read with key order preserved.
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/signing").standardized.path

    static func load(_ name: String) throws -> OrderedJSON {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        return try OrderedJSON(parsing: text)
    }
}

extension OrderedJSON {
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var intValue: UInt64? {
        switch self {
        case .integer(let v): return v >= 0 ? UInt64(v) : nil
        case .unsigned(let v): return v
        default: return nil
        }
    }
    var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    var arrayValue: [OrderedJSON] { if case .array(let a) = self { a } else { [] } }
}

@Suite(.tags(.unit)) struct KeccakAndMessagePackTests {
    @Test func keccakMatchesKnownVectors() {
        #expect(Hex.encode(Keccak256.hash([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(Hex.encode(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        // Exactly one rate block (136 bytes) and more than one.
        #expect(Keccak256.hash([UInt8](repeating: 0x61, count: 136)).count == 32)
        #expect(Keccak256.hash([UInt8](repeating: 0x61, count: 136)) != Keccak256.hash([UInt8](repeating: 0x61, count: 135)))
    }

    @Test func messagePackMatchesTheReferenceExample() throws {
        let action = try OrderedJSON(parsing: #"{"type":"dummy","num":100000000000}"#)
        #expect(Hex.encode(try MessagePack.encode(action)) == "82a474797065a564756d6d79a36e756dcf000000174876e800")
        #expect(throws: MessagePack.EncodingError.self) { try MessagePack.encode(try OrderedJSON(parsing: #"{"p":1.5}"#)) }
        // Integer forms at their boundaries.
        for (value, hex) in [(127, "7f"), (128, "cc80"), (255, "ccff"), (256, "cd0100"), (65_536, "ce00010000"), (-1, "ff"), (-33, "d0df"), (-129, "d1ff7f")] {
            #expect(Hex.encode(try MessagePack.encode(.integer(Int64(value)))) == hex, "\(value)")
        }
    }

    @Test func orderedJSONKeepsKeyOrderAndRejectsBadInput() throws {
        let json = try OrderedJSON(parsing: #"{"z":1,"a":[true,null,"x\u0041"],"m":{"k":-2}}"#)
        #expect(json.text == #"{"z":1,"a":[true,null,"xA"],"m":{"k":-2}}"#)
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: #"{"a":1,"a":2}"#) }
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: #"{"a":}"#) }
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: "[1,2") }
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: "NaN") }
    }
}

@Suite(.tags(.unit)) struct L1SigningTests {
    @Test func theDomainSeparatorIsHyperliquids() {
        #expect(Hex.encode(L1ActionSigner.domainSeparator) == "d79297fcdf2ffcd4ae223d01edaa2ba214ff8f401d7c9300d995d17c82aa4040")
    }

    /// 24 vectors made with the official Python SDK 0.24.0 over random actions of every
    /// kind the market maker sends: byte-identical signatures, addresses, recovery.
    @Test func sdkGeneratedVectorsSignByteForByte() throws {
        let vectors = try Vectors.load("hl_sign_vectors.json").arrayValue
        #expect(vectors.count == 24)
        for vector in vectors {
            let key = try PrivateKey(hex: vector["privateKey"]!.stringValue!)
            #expect(key.address == vector["address"]!.stringValue!.lowercased())
            let action = vector["action"]!
            let nonce = vector["nonce"]!.intValue!
            let vault = vector["vaultAddress"]!.stringValue
            let expires = vector["expiresAfter"]!.intValue
            let mainnet = vector["isMainnet"]!.boolValue!
            let signature = try L1ActionSigner.sign(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expires, isMainnet: mainnet, key: key)
            // The SDK prints r and s without leading zeros; compare them as 256-bit values
            // (we emit the padded 0x + 64 hex digits).
            let expected = vector["signature"]!
            #expect(signature == (try RecoverableSignature(rHex: expected["r"]!.stringValue!, sHex: expected["s"]!.stringValue!,
                                                           v: Int(expected["v"]!.intValue!))))
            #expect(signature.rHex.count == 66 && signature.sHex.count == 66)
            let signer = try L1ActionSigner.recoverSigner(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expires,
                                                          isMainnet: mainnet, signature: signature)
            #expect(signer == key.address)
        }
    }

    /// The official SDKs' own test vectors, with every intermediate value.
    @Test func officialSDKTestVectorsMatchStepByStep() throws {
        let file = try Vectors.load("sdk_test_vectors.json")
        let l1 = file["vectors"]!.arrayValue.filter { $0["kind"]?.stringValue == "l1_action" }
        #expect(l1.count == 36)
        var signed = 0
        for vector in l1 {
            let action = vector["action"]!
            let nonce = vector["nonce"]!.intValue!
            let vault = vector["vault_address"]?.stringValue
            let expires = vector["expires_after"]?.intValue
            let mainnet = vector["is_mainnet"]!.boolValue!
            let computed = vector["computed_by_running_python_sdk_signing_py"]!
            let name = vector["test"]?.stringValue ?? "?"
            #expect(Hex.encode(try MessagePack.encode(action)) == computed["msgpack_hex"]!.stringValue!, "\(name): msgpack")
            let hash = try L1ActionSigner.actionHash(action: action, nonce: nonce, vaultAddress: vault?.lowercased(), expiresAfter: expires)
            #expect("0x" + Hex.encode(hash) == computed["connectionId"]!.stringValue!, "\(name): connectionId")
            if let digest = computed["eip712_digest"]?.stringValue {
                #expect("0x" + Hex.encode(L1ActionSigner.digest(connectionId: hash, isMainnet: mainnet)) == digest, "\(name): digest")
            }
            if let keyHex = vector["private_key"]?.stringValue, let expected = vector["expected_from_test"]?["signature"] {
                let key = try PrivateKey(hex: keyHex)
                let signature = try L1ActionSigner.sign(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expires, isMainnet: mainnet, key: key)
                #expect(signature == (try RecoverableSignature(rHex: expected["r"]!.stringValue!, sHex: expected["s"]!.stringValue!,
                                                               v: Int(expected["v"]!.intValue!))), "\(name): signature")
                signed += 1
            }
        }
        #expect(signed > 20)
    }

    @Test func badKeysAndSignaturesAreRefused() {
        #expect(throws: SigningError.self) { try PrivateKey(hex: "0x1234") }
        #expect(throws: SigningError.self) { try PrivateKey(hex: String(repeating: "0", count: 64)) }  // zero is not a key
        #expect(throws: SigningError.self) { try PrivateKey(hex: String(repeating: "g", count: 64)) }
        #expect(throws: SigningError.self) { try RecoverableSignature(rHex: "0x01", sHex: "0x02", v: 29) }
        let key = try! PrivateKey(hex: "0x0123456789012345678901234567890123456789012345678901234567890123")
        #expect(!key.description.contains("0123456789012345"))  // never print the key
        #expect(throws: (any Error).self) {
            try L1ActionSigner.sign(action: .object([("type", .string("noop"))]), nonce: 1, vaultAddress: "0xabc", expiresAfter: nil, isMainnet: true, key: key)
        }
    }
}
