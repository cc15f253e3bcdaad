import JSON

/// Signs Hyperliquid "L1" actions (order, cancel, cancelByCloid, batchModify,
/// scheduleCancel, updateLeverage, ...) exactly as the official SDK does:
///
///     connectionId = keccak(msgpack(action) ‖ nonce u64 BE ‖ 0x00 | 0x01 ‖ vault(20)
///                           [‖ 0x00 ‖ expiresAfter u64 BE])
///     digest = keccak(0x19 0x01 ‖ domainSeparator ‖ keccak(typeHash(Agent) ‖
///                     keccak(source) ‖ connectionId))
///
/// with the phantom agent's source "a" on mainnet and "b" on testnet, and the EIP-712
/// domain {name "Exchange", version "1", chainId 1337, verifyingContract 0x0}.
public enum L1ActionSigner {
    static let domainTypeHash = Keccak256.hash(Array("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)".utf8))
    static let agentTypeHash = Keccak256.hash(Array("Agent(string source,bytes32 connectionId)".utf8))

    /// The EIP-712 domain separator of L1 actions.
    public static let domainSeparator: [UInt8] = {
        var chainId = [UInt8](repeating: 0, count: 32)
        chainId[30] = 0x05  // 1337 = 0x0539
        chainId[31] = 0x39
        let verifyingContract = [UInt8](repeating: 0, count: 32)
        return Keccak256.hash(Self.domainTypeHash + Keccak256.hash(Array("Exchange".utf8)) + Keccak256.hash(Array("1".utf8)) + chainId + verifyingContract)
    }()

    /// The action hash (the phantom agent's connectionId).
    public static func actionHash(action: OrderedJSON, nonce: UInt64, vaultAddress: String?, expiresAfter: UInt64?) throws -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(512)
        try MessagePack.encode(action, into: &data)
        MessagePack.big(nonce, bytes: 8, into: &data)
        if let vaultAddress {
            guard let vault = Hex.decode(vaultAddress), vault.count == 20 else {
                throw SigningError.invalidAddress("vault address \(vaultAddress) is not 0x + 40 hex digits")
            }
            data.append(0x01)
            data.append(contentsOf: vault)
        } else {
            data.append(0x00)
        }
        if let expiresAfter {
            data.append(0x00)
            MessagePack.big(expiresAfter, bytes: 8, into: &data)
        }
        return Keccak256.hash(data)
    }

    static let mainnetSourceHash = Keccak256.hash(Array("a".utf8))
    static let testnetSourceHash = Keccak256.hash(Array("b".utf8))

    /// The EIP-712 digest of the phantom agent for `connectionId`.
    public static func digest(connectionId: [UInt8], isMainnet: Bool) -> [UInt8] {
        let source = isMainnet ? Self.mainnetSourceHash : Self.testnetSourceHash
        var message: [UInt8] = []
        message.reserveCapacity(64 + max(32, connectionId.count))
        message.append(contentsOf: Self.agentTypeHash)
        message.append(contentsOf: source)
        message.append(contentsOf: connectionId)
        let structHash = Keccak256.hash(message)
        message.removeAll(keepingCapacity: true)
        message.append(0x19)
        message.append(0x01)
        message.append(contentsOf: Self.domainSeparator)
        message.append(contentsOf: structHash)
        return Keccak256.hash(message)
    }

    /// Signs an action.
    public static func sign(action: OrderedJSON, nonce: UInt64, vaultAddress: String?, expiresAfter: UInt64?,
                            isMainnet: Bool, key: PrivateKey) throws -> RecoverableSignature {
        let hash = try self.actionHash(action: action, nonce: nonce, vaultAddress: vaultAddress?.lowercased(), expiresAfter: expiresAfter)
        return Secp256k1.sign(digest: self.digest(connectionId: hash, isMainnet: isMainnet), with: key)
    }

    /// The address that signed an action (what the exchange, and hl-sim, check).
    public static func recoverSigner(action: OrderedJSON, nonce: UInt64, vaultAddress: String?, expiresAfter: UInt64?,
                                     isMainnet: Bool, signature: RecoverableSignature) throws -> String {
        let hash = try self.actionHash(action: action, nonce: nonce, vaultAddress: vaultAddress?.lowercased(), expiresAfter: expiresAfter)
        return try Secp256k1.recoverAddress(digest: self.digest(connectionId: hash, isMainnet: isMainnet), signature: signature)
    }
}
