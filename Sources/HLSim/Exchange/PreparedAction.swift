import Hyperliquid
import JSON

/// An `/exchange` request that passed the checks made on arrival (body shape,
/// signature, account, nonce, rate limit) and waits to be carried out.
public struct PreparedAction: Sendable {
    /// The account acted for (the vault when `vaultAddress` is set, else the signer).
    public var account: String
    /// The recovered signer.
    public var signer: String
    /// The action's `type`.
    public var type: String
    public var action: OrderedJSON
    /// How long the server waits before carrying it out (fault flags).
    public var delayMilliseconds: Int64
}

/// What happens to an `/exchange` request on arrival.
public enum ExchangeAdmission: Sendable {
    /// Refused at once with this answer.
    case refused(HTTPAnswer)
    /// Accepted: carry it out (after its delay) with ``SimVenue/execute(_:now:)``.
    case accepted(PreparedAction)
}
