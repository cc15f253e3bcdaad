/// What the engine knows of the venue beyond books and orders: whether the account was
/// seen, the reconciliation and dead man's switch clocks, the kill's cancel-all check.
struct VenueState: Sendable, Codable, Equatable {
    /// An account snapshot arrived (the first one is the start-up baseline).
    var accountSeen = false
    /// A feed dropped since the last reconciliation after a reconnect.
    var hadDisconnect = false
    /// An operator `shutdown` arrived: quoting stopped for good, orders are cancelled.
    var shuttingDown = false
    /// While killed or shutting down: the venue listed nothing of ours, we track nothing,
    /// and its positions are ours.
    var flat = true
    var nextReconcile: Int64?
    var nextVerify: Int64?
    /// When the dead man's switch is renewed next.
    var nextArm: Int64?
    var fillsBooked: UInt64 = 0
    /// The connection supervisor's next reading of the market data's age, and the last
    /// reconnect it asked for.
    var nextFeedCheck: Int64?
    var lastReconnect: Int64?
    /// Differences with the venue the engine resolved (orders cancelled, dropped,
    /// forgotten or found; positions corrected).
    var reconciliationFixes: UInt64 = 0
    var positionCorrections: UInt64 = 0
}

/// Counters of the engine's order-state safety, for metrics, summaries and the
/// simulator's report.
public struct SafetyCounters: Sendable, Equatable {
    /// Fills that moved the position (not duplicates, not already in an adopted position).
    public var fillsBooked: UInt64
    /// Differences with the venue resolved (orders cancelled, dropped, forgotten or
    /// found; positions corrected).
    public var reconciliationFixes: UInt64
    /// Positions adopted from the venue after a confirmed mismatch (not the start-up
    /// baseline).
    public var positionCorrections: UInt64
    /// Our requests whose outcome was lost.
    public var unknownOutcomes: UInt64
    /// Kill-switch trips (one per new reason).
    public var killTrips: UInt64
}

extension Engine {
    /// Whether the kill switch is tripped.
    public var isKilled: Bool { self.killSwitch.isTriggered }

    /// Whether an operator `shutdown` arrived.
    public var isShuttingDown: Bool { self.venue.shuttingDown }

    /// While killed or shutting down: whether the venue confirmed that nothing of ours
    /// is open (and the engine tracks nothing). Always true otherwise.
    public var isFlatAtVenue: Bool { (!self.isKilled && !self.venue.shuttingDown) || self.venue.flat }

    /// The orders the engine tracks for the `index`-th coin.
    package func trackedOrders(coinIndex index: Int) -> [TrackedOrder] { self.coins[index].orders.orders }

    /// The safety counters.
    public var safetyCounters: SafetyCounters {
        var unknown: UInt64 = 0
        for i in self.coins.indices { unknown &+= self.coins[i].orders.unknownOutcomes }
        return SafetyCounters(fillsBooked: self.venue.fillsBooked, reconciliationFixes: self.venue.reconciliationFixes,
                              positionCorrections: self.venue.positionCorrections, unknownOutcomes: unknown, killTrips: self.killTriggers)
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(first: Self.nanoseconds(self.config.safety.retrySeconds), maximum: Self.nanoseconds(self.config.safety.retryMaxSeconds))
    }

    /// How long a cancel may wait for its answer before it is sent again (the driver
    /// answers every request; this only guards against a lost one).
    var cancelWatchdog: Int64 { 4 * Self.nanoseconds(self.config.safety.retryMaxSeconds) }

    /// How long after it was sent a place can still take effect: its `expiresAfter`
    /// window plus a second for clock differences.
    var placeExpiry: Int64 { Self.nanoseconds(self.config.safety.expiresAfterSeconds) + 1_000_000_000 }

    /// The virtual time `nanoseconds` before now (saturating: never wraps).
    @inline(__always)
    func ago(_ nanoseconds: Int64) -> Int64 {
        let (value, overflow) = self.time.subtractingReportingOverflow(nanoseconds)
        return overflow ? Int64.min : value
    }

    /// Seconds (validated, bounded) as nanoseconds.
    static func nanoseconds(_ seconds: Double) -> Int64 {
        let ns = seconds * 1e9
        guard ns.isFinite else { return 0 }
        return ns >= 9.2e18 ? Int64.max : (ns <= -9.2e18 ? Int64.min : Int64(ns))
    }

    /// Cancels everything: each tracked order, a cancel-all for what the engine does not
    /// know, and a listing of the venue's open orders, repeated every
    /// `safety.kill_verify_s` until nothing of ours is left.
    mutating func flatten() {
        for i in self.coins.indices { self.cancelAll(coin: i) }
        self.output.append(.cancelAll(coin: nil))
        self.output.append(.query(.account))
        self.venue.flat = false
        self.venue.nextVerify = self.time &+ Self.nanoseconds(self.config.safety.killVerifySeconds)
    }

    /// Sends what is due for orders in doubt: cancels not yet confirmed, lookups of lost
    /// outcomes.
    mutating func serviceOrders() {
        for i in self.coins.indices {
            guard self.coins[i].orders.hasRetryDue(at: self.time) else { continue }
            let name = self.coins[i].config.name
            for index in self.coins[i].orders.orders.indices {
                let order = self.coins[i].orders.orders[index]
                guard let at = order.retryAt, at <= self.time else { continue }
                switch order.state {
                case .pendingCancel:
                    self.output.append(.cancel(coin: name, order: order.reference))
                    self.coins[i].orders.retriedCancel(at: index, time: self.time, watchdog: self.cancelWatchdog)
                case .unknown:
                    self.output.append(.query(.orderStatus(coin: name, clientOrderID: order.clientOrderID)))
                    self.coins[i].orders.lookedUp(at: index, time: self.time, retry: self.retryPolicy)
                case .pendingNew, .resting, .pendingModify:
                    self.coins[i].orders.lookedUp(at: index, time: self.time, retry: self.retryPolicy)
                }
            }
        }
    }

    /// The connection supervisor (the runbook's): once a second of virtual time, the age
    /// of the freshest book is read against the feed's health; two stale readings in a
    /// row (over 10 s) while the feed claims to be up ask for a reconnect (at most once per
    /// 10 s): a half-open connection, or a server that stopped sending. While it
    /// reconnects, the staleness monitor pulls quotes instead of killing (within the
    /// grace). Only for feeds the driver reports on (live sessions).
    mutating func superviseFeeds() {
        guard let f = self.feeds.firstIndex(where: { $0.name == "ws" }) else { return }
        if let next = self.venue.nextFeedCheck, self.time < next { return }
        self.venue.nextFeedCheck = self.time &+ 1_000_000_000
        guard self.feeds[f].health.state == .healthy || self.feeds[f].health.state == .stale else { return }
        var freshest: Int64?
        for i in self.coins.indices {
            if let age = self.coins[i].book.age(at: self.time) { freshest = min(freshest ?? age, age) }
        }
        guard freshest != nil else { return }
        let signal = self.feeds[f].health.check(dataAge: freshest)
        guard signal == .reconnectRecommended,
              self.venue.lastReconnect.map({ self.time &- $0 >= ConnectionHealth.staleAfter }) ?? true else { return }
        self.venue.lastReconnect = self.time
        self.output.append(.reconnect(feed: "ws"))
        for i in self.coins.indices {
            self.record(coin: i, reason: "feed_stale", extra: [DecisionField("age_s", .real(Double(freshest ?? 0) / 1e9))])
        }
    }

    /// The venue duties that run on the clock: periodic reconciliation, the kill's
    /// cancel-all check, the dead man's switch, the connection supervisor.
    mutating func serviceVenue() {
        self.superviseFeeds()
        let safety = self.config.safety
        if safety.reconcileIntervalSeconds > 0 {
            let interval = Self.nanoseconds(safety.reconcileIntervalSeconds)
            if let next = self.venue.nextReconcile {
                if self.time >= next {
                    self.output.append(.query(.account))
                    self.venue.nextReconcile = self.time &+ interval
                }
            } else {
                self.venue.nextReconcile = self.time &+ interval
            }
        }
        if (self.isKilled || self.venue.shuttingDown) && !self.venue.flat, let next = self.venue.nextVerify, self.time >= next {
            self.output.append(.query(.account))
            self.venue.nextVerify = self.time &+ Self.nanoseconds(safety.killVerifySeconds)
        }
        if safety.deadMansSwitchSeconds > 0, self.venue.nextArm.map({ self.time >= $0 }) ?? true, self.tracksAnyOrder {
            self.output.append(.scheduleCancel(deadline: self.time &+ Self.nanoseconds(safety.deadMansSwitchSeconds)))
            self.venue.nextArm = self.time &+ Self.nanoseconds(safety.deadMansSwitchRenewSeconds)
        }
    }

    /// The venue's answer to a lookup of a lost outcome.
    mutating func apply(_ lookup: OrderLookup, coin i: Int) {
        let result = self.coins[i].orders.apply(lookup, at: self.time, expiry: self.placeExpiry)
        switch result {
        case .resting, .gone, .forgotten:
            self.venue.reconciliationFixes &+= 1
            self.record(coin: i, reason: "lost_order_" + (result == .resting ? "found" : result == .gone ? "ended" : "forgotten"), extra: [
                DecisionField("cloid", .text(lookup.clientOrderID.description)),
                DecisionField("status", .text(lookup.order?.status.rawValue ?? "unknownOid")),
            ])
        case .pending, .untracked:
            break
        }
    }

    /// Whether any coin tracks an order (by index: a closure over the coins would copy
    /// each coin's whole state).
    var tracksAnyOrder: Bool {
        for i in self.coins.indices where !self.coins[i].orders.orders.isEmpty { return true }
        return false
    }

    /// Whether the engine has ever traded (placed an order or booked a fill): before
    /// that, the first account snapshot is the start-up baseline, not a difference.
    var hasTraded: Bool {
        if self.venue.fillsBooked > 0 { return true }
        for i in self.coins.indices where self.coins[i].orders.created > 0 { return true }
        return false
    }

    /// Reconciles with the venue's account snapshot. The first one, before any trading,
    /// is the baseline: its positions are adopted and its open orders (an earlier
    /// session's) adopted or cancelled by `safety.adopt_orphans`. Later: a position
    /// differing from ours in two snapshots a grace apart is adopted (and may be a
    /// liquidation); orders are reconciled (``OrderTracker/reconcile(listed:venueTime:grace:expiry:)``)
    /// and listed orders we do not track are cancelled. While killed or shutting down,
    /// a listing with nothing of ours confirms the cancel-all.
    mutating func reconcile(_ account: AccountSnapshot) {
        self.accountValue = account.accountValue
        let venueMilliseconds = account.exchangeTime > 0 ? account.exchangeTime : self.time / 1_000_000
        let venueTime = venueMilliseconds.multipliedReportingOverflow(by: 1_000_000).overflow ? self.time : venueMilliseconds * 1_000_000
        let startUp = !self.venue.accountSeen && !self.hasTraded
        self.venue.accountSeen = true
        let grace = Self.nanoseconds(self.config.safety.reconcileGraceSeconds)
        for i in self.coins.indices {
            let name = self.coins[i].config.name
            let listedPosition = account.positions.first { $0.coin == name }
            let exchange = listedPosition?.size ?? .zero
            let ours = self.coins[i].pnl.position
            let entry = listedPosition?.entryPrice?.doubleValue ?? self.coins[i].book.markMid ?? 0
            if startUp {
                if exchange != ours { self.coins[i].pnl.adoptPosition(exchange, entry: entry) }
                // The velocity of the position counts from here: an adopted inventory is
                // where the session starts, not a change.
                self.coins[i].startPosition = exchange.rawValue
                self.coins[i].positionHistory.record(time: self.time, value: exchange.rawValue, bucket: CoinEngine.positionBucket)
                self.coins[i].baseline = PositionBaseline(position: exchange, venueTime: venueMilliseconds)
                self.record(coin: i, reason: "position_baseline", extra: [
                    DecisionField("position", .size(exchange)),
                    DecisionField("exchange_time", .integer(venueMilliseconds)),
                ])
                continue
            }
            guard exchange != ours else {
                self.coins[i].pendingMismatch = nil
                continue
            }
            if let pending = self.coins[i].pendingMismatch, pending.venuePosition == exchange, venueTime &- pending.since >= grace {
                self.coins[i].pendingMismatch = nil
                self.reconcileMismatches += 1
                self.venue.positionCorrections &+= 1
                self.venue.reconciliationFixes &+= 1
                self.coins[i].pnl.adoptPosition(exchange, entry: entry)
                self.coins[i].baseline = PositionBaseline(position: exchange, venueTime: venueMilliseconds)
                self.coins[i].positionHistory.record(time: self.time, value: exchange.rawValue, bucket: CoinEngine.positionBucket)
                self.record(coin: i, reason: "position_mismatch", extra: [
                    DecisionField("ours", .size(ours)),
                    DecisionField("exchange", .size(exchange)),
                    DecisionField("exchange_time", .integer(venueMilliseconds)),
                ])
                let delta = (exchange.doubleValue - ours.doubleValue).magnitude
                let maxPosition = self.coins[i].config.maxInventory.doubleValue
                // A fill of ours within the window before the jump was first seen (or since)
                // may explain it: not a liquidation.
                let window = Self.nanoseconds(self.config.risk.liquidationWindowSeconds)
                let recentFill = self.coins[i].lastFillTime.map { $0 >= pending.seenAt &- window } ?? false
                if delta > self.config.risk.liquidationFraction * maxPosition && !recentFill {
                    self.trigger(.liquidationDetected(positionDelta: delta, maxPosition: maxPosition))
                }
            } else if self.coins[i].pendingMismatch?.venuePosition != exchange {
                self.coins[i].pendingMismatch = PendingMismatch(venuePosition: exchange, since: venueTime, seenAt: self.time)
            }
        }
        let positionsAgree = self.coins.allSatisfy { coin in (account.positions.first { $0.coin == coin.config.name }?.size ?? .zero) == coin.pnl.position }
        guard let listed = account.openOrders else { return }
        var oursListed = 0
        for i in self.coins.indices {
            let name = self.coins[i].config.name
            let mine = listed.filter { $0.coin == name }
            oursListed += mine.count
            if startUp {
                self.settleOrphans(mine, coin: i)
                continue
            }
            let result = self.coins[i].orders.reconcile(listed: mine, venueTime: venueTime, grace: grace, expiry: self.placeExpiry)
            for (reason, ids) in [("order_missing", result.dropped), ("lost_order_forgotten", result.forgotten), ("lost_order_found", result.found)] where !ids.isEmpty {
                self.venue.reconciliationFixes &+= UInt64(ids.count)
                self.record(coin: i, reason: reason, extra: [
                    DecisionField("count", .integer(Int64(ids.count))),
                    DecisionField("first_cloid", .text(ids[0].description)),
                ])
            }
            for order in mine where !self.coins[i].orders.tracks(order) {
                self.venue.reconciliationFixes &+= 1
                self.output.append(.cancel(coin: name, order: .exchange(order.orderID)))
                self.record(coin: i, reason: "unknown_order", extra: [
                    DecisionField("oid", .integer(Int64(bitPattern: order.orderID))),
                    DecisionField("cloid", .text(order.clientOrderID?.description ?? "none")),
                ])
            }
        }
        if (self.isKilled || self.venue.shuttingDown) && !self.venue.flat && oursListed == 0 && positionsAgree
            && self.coins.allSatisfy({ $0.orders.orders.isEmpty }) {
            self.venue.flat = true
            for i in self.coins.indices { self.record(coin: i, reason: "venue_flat", extra: []) }
        }
    }

    /// Orders found open at start: adopted into ladder slots (best price first per side;
    /// slots beyond the ladder are cancelled by the next quote cycle) or cancelled.
    private mutating func settleOrphans(_ listed: [OpenOrderSnapshot], coin i: Int) {
        let name = self.coins[i].config.name
        guard !listed.isEmpty else { return }
        if self.config.safety.adoptOrphans {
            // At most a book side's worth per side (the venue's listing is not capped,
            // the tracker is): the rest is cancelled.
            var cancelled = 0
            for side in [Side.bid, .ask] {
                let orders = listed.filter { $0.side == side }
                    .sorted { side == .bid ? ($0.limitPrice, $1.orderID) > ($1.limitPrice, $0.orderID) : ($0.limitPrice, $0.orderID) < ($1.limitPrice, $1.orderID) }
                for (level, order) in orders.enumerated() {
                    if level < Limits.levelsPerSide {
                        self.coins[i].orders.adopt(order, level: level, at: self.time)
                    } else {
                        self.output.append(.cancel(coin: name, order: .exchange(order.orderID)))
                        cancelled += 1
                    }
                }
            }
            self.venue.reconciliationFixes &+= UInt64(cancelled)
            self.record(coin: i, reason: "orphans_adopted", extra: [DecisionField("count", .integer(Int64(listed.count - cancelled)))]
                        + (cancelled > 0 ? [DecisionField("cancelled", .integer(Int64(cancelled)))] : []))
        } else {
            for order in listed { self.output.append(.cancel(coin: name, order: .exchange(order.orderID))) }
            self.venue.reconciliationFixes &+= UInt64(listed.count)
            self.record(coin: i, reason: "orphans_cancelled", extra: [DecisionField("count", .integer(Int64(listed.count)))])
        }
    }
}
