import Engine
import Hyperliquid
import JSON

extension SimVenue {
    /// The L1 actions hl-sim carries out.
    static let supportedActions: Set<String> = ["order", "cancel", "cancelByCloid", "modify", "batchModify", "scheduleCancel",
                                                "updateLeverage", "noop"]

    /// Checks an `/exchange` body on arrival: shape, signature (the signer is recovered
    /// from it, as the exchange does), account, expiry, nonce and rate limit.
    public func admit(body: [UInt8], now: Int64) -> ExchangeAdmission {
        switch Self.parse(body: body) {
        case .success(let request): return self.admit(request, now: now)
        case .failure(let refusal): return .refused(refusal.answer)
        }
    }

    /// Checks a parsed `/exchange` request (see ``admit(body:now:)``).
    public func admit(_ request: OrderedJSON, now: Int64) -> ExchangeAdmission {
        guard case .object = request else { return .refused(.unprocessable("expected an object")) }
        guard let action = request["action"], case .object = action else { return .refused(.unprocessable("missing field `action`")) }
        guard case .string(let type)? = action["type"] else { return .refused(.unprocessable("missing field `type` in `action`")) }
        guard Self.supportedActions.contains(type) else { return .refused(.unprocessable("unknown variant `\(type)`")) }
        for key in ["orders", "cancels", "modifies"] {
            if case .array(let items)? = action[key], items.count > Self.maxItemsPerAction {
                return .refused(.exchangeError("hl-sim takes at most \(Self.maxItemsPerAction) \(key) per action, got \(items.count); split the batch"))
            }
        }
        let nonce: UInt64
        switch request["nonce"] {
        case .integer(let value)? where value >= 0: nonce = UInt64(value)
        case .unsigned(let value)?: nonce = value
        case nil: return .refused(.unprocessable("missing field `nonce`"))
        default: return .refused(.unprocessable("invalid type for field `nonce`: expected u64"))
        }
        guard let signatureJSON = request["signature"], case .string(let r)? = signatureJSON["r"], case .string(let s)? = signatureJSON["s"],
              case .integer(let v)? = signatureJSON["v"] else {
            return .refused(.unprocessable("missing or malformed field `signature` (expected {\"r\",\"s\",\"v\"})"))
        }
        var vault: String?
        switch request["vaultAddress"] {
        case nil, .null?: vault = nil
        case .string(let address)? where AccountList.isAddress(address): vault = address.lowercased()
        default: return .refused(.unprocessable("invalid address in field `vaultAddress`"))
        }
        var expiresAfter: UInt64?
        switch request["expiresAfter"] {
        case nil, .null?: expiresAfter = nil
        case .integer(let value)? where value >= 0: expiresAfter = UInt64(value)
        default: return .refused(.unprocessable("invalid type for field `expiresAfter`: expected u64"))
        }
        let signer: String
        do {
            let signature = try RecoverableSignature(rHex: r, sHex: s, v: Int(v))
            signer = try L1ActionSigner.recoverSigner(action: action, nonce: nonce, vaultAddress: vault, expiresAfter: expiresAfter,
                                                      isMainnet: self.configuration.isMainnet, signature: signature)
        } catch {
            return .refused(.exchangeError("Invalid signature: \(error)"))
        }
        let address = vault ?? signer
        guard self.mayHoldAccount(signer), self.mayHoldAccount(address) else {
            if self.configuration.admittedAccounts == nil {
                return .refused(.exchangeError("hl-sim already holds \(self.accounts.count) accounts, the most it opens on first use; list the accounts with --accounts"))
            }
            return .refused(.exchangeError("User or API Wallet \(signer) does not exist."))
        }
        let nowMilliseconds = now / 1_000_000
        if let expiresAfter, Int64(clamping: expiresAfter) < nowMilliseconds {
            return .refused(.exchangeError("Action expired: expiresAfter \(expiresAfter) is before the block time \(nowMilliseconds)"))
        }
        if let message = self.nonces[signer, default: NonceWindow()].admit(nonce, nowMilliseconds: nowMilliseconds) {
            return .refused(.exchangeError(message))
        }
        // Accounts are opened only for requests that passed every check above.
        _ = self.account(for: signer)
        _ = self.account(for: address)
        let share = self.configuration.faults.rateLimitRejectionShare
        if share > 0, self.random.nextUnit() < share, let exchange = self.accounts[address]?.exchange {
            let used = exchange.requestsSpent + 1
            return .refused(.exchangeError("Too many cumulative requests sent (\(used) > \(min(used - 1, exchange.requestCap))) for cumulative volume traded $\(String(format2: exchange.tradedVolume)). Place taker orders to free up 1 request per USDC traded."))
        }
        let modifyShare = self.configuration.faults.modifyRejectionShare
        if modifyShare > 0, type == "modify" || type == "batchModify", self.random.nextUnit() < modifyShare {
            return .refused(.exchangeError("Cannot modify order: it is being processed (hl-sim fault)"))
        }
        var delay = self.configuration.faults.extraLatencyMilliseconds
        if type == "cancel" || type == "cancelByCloid" { delay += self.configuration.faults.cancelDelayMilliseconds }
        return .accepted(PreparedAction(account: address, signer: signer, type: type, action: action, delayMilliseconds: delay))
    }
}

extension SimVenue {
    /// The most orders, cancels or modifies one action may hold. The exchange documents
    /// no per-action maximum (a batch of n counts as n requests); hl-sim bounds the work
    /// of one request so one client cannot stall the others.
    public static let maxItemsPerAction = 1_000

    /// The most accounts hl-sim opens on first use when no `--accounts` list is given.
    public static let maxOpenAccounts = 1_000

    /// Whether `address` has an account or may get one on first use.
    func mayHoldAccount(_ address: String) -> Bool {
        if self.accounts[address] != nil { return true }
        if let admitted = self.configuration.admittedAccounts { return admitted[address] != nil }
        return self.accounts.count < Self.maxOpenAccounts
    }
}

extension String {
    /// `value` with exactly two decimals (no Foundation).
    init(format2 value: Double) {
        let cents = Int64(saturating: (value * 100).rounded())
        let whole = cents / 100
        let fraction = cents % 100
        self = "\(whole)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
