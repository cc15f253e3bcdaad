/// One of our orders as the engine knows it.
package struct TrackedOrder: Sendable, Equatable, Codable {
    /// Where the order is in its life. Terminal orders (filled, cancelled, rejected)
    /// leave the tracker; their ids are remembered so late fills are recognised.
    package enum State: String, Sendable, Equatable, Codable {
        /// Sent; no answer yet.
        case pendingNew
        /// The answer to its place (or modify) was lost: it may rest at the venue. Counted
        /// as live for quoting limits and looked up at the venue until the venue says what
        /// happened (an order lookup, an order update, a fill, the open-order listing).
        case unknown
        /// Acknowledged and resting on the book.
        case resting
        /// A modify was sent; no answer yet.
        case pendingModify
        /// A cancel was sent (or is due again): the order stays tracked until the venue
        /// confirms it is gone (cancelled, filled, or unknown to it). A fill may still
        /// arrive: the cancel-fill race.
        case pendingCancel
    }

    package var clientOrderID: ClientOrderID
    /// The exchange's id, once acknowledged.
    package var orderID: UInt64?
    package var side: Side
    /// The ladder level (0 = closest to mid).
    package var level: Int
    package var price: Price
    package var size: Size
    /// Filled so far.
    package var filled: Size
    package var state: State
    /// The price and size a pending modify asked for.
    package var pendingPrice: Price?
    package var pendingSize: Size?
    /// Virtual time the place or the latest modify was sent: a lost one can no longer
    /// rest once its `expiresAfter` passed.
    package var sentAt: Int64 = 0
    /// Cancels sent, or lookups made, so far (the retry backoff grows with it).
    package var attempts: Int64 = 0
    /// When the next cancel (pendingCancel) or lookup (unknown) is due; `nil` while an
    /// answer is awaited.
    package var retryAt: Int64?
    /// When the latest lookup of a lost outcome was sent.
    package var lookupSentAt: Int64?
    /// Venue time (ns) of the first open-order listing that did not show this
    /// acknowledged order; it is dropped when a listing a grace later still does not.
    package var missingSince: Int64?
    /// Adopted from an earlier session without a client id of ours: cancels and modifies
    /// name it by the exchange's id.
    package var namedByOrderID = false

    /// Size still open.
    package var remaining: Size { Size(rawValue: max(0, self.size.rawValue - self.filled.rawValue)) }

    /// How commands name this order at the venue.
    package var reference: OrderReference {
        if self.namedByOrderID, let oid = self.orderID { return .exchange(oid) }
        return .client(self.clientOrderID)
    }
}
