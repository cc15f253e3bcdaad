/// How retries back off: `first` ns, doubling, at most `maximum` ns.
package struct RetryPolicy: Sendable, Equatable {
    package var first: Int64
    package var maximum: Int64
    package init(first: Int64, maximum: Int64) {
        self.first = first
        self.maximum = maximum
    }
}

/// Our orders for one coin: their lifecycle (pendingNew → resting → pendingCancel →
/// gone, with `unknown` for a lost outcome), fill deduplication by trade id, and
/// recognition of late and orphan fills.
///
/// Fixed-size rings remember recently closed orders and recent trade ids, so the
/// tracker's memory is bounded and steady-state handling does not allocate.
package struct OrderTracker: Sendable, Codable {
    /// How a fill relates to our orders.
    package enum FillKind: String, Sendable, Equatable {
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

    package private(set) var orders: [TrackedOrder] = []
    private var closed: [ClientOrderID]
    private var closedNext = 0
    private var seenTrades: Set<UInt64>
    private var seenRing: [UInt64]
    private var seenNext = 0
    private var seenCount = 0
    private let idPrefix: UInt64
    /// Orders created so far (the low half of the next client id).
    package private(set) var created: UInt64 = 0

    // Counters for the state summary and decisions.
    package private(set) var rejects: UInt64 = 0
    package private(set) var rateLimitedRejects: UInt64 = 0
    package private(set) var duplicateFills: UInt64 = 0
    package private(set) var orphanFills: UInt64 = 0
    package private(set) var lateFills: UInt64 = 0
    /// Requests of ours whose outcome was lost.
    package private(set) var unknownOutcomes: UInt64 = 0

    /// A tracker whose client ids start with `idPrefix` in their high half.
    package init(idPrefix: UInt64, rememberedOrders: Int = 256, rememberedTrades: Int = 4096) {
        self.idPrefix = idPrefix
        self.closed = [ClientOrderID](repeating: ClientOrderID(high: 0, low: 0), count: rememberedOrders)
        self.seenRing = [UInt64](repeating: 0, count: rememberedTrades)
        self.seenTrades = Set(minimumCapacity: rememberedTrades * 2)
        self.orders.reserveCapacity(32)
    }

    /// The next client order id: derived from the counter, never random.
    package mutating func makeClientOrderID() -> ClientOrderID {
        self.created += 1
        return ClientOrderID(high: self.idPrefix, low: self.created)
    }

    /// Starts tracking an order we are about to place at `time`.
    package mutating func track(_ request: OrderRequest, level: Int, at time: Int64) {
        var order = TrackedOrder(clientOrderID: request.clientOrderID, orderID: nil, side: request.side, level: level,
                                 price: request.price, size: request.size, filled: .zero, state: .pendingNew)
        order.sentAt = time
        self.orders.append(order)
    }

    /// Starts tracking an order found open at the venue (adopted from an earlier
    /// session), in ladder slot `level`.
    package mutating func adopt(_ listed: OpenOrderSnapshot, level: Int, at time: Int64) {
        var order = TrackedOrder(clientOrderID: listed.clientOrderID ?? ClientOrderID(high: 0, low: listed.orderID), orderID: listed.orderID,
                                 side: listed.side, level: level, price: listed.limitPrice, size: listed.size, filled: .zero, state: .resting)
        order.sentAt = time
        order.namedByOrderID = listed.clientOrderID == nil
        self.orders.append(order)
    }

    func index(of id: ClientOrderID?, orderID: UInt64?) -> Int? {
        if let id, let i = self.orders.firstIndex(where: { $0.clientOrderID == id && !$0.namedByOrderID }) { return i }
        if let orderID, let i = self.orders.firstIndex(where: { $0.orderID == orderID }) { return i }
        return nil
    }

    /// The order in a ladder slot, if any.
    package func order(side: Side, level: Int) -> TrackedOrder? {
        self.index(side: side, level: level).map { self.orders[$0] }
    }

    /// The index of the order in a ladder slot, if any.
    @inline(__always)
    package func index(side: Side, level: Int) -> Int? {
        for i in self.orders.indices where self.orders[i].side == side && self.orders[i].level == level { return i }
        return nil
    }

    /// Marks an order as being cancelled by a cancel sent at `time`. Until an answer
    /// comes, a watchdog retry is set far out (the driver answers every request, but a
    /// cancel must never be forgotten).
    package mutating func markCancelling(_ id: ClientOrderID, at time: Int64, watchdog: Int64) {
        guard let i = self.orders.firstIndex(where: { $0.clientOrderID == id }) else { return }
        self.markCancelling(at: i, time: time, watchdog: watchdog)
    }

    /// Marks the `index`-th order as being cancelled (see ``markCancelling(_:at:watchdog:)``).
    package mutating func markCancelling(at index: Int, time: Int64, watchdog: Int64) {
        self.orders[index].state = .pendingCancel
        self.orders[index].attempts += 1
        self.orders[index].retryAt = time &+ watchdog
    }

    /// Marks an order as being modified to a new price and size by a modify sent at `time`.
    package mutating func markModifying(_ id: ClientOrderID, price: Price, size: Size, at time: Int64) {
        if let i = self.index(of: id, orderID: nil) { self.markModifying(at: i, price: price, size: size, time: time) }
    }

    /// Marks the `index`-th order as being modified (see ``markModifying(_:price:size:at:)``).
    package mutating func markModifying(at index: Int, price: Price, size: Size, time: Int64) {
        self.orders[index].state = .pendingModify
        self.orders[index].pendingPrice = price
        self.orders[index].pendingSize = size
        self.orders[index].sentAt = time
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

    /// Whether a client id was issued by this tracker (this session, this coin).
    package func issued(_ id: ClientOrderID?) -> Bool {
        guard let id else { return false }
        return id.high == self.idPrefix && id.low >= 1 && id.low <= self.created
    }

    /// When a retry (cancel or lookup) is due after `attempts` tries: `first` doubling,
    /// at most `maximum`.
    package static func backoff(attempts: Int64, first: Int64, maximum: Int64) -> Int64 {
        var delay = first
        var n: Int64 = 1
        while n < attempts && delay < maximum {
            delay = delay > maximum / 2 ? maximum : delay * 2
            n += 1
        }
        return min(delay, maximum)
    }

    /// Applies the exchange's answer to one of our requests, received at `time`.
    package mutating func apply(_ response: OrderResponse, at time: Int64, retry: RetryPolicy) {
        guard let i = self.index(of: response.clientOrderID, orderID: response.orderID) else { return }
        switch response.outcome {
        case .resting, .filled:
            // Fills arrive as fill events and close the order.
            if self.orders[i].orderID == nil { self.orders[i].orderID = response.orderID }
            if self.orders[i].state == .pendingNew || self.orders[i].state == .unknown {
                self.orders[i].state = .resting
                self.orders[i].retryAt = nil
            }
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
            switch self.orders[i].state {
            case .pendingModify: self.orders[i].state = .resting
            case .pendingCancel:
                // Still wanted gone: try again after the backoff.
                self.orders[i].retryAt = time &+ Self.backoff(attempts: self.orders[i].attempts, first: retry.first, maximum: retry.maximum)
            case .pendingNew: self.close(at: i)
            case .unknown, .resting: break
            }
        case .cancelled, .cancelRejected:
            // Either way the order is no longer resting (the venue says so); a fill may
            // still arrive.
            self.close(at: i)
        case .modified:
            // The exchange may give a modified order a new oid.
            if let orderID = response.orderID { self.orders[i].orderID = orderID }
            if let price = self.orders[i].pendingPrice { self.orders[i].price = price }
            if let size = self.orders[i].pendingSize { self.orders[i].size = size }
            self.orders[i].pendingPrice = nil
            self.orders[i].pendingSize = nil
            if self.orders[i].state == .pendingModify || self.orders[i].state == .unknown { self.orders[i].state = .resting }
        case .unknown:
            self.unknownOutcomes += 1
            switch self.orders[i].state {
            case .pendingNew, .pendingModify, .unknown:
                // May rest: look it up at once.
                self.orders[i].state = .unknown
                self.orders[i].retryAt = time
            case .pendingCancel:
                self.orders[i].retryAt = time &+ Self.backoff(attempts: self.orders[i].attempts, first: retry.first, maximum: retry.maximum)
            case .resting:
                break
            }
        }
    }

    /// The venue's answer to a lookup of a lost outcome, received at `time`. A not-found
    /// answer forgets the order only when the lookup was sent after the order's request
    /// expired (`expiry` ns after it was sent): before that, the request may still
    /// arrive, so it is looked up again then.
    package mutating func apply(_ lookup: OrderLookup, at time: Int64, expiry: Int64) -> LookupResult {
        guard let i = self.orders.firstIndex(where: { $0.clientOrderID == lookup.clientOrderID }) else { return .untracked }
        guard let found = lookup.order else {
            if self.orders[i].state == .pendingCancel {
                self.close(at: i)
                return .gone
            }
            guard self.orders[i].state == .unknown else { return .untracked }
            let expired = self.orders[i].sentAt &+ expiry
            if let asked = self.orders[i].lookupSentAt, asked >= expired {
                self.close(at: i)
                return .forgotten
            }
            self.orders[i].retryAt = max(time, expired)
            return .pending
        }
        if self.orders[i].orderID == nil { self.orders[i].orderID = found.orderID }
        if found.status.isTerminal {
            self.close(at: i)
            return .gone
        }
        if self.orders[i].state == .unknown || self.orders[i].state == .pendingNew {
            self.orders[i].state = .resting
            self.orders[i].price = found.limitPrice
            self.orders[i].size = Size(rawValue: self.orders[i].filled.rawValue + found.size.rawValue)
            self.orders[i].pendingPrice = nil
            self.orders[i].pendingSize = nil
            self.orders[i].retryAt = nil
        }
        return .resting
    }

    /// What a lookup answer did.
    package enum LookupResult: Sendable, Equatable {
        /// The order rests at the venue: tracked as resting.
        case resting
        /// The venue says it ended (filled, cancelled, rejected): closed.
        case gone
        /// Not found after its request expired: it never rested; forgotten.
        case forgotten
        /// Not found yet; looked up again once its request has expired.
        case pending
        /// Not an order we track.
        case untracked
    }

    /// Applies a status update from the exchange's order feed.
    package mutating func apply(_ update: OrderUpdate) {
        guard let i = self.index(of: update.clientOrderID, orderID: update.orderID) else { return }
        if self.orders[i].orderID == nil { self.orders[i].orderID = update.orderID }
        if update.status.isTerminal {
            self.close(at: i)
        } else if self.orders[i].state == .pendingNew || self.orders[i].state == .unknown {
            self.orders[i].state = .resting
            self.orders[i].retryAt = nil
        }
    }

    /// The exchange cancelled an order of ours.
    package mutating func removeOrder(orderID: UInt64) {
        if let i = self.index(of: nil, orderID: orderID) { self.close(at: i) }
    }

    /// Remembers a fill's trade id without classifying it (a fill already in an adopted
    /// position). Returns false when the id was seen before.
    package mutating func remember(_ fill: Fill) -> Bool {
        if self.seenTrades.contains(fill.tradeID) {
            self.duplicateFills += 1
            return false
        }
        self.markSeen(fill.tradeID)
        if let i = self.index(of: fill.clientOrderID, orderID: fill.orderID) {
            self.orders[i].filled = self.orders[i].filled + fill.size
            if self.orders[i].filled >= self.orders[i].size { self.close(at: i) }
        }
        return true
    }

    private mutating func markSeen(_ tradeID: UInt64) {
        if self.seenCount == self.seenRing.count { self.seenTrades.remove(self.seenRing[self.seenNext]) } else { self.seenCount += 1 }
        self.seenRing[self.seenNext] = tradeID
        self.seenNext = (self.seenNext + 1) % self.seenRing.count
        self.seenTrades.insert(tradeID)
    }

    /// Classifies a fill and updates the order it belongs to. Position changes belong to
    /// the caller, for every kind but `.duplicate`.
    package mutating func apply(_ fill: Fill) -> FillKind {
        if self.seenTrades.contains(fill.tradeID) {
            self.duplicateFills += 1
            return .duplicate
        }
        self.markSeen(fill.tradeID)

        if let i = self.index(of: fill.clientOrderID, orderID: fill.orderID) {
            let wasCancelling = self.orders[i].state == .pendingCancel
            self.orders[i].filled = self.orders[i].filled + fill.size
            if self.orders[i].orderID == nil { self.orders[i].orderID = fill.orderID }
            if self.orders[i].state == .pendingNew || self.orders[i].state == .unknown {
                self.orders[i].state = .resting
                self.orders[i].retryAt = nil
            }
            if self.orders[i].filled >= self.orders[i].size { self.close(at: i) }
            if wasCancelling {
                self.lateFills += 1
                return .late
            }
            return .live
        }
        // Ours from this session (closed, or a lost order forgotten): late. An id of ours
        // from another session is an orphan by the runbook's rule.
        if self.wasClosed(fill.clientOrderID) || self.issued(fill.clientOrderID) {
            self.lateFills += 1
            return .late
        }
        self.orphanFills += 1
        return .orphan
    }

    /// What a venue listing of open orders changed.
    package struct ListingResult: Sendable, Equatable {
        /// Acknowledged orders the venue no longer lists (twice, a grace apart): dropped.
        package var dropped: [ClientOrderID] = []
        /// Orders whose place was lost and that the venue does not list after the request
        /// expired: they never rested; forgotten.
        package var forgotten: [ClientOrderID] = []
        /// Orders whose lost place is now known to rest.
        package var found: [ClientOrderID] = []
    }

    /// Compares the tracked orders with the venue's open orders listed at venue time
    /// `venueTime` (ns). An acknowledged order missing from two listings at least `grace`
    /// apart is dropped (its fills, if any, still count when they arrive); a lost order
    /// missing from a listing taken after its request expired is forgotten.
    package mutating func reconcile(listed: [OpenOrderSnapshot], venueTime: Int64, grace: Int64, expiry: Int64) -> ListingResult {
        var result = ListingResult()
        var i = 0
        while i < self.orders.count {
            let order = self.orders[i]
            let present = listed.first {
                (!order.namedByOrderID && $0.clientOrderID == order.clientOrderID) || (order.orderID != nil && $0.orderID == order.orderID)
            }
            if let present {
                if self.orders[i].orderID == nil { self.orders[i].orderID = present.orderID }
                self.orders[i].missingSince = nil
                if order.state == .unknown || order.state == .pendingNew {
                    self.orders[i].state = .resting
                    self.orders[i].price = present.limitPrice
                    self.orders[i].retryAt = nil
                    if order.state == .unknown { result.found.append(order.clientOrderID) }
                }
                i += 1
                continue
            }
            switch order.state {
            case .unknown, .pendingNew:
                if venueTime >= order.sentAt &+ expiry {
                    result.forgotten.append(order.clientOrderID)
                    self.close(at: i)
                    continue
                }
            case .resting, .pendingModify, .pendingCancel:
                if let since = order.missingSince {
                    if venueTime &- since >= grace {
                        result.dropped.append(order.clientOrderID)
                        self.close(at: i)
                        continue
                    }
                } else {
                    self.orders[i].missingSince = venueTime
                }
            }
            i += 1
        }
        return result
    }

    /// Whether an exchange-listed order is one we track.
    package func tracks(_ order: OpenOrderSnapshot) -> Bool {
        self.orders.contains { (!$0.namedByOrderID && $0.clientOrderID == order.clientOrderID) || ($0.orderID != nil && $0.orderID == order.orderID) }
    }

    /// Whether a retry (cancel or lookup) is due at `time`.
    @inline(__always)
    package func hasRetryDue(at time: Int64) -> Bool {
        for i in self.orders.indices { if let at = self.orders[i].retryAt, at <= time { return true } }
        return false
    }

    /// The earliest due retry (cancel or lookup), if any.
    package var nextRetry: Int64? {
        var next: Int64?
        for order in self.orders { if let at = order.retryAt { next = min(next ?? at, at) } }
        return next
    }

    /// Marks a retried cancel as sent at `time` (the watchdog as for the first).
    package mutating func retriedCancel(at index: Int, time: Int64, watchdog: Int64) {
        self.orders[index].attempts += 1
        self.orders[index].retryAt = time &+ watchdog
    }

    /// Marks a lookup as sent at `time`; another follows after the backoff if no answer
    /// comes.
    package mutating func lookedUp(at index: Int, time: Int64, retry: RetryPolicy) {
        self.orders[index].attempts += 1
        self.orders[index].lookupSentAt = time
        self.orders[index].retryAt = time &+ Self.backoff(attempts: self.orders[index].attempts, first: retry.first, maximum: retry.maximum)
    }

    // Codable: the trade-id set is rebuilt from the ring, so no hash order reaches the
    // encoding (snapshots must be byte-identical run after run).
    enum CodingKeys: String, CodingKey {
        case orders, closed, closedNext, seenRing, seenNext, seenCount, idPrefix, created
        case rejects, rateLimitedRejects, duplicateFills, orphanFills, lateFills, unknownOutcomes
    }

    package init(from decoder: Decoder) throws {
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
        self.unknownOutcomes = try c.decode(UInt64.self, forKey: .unknownOutcomes)
        self.seenTrades = Set(minimumCapacity: self.seenRing.count * 2)
        for tid in self.seenRing.prefix(self.seenCount) { self.seenTrades.insert(tid) }
        self.orders.reserveCapacity(32)
    }

    /// Forgets every tracked order (they are known to be gone).
    package mutating func removeAll() {
        while !self.orders.isEmpty { self.close(at: self.orders.count - 1) }
    }
}

extension OrderTracker {
    /// Why this restored tracker is inconsistent with `fresh` (same coin and session),
    /// or `nil`.
    func restoreProblem(against fresh: OrderTracker) -> String? {
        guard self.idPrefix == fresh.idPrefix else { return "order ids' prefix differs from the config's session and coin" }
        guard self.closed.count == fresh.closed.count, (0..<self.closed.count).contains(self.closedNext),
              self.seenRing.count == fresh.seenRing.count, (0..<self.seenRing.count).contains(self.seenNext),
              (0...self.seenRing.count).contains(self.seenCount), self.seenTrades.count <= self.seenRing.count else {
            return "order tracker rings are not the config's size or their positions are out of range"
        }
        guard self.orders.count <= 4 * Limits.levelsPerSide else { return "order tracker holds \(self.orders.count) orders" }
        for order in self.orders {
            guard order.level >= 0, order.level < 1_000,
                  order.price.rawValue > 0, order.price <= Limits.highestPrice,
                  order.size.rawValue >= 0, order.size <= Limits.largestSize, order.filled.rawValue >= 0 else {
                return "tracked order \(order.clientOrderID) has a level, price or size out of range"
            }
            for time in [order.sentAt, order.lookupSentAt, order.missingSince].compactMap({ $0 }) where !Limits.isValidTime(time) {
                return "tracked order \(order.clientOrderID) has the time \(time), outside the valid range"
            }
            if let retry = order.retryAt, !Limits.isValidDeadline(retry) {
                return "tracked order \(order.clientOrderID) has its retry due at \(retry), outside the valid range"
            }
        }
        return nil
    }
}
