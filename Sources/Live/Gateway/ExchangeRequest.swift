import Engine
import Hyperliquid
import JSON

/// One `/exchange` request the driver wants sent: the unsigned action with its nonce and
/// expiry (the shell signs it with the key and posts it), and what its answer means.
public struct ExchangeRequest: Sendable {
    /// The driver's id for this request; its outcome comes back with it.
    public var id: UInt64
    /// The unsigned action.
    public var action: OrderedJSON
    /// The nonce to sign with (strictly increasing per signer, near now in ms).
    public var nonce: UInt64
    /// For order and modify actions: the venue refuses the action after this (ms), so a
    /// request delivered late is not executed stale.
    public var expiresAfter: UInt64?
    /// How to read the answer (nil: a default-type answer that concerns no order).
    public var kind: ExchangeResponse.RequestKind?
    /// The orders the answer's statuses refer to, in order.
    public var items: [ExchangeResponse.RequestItem]
    /// A few words for the log ("place x2", "cancel x1").
    public var label: String
    /// The client ids this request acts on: a later request for one of them waits for
    /// this one's outcome.
    public var orders: [ClientOrderID]
    /// Whether the action places or moves orders (new exposure), as opposed to cancels
    /// and the dead man's switch.
    public var addsExposure: Bool { self.kind == .order || self.kind == .modify }
}

/// One `/info` request the driver wants sent.
public struct InfoRequest: Sendable, Equatable {
    /// The driver's id for this request; its answer comes back with it.
    public var id: UInt64
    /// The JSON body.
    public var body: String
}
