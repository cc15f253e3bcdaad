import JSON

/// A signed `/exchange` request: the action, its nonce and signature, ready to POST.
public struct SignedRequest: Sendable {
    public let action: OrderedJSON
    public let nonce: UInt64
    public let signature: RecoverableSignature
    /// Lowercased vault or subaccount address, when trading for one.
    public let vaultAddress: String?
    public let expiresAfter: UInt64?

    /// Signs `action` as the official SDK does (see ``L1ActionSigner``).
    public init(action: OrderedJSON, nonce: UInt64, vaultAddress: String? = nil, expiresAfter: UInt64? = nil,
                isMainnet: Bool = true, key: PrivateKey) throws {
        let vault = vaultAddress?.lowercased()
        self.signature = try L1ActionSigner.sign(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expiresAfter,
                                                 isMainnet: isMainnet, key: key)
        self.action = action
        self.nonce = nonce
        self.vaultAddress = vault
        self.expiresAfter = expiresAfter
    }

    /// The request body: `{"action","nonce","signature":{"r","s","v"},"vaultAddress"}` and
    /// `expiresAfter` when set, in that order.
    public var body: OrderedJSON {
        var pairs: [(key: String, value: OrderedJSON)] = [
            ("action", self.action),
            ("nonce", .unsigned(self.nonce)),
            ("signature", .object([("r", .string(self.signature.rHex)), ("s", .string(self.signature.sHex)),
                                   ("v", .integer(Int64(self.signature.v)))])),
            ("vaultAddress", self.vaultAddress.map { .string($0) } ?? .null),
        ]
        if let expires = self.expiresAfter { pairs.append(("expiresAfter", .unsigned(expires))) }
        return .object(pairs)
    }
}
