/// Our orders for one coin: their lifecycle (pendingNew → resting → pendingCancel →
/// gone), fill deduplication by trade id, and recognition of late and orphan fills.
///
/// Fixed-size rings remember recently closed orders and recent trade ids, so the
/// tracker's memory is bounded and steady-state handling does not allocate.
public struct OrderTracker: Sendable, Codable {
    /// How a fill relates to our orders.
    public enum FillKind: String, Sendable, Equatable {
        /// A fill of an order we track.
        case live
        /// A fill of an order we had already asked to cancel, or that had left the
        /// tracker: the cancel-fill race. Position is updated once, like any fill.
        case late
        /// A trade id seen before (snapshot replays and reconnects resend fills).
        case duplicate
        /// A fill of an order we never placed (another session, a manual order).
        case orphan
    }

    public private(set) var orders: [TrackedOrder] = []
    private var closed: [ClientOrderID]
    private var closedNext = 0
    private var seenTrades: Set<UInt64>
    private var seenRing: [UInt64]
    private var seenNext = 0
    private var seenCount = 0
    private let idPrefix: UInt64
    /// Orders created so far (the low half of the next client id).
    public private(set) var created: UInt64 = 0

    // Counters for the state summary and decisions.
    public private(set) var rejects: UInt64 = 0
    public private(set) var rateLimitedRejects: UInt64 = 0
    public private(set) var duplicateFills: UInt64 = 0
    public private(set) var orphanFills: UInt64 = 0
    public private(set) var lateFills: UInt64 = 0

    /// A tracker whose client ids start with `idPrefix` in their high half.
    public init(idPrefix: UInt64, rememberedOrders: Int = 256, rememberedTrades: Int = 4096) {
        self.idPrefix = idPrefix
        self.closed = [ClientOrderID](repeating: ClientOrderID(high: 0, low: 0), count: rememberedOrders)
        self.seenRing = [UInt64](repeating: 0, count: rememberedTrades)
        self.seenTrades = Set(minimumCapacity: rememberedTrades * 2)
        self.orders.reserveCapacity(32)
    }

    /// The next client order id: derived from the counter, never random.
    public mutating func makeClientOrderID() -> ClientOrderID {
        self.created += 1
        return ClientOrderID(high: self.idPrefix, low: self.created)
    }

    /// Starts tracking an order we are about to place.
    public mutating func track(_ request: OrderRequest, level: Int) {
        self.orders.append(TrackedOrder(clientOrderID: request.clientOrderID, orderID: nil, side: request.side, level: level,
                                        price: request.price, size: request.size, filled: .zero, state: .pendingNew))
    }

    func index(of id: ClientOrderID?, orderID: UInt64?) -> Int? {
        if let id, let i = self.orders.firstIndex(where: { $0.clientOrderID == id }) { return i }
        if let orderID, let i = self.orders.firstIndex(where: { $0.orderID == orderID }) { return i }
        return nil
    }

    /// The order in a ladder slot, if any.
    public func order(side: Side, level: Int) -> TrackedOrder? {
        self.orders.first { $0.side == side && $0.level == level }
    }

    /// Marks an order as being cancelled.
    public mutating func markCancelling(_ id: ClientOrderID) {
        if let i = self.index(of: id, orderID: nil) { self.orders[i].state = .pendingCancel }
    }

    /// Marks an order as being modified to a new price and size.
    public mutating func markModifying(_ id: ClientOrderID, price: Price, size: Size) {
        if let i = self.index(of: id, orderID: nil) {
            self.orders[i].state = .pendingModify
            self.orders[i].pendingPrice = price
            self.orders[i].pendingSize = size
        }
    }

    private mutating func close(at index: Int) {
        self.closed[self.closedNext] = self.orders[index].clientOrderID
        self.closedNext = (self.closedNext + 1) % self.closed.count
        self.orders.remove(at: index)
    }

    func wasClosed(_ id: ClientOrderID?) -> Bool {
        guard let id else { return false }
        return self.closed.contains(id)
    }

    /// Applies the exchange's answer to one of our requests.
    public mutating func apply(_ response: OrderResponse) {
        guard let i = self.index(of: response.clientOrderID, orderID: response.orderID) else { return }
        switch response.outcome {
        case .resting:
            if self.orders[i].orderID == nil { self.orders[i].orderID = response.orderID }
            if self.orders[i].state == .pendingNew { self.orders[i].state = .resting }
        case .filled:
            // The fills themselves arrive as fill events and close the order.
            if self.orders[i].orderID == nil { self.orders[i].orderID = response.orderID }
            if self.orders[i].state == .pendingNew { self.orders[i].state = .resting }
        case .rejected:
            self.rejects += 1
            if self.orders[i].state == .pendingModify {
                self.orders[i].state = .resting
                self.orders[i].pendingPrice = nil
                self.orders[i].pendingSize = nil
            } else {
                self.close(at: i)
            }
        case .rateLimited:
            self.rateLimitedRejects += 1
            if self.orders[i].state == .pendingModify || self.orders[i].state == .pendingCancel {
                self.orders[i].state = .resting
            } else {
                self.close(at: i)
            }
        case .cancelled, .cancelRejected:
            // Either way the order is no longer resting; a fill may still arrive.
            self.close(at: i)
        case .modified:
            if let price = self.orders[i].pendingPrice { self.orders[i].price = price }
            if let size = self.orders[i].pendingSize { self.orders[i].size = size }
            self.orders[i].pendingPrice = nil
            self.orders[i].pendingSize = nil
            self.orders[i].state = .resting
        }
    }

    /// Applies a status update from the exchange's order feed.
    public mutating func apply(_ update: OrderUpdate) {
        guard let i = self.index(of: update.clientOrderID, orderID: update.orderID) else { return }
        if self.orders[i].orderID == nil { self.orders[i].orderID = update.orderID }
        if update.status.isTerminal {
            self.close(at: i)
        } else if self.orders[i].state == .pendingNew {
            self.orders[i].state = .resting
        }
    }

    /// The exchange cancelled an order of ours.
    public mutating func removeOrder(orderID: UInt64) {
        if let i = self.index(of: nil, orderID: orderID) { self.close(at: i) }
    }

    /// Classifies a fill and updates the order it belongs to. Position changes belong to
    /// the caller, for every kind but `.duplicate`.
    public mutating func apply(_ fill: Fill) -> FillKind {
        if self.seenTrades.contains(fill.tradeID) {
            self.duplicateFills += 1
            return .duplicate
        }
        if self.seenCount == self.seenRing.count { self.seenTrades.remove(self.seenRing[self.seenNext]) } else { self.seenCount += 1 }
        self.seenRing[self.seenNext] = fill.tradeID
        self.seenNext = (self.seenNext + 1) % self.seenRing.count
        self.seenTrades.insert(fill.tradeID)

        if let i = self.index(of: fill.clientOrderID, orderID: fill.orderID) {
            let wasCancelling = self.orders[i].state == .pendingCancel
            self.orders[i].filled = self.orders[i].filled + fill.size
            if self.orders[i].orderID == nil { self.orders[i].orderID = fill.orderID }
            if self.orders[i].filled >= self.orders[i].size { self.close(at: i) }
            if wasCancelling {
                self.lateFills += 1
                return .late
            }
            return .live
        }
        if self.wasClosed(fill.clientOrderID) || (fill.clientOrderID.map { $0.high == self.idPrefix } ?? false) {
            self.lateFills += 1
            return .late
        }
        self.orphanFills += 1
        return .orphan
    }

    /// Drops an acknowledged order the exchange no longer lists. Returns whether one was.
    public mutating func dropMissing(from listed: [OpenOrderSnapshot]) -> [ClientOrderID] {
        var dropped: [ClientOrderID] = []
        var i = 0
        while i < self.orders.count {
            let order = self.orders[i]
            let acknowledged = order.state == .resting || order.state == .pendingModify
            let present = listed.contains { $0.clientOrderID == order.clientOrderID || (order.orderID != nil && $0.orderID == order.orderID) }
            if acknowledged && !present {
                dropped.append(order.clientOrderID)
                self.close(at: i)
            } else {
                i += 1
            }
        }
        return dropped
    }

    /// Whether an exchange-listed order is one we track.
    public func tracks(_ order: OpenOrderSnapshot) -> Bool {
        self.index(of: order.clientOrderID, orderID: order.orderID) != nil
    }

    // Codable: the trade-id set is rebuilt from the ring, so no hash order reaches the
    // encoding (snapshots must be byte-identical run after run).
    enum CodingKeys: String, CodingKey {
        case orders, closed, closedNext, seenRing, seenNext, seenCount, idPrefix, created
        case rejects, rateLimitedRejects, duplicateFills, orphanFills, lateFills
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.orders = try c.decode([TrackedOrder].self, forKey: .orders)
        self.closed = try c.decode([ClientOrderID].self, forKey: .closed)
        self.closedNext = try c.decode(Int.self, forKey: .closedNext)
        self.seenRing = try c.decode([UInt64].self, forKey: .seenRing)
        self.seenNext = try c.decode(Int.self, forKey: .seenNext)
        self.seenCount = try c.decode(Int.self, forKey: .seenCount)
        self.idPrefix = try c.decode(UInt64.self, forKey: .idPrefix)
        self.created = try c.decode(UInt64.self, forKey: .created)
        self.rejects = try c.decode(UInt64.self, forKey: .rejects)
        self.rateLimitedRejects = try c.decode(UInt64.self, forKey: .rateLimitedRejects)
        self.duplicateFills = try c.decode(UInt64.self, forKey: .duplicateFills)
        self.orphanFills = try c.decode(UInt64.self, forKey: .orphanFills)
        self.lateFills = try c.decode(UInt64.self, forKey: .lateFills)
        self.seenTrades = Set(minimumCapacity: self.seenRing.count * 2)
        for tid in self.seenRing.prefix(self.seenCount) { self.seenTrades.insert(tid) }
        self.orders.reserveCapacity(32)
    }

    /// Forgets every tracked order (they are known to be gone).
    public mutating func removeAll() {
        while !self.orders.isEmpty { self.close(at: self.orders.count - 1) }
    }
}
