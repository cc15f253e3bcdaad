/// One of our orders as the engine knows it.
public struct TrackedOrder: Sendable, Equatable, Codable {
    /// Where the order is in its life. Terminal orders (filled, cancelled, rejected)
    /// leave the tracker; their ids are remembered so late fills are recognised.
    public enum State: String, Sendable, Equatable, Codable {
        /// Sent; no answer yet.
        case pendingNew
        /// Acknowledged and resting on the book.
        case resting
        /// A modify was sent; no answer yet.
        case pendingModify
        /// A cancel was sent; no answer yet (a fill may still arrive: cancel-fill race).
        case pendingCancel
    }

    public var clientOrderID: ClientOrderID
    /// The exchange's id, once acknowledged.
    public var orderID: UInt64?
    public var side: Side
    /// The ladder level (0 = closest to mid).
    public var level: Int
    public var price: Price
    public var size: Size
    /// Filled so far.
    public var filled: Size
    public var state: State
    /// The price and size a pending modify asked for.
    public var pendingPrice: Price?
    public var pendingSize: Size?

    /// Size still open.
    public var remaining: Size { Size(rawValue: max(0, self.size.rawValue - self.filled.rawValue)) }
}
