/// The pure engine: events in, commands out.
///
/// No I/O, no clocks, no threads: time comes only from the events' stamps, randomness
/// only from the seeded generator in the state. `mm-live`, replay and backtests call the
/// same ``handle(_:)``; two engines with equal configs fed equal events emit equal
/// commands, on any machine.
///
/// Each quote cycle (every `general.quote_interval_s` of virtual time, run on the first
/// event at or after its due time, usually a `tick` or a book) runs the risk pipeline of
/// the runbooks per coin: kill switch → risk monitors (max severity) → data-quality gate
/// → GLFT spread × multiplier chain → quote gate → ladder reconciliation, and emits a
/// `decision` record with every figure that led to its choice.
public struct Engine: Sendable, Codable {
    /// The config in force (an operator `configChange` may have changed it since start).
    public internal(set) var config: EngineConfig
    var coins: [CoinEngine]
    var random: Xoshiro256StarStar
    var output: [Command] = []
    var time: Int64 = .min
    var events: UInt64 = 0
    var paused = false
    var accountValue: Amount?
    var dayIndex: Int64?
    var dayStartPnL = 0.0
    var peakPnL = 0.0
    var reconcileMismatches: UInt64 = 0
    // Risk state.
    var killSwitch = KillSwitch()
    var pendingCheckpoint: KillSwitchCheckpoint?
    var cascade: CascadeEstimator
    var feeds: [FeedHealth] = []
    var rateLimitErrors = TimeSeriesRing(capacity: 64)
    var headroom = 1.0
    var killTriggers: UInt64 = 0
    /// The latest error answer (to count one request's orders once).
    var lastError: LastError?
    // Venue safety state (see Engine+Venue.swift).
    var venue = VenueState()

    /// Creates an engine; throws every problem of an invalid config. A kill-switch
    /// checkpoint is restored at the first event (when its age is known): younger than
    /// `risk.checkpoint_max_age_s` it re-trips the switch, except for transient reasons.
    public init(config: EngineConfig, restoring checkpoint: KillSwitchCheckpoint? = nil) throws(ConfigError) {
        let issues = config.validate()
        if !issues.isEmpty { throw ConfigError(issues: issues) }
        self.config = config
        self.coins = config.coins.enumerated().map { CoinEngine(config: $0.element, index: $0.offset, engine: config) }
        self.random = Xoshiro256StarStar(seed: UInt64(config.general.seed))
        self.cascade = CascadeEstimator(halfLifeSeconds: config.risk.cascadeHalfLifeSeconds)
        self.pendingCheckpoint = checkpoint
        self.output.reserveCapacity(64)
        self.feeds.reserveCapacity(8)
    }

    /// The eight monitors, configured from the risk section (plain values: cheap).
    var monitors: RiskMonitors { RiskMonitors(self.config.risk) }

    // Codable (snapshots): the whole state but the reusable output buffer.
    enum CodingKeys: String, CodingKey {
        case config, coins, random, time, events, paused, accountValue, dayIndex, dayStartPnL, peakPnL
        case reconcileMismatches, killSwitch, pendingCheckpoint, cascade, feeds, rateLimitErrors, headroom, killTriggers, venue, lastError
    }

    func coinIndex(_ name: String) -> Int? {
        for i in self.coins.indices where self.coins[i].config.name == name { return i }
        return nil
    }

    /// The kill switch's checkpoint now, for the driver to persist on shutdown and after
    /// every trigger.
    public var killSwitchCheckpoint: KillSwitchCheckpoint { self.killSwitch.checkpoint(at: self.time) }

    /// Handles one event and returns the commands it leads to (often none).
    ///
    /// The returned array reuses the engine's buffer: drop it before the next call and
    /// steady-state handling allocates nothing.
    public mutating func handle(_ stamped: Stamped<Event>) -> [Command] {
        self.output.removeAll(keepingCapacity: true)
        // Boundaries refuse times outside ``Limits/time``; clamping here is the last line
        // of defence that keeps every time sum below Int64.max.
        self.time = max(self.time, min(max(stamped.time, 0), Limits.latestTime))
        self.events &+= 1
        if let checkpoint = self.pendingCheckpoint {
            self.pendingCheckpoint = nil
            let maxAge = Self.nanoseconds(self.config.risk.checkpointMaxAgeSeconds)
            if self.killSwitch.restore(checkpoint, now: self.time, maxAge: maxAge) {
                self.flatten()
                self.recordKill(reason: "checkpoint_restored")
            }
        }
        self.measureBeforeEvent()
        switch stamped.event {
        case .book(let book):
            if let i = self.coinIndex(book.coin) { self.apply(book, coin: i) }
        case .trades(let batch):
            if let i = self.coinIndex(batch.coin) { self.observe(batch, coin: i) }
            self.cascade.recordTrades(count: batch.trades.count, at: self.time)
        case .fill(let fill):
            if let i = self.coinIndex(fill.coin) { self.apply(fill, coin: i) }
        case .orderUpdate(let update):
            if let i = self.coinIndex(update.coin) { self.coins[i].orders.apply(update) }
        case .orderResponse(let response):
            if let i = self.coinIndex(response.coin) {
                self.classify(response, coin: i)
                self.coins[i].orders.apply(response, at: self.time, retry: self.retryPolicy)
            }
        case .orderLookup(let lookup):
            if let i = self.coinIndex(lookup.coin) { self.apply(lookup, coin: i) }
        case .account(let account):
            self.reconcile(account)
        case .userEvent(let event):
            self.apply(event)
        case .connection(let connection):
            self.apply(connection)
            if connection.isReferenceFeed {
                break  // an optional reference venue: its loss moves the staleness multiplier only
            }
            if case .connected = connection.state, self.venue.hadDisconnect {
                // Fills, cancels and updates may have been missed while disconnected.
                self.venue.hadDisconnect = false
                self.output.append(.query(.account))
            } else if case .disconnected = connection.state {
                self.venue.hadDisconnect = true
            }
        case .rateLimit(let status):
            if status.cap > 0 { self.headroom = max(0, 1 - Double(status.used) / Double(status.cap)) }
        case .referencePrice(let reference):
            if let i = self.coinIndex(reference.coin) { self.coins[i].referenceTime = self.time }
        case .referenceQuote(let quote):
            if let i = self.coinIndex(quote.coin) {
                self.coins[i].signals.observe(quote, at: self.time)
                if self.signalMovedQuotes(coin: i) { self.runQuoteCycle(coin: i, scheduled: false) }
            }
        case .referenceTrades(let batch):
            if let i = self.coinIndex(batch.coin) { self.coins[i].signals.observe(batch, at: self.time) }
        case .tick:
            break
        case .operator(let action):
            self.apply(action)
        }
        self.rollDay()
        self.serviceOrders()
        for i in self.coins.indices where self.time >= self.coins[i].nextCycle {
            self.runQuoteCycle(coin: i)
        }
        self.serviceVenue()
        return self.output
    }

    private mutating func apply(_ book: BookSnapshot, coin i: Int) {
        self.coins[i].book.apply(book, at: self.time)
        if self.coins[i].firstBookTime == nil { self.coins[i].firstBookTime = self.time }
        guard let mid = self.coins[i].book.mid, !self.coins[i].book.isCrossed else { return }
        self.coins[i].volatility.observe(mid: mid, at: self.time)
        self.coins[i].midHistory.append(time: self.time, value: Int64(saturating: mid * Double(FixedPoint.scale)))
    }

    private mutating func observe(_ batch: TradeBatch, coin i: Int) {
        let mid = self.coins[i].book.mid
        for trade in batch.trades {
            self.coins[i].tape.record(trade, at: self.time)
            let price = trade.price.doubleValue
            if let mid { self.coins[i].kappa.observe(tradePrice: price, mid: mid, at: self.time) }
            self.coins[i].toxicity.observe(side: trade.side, notional: price * trade.size.doubleValue)
        }
    }

    private mutating func apply(_ fill: Fill, coin i: Int) {
        // A fill already in the adopted baseline position (a subscription snapshot's
        // history, or one that arrived after the venue's position showed it) is only
        // remembered, so a later resend is a duplicate.
        guard self.coins[i].isNew(fill) else {
            guard self.coins[i].orders.remember(fill) else { return }
            self.record(coin: i, .fill(FillDecision(kind: .inBaseline, clientOrderID: fill.clientOrderID?.description ?? "none",
                                                    tradeID: fill.tradeID, exchangeTime: fill.exchangeTime, booked: false, position: nil)))
            return
        }
        let kind = self.coins[i].orders.apply(fill)
        guard kind != .duplicate else { return }
        self.coins[i].pnl.applyFill(side: fill.side, price: fill.price, size: fill.size, fee: fill.fee)
        self.samplePeak()
        self.coins[i].lastFillTime = self.time
        self.coins[i].fillTimes.append(time: self.time, value: 1)
        self.coins[i].positionHistory.record(time: self.time, value: self.coins[i].pnl.position.rawValue, bucket: CoinEngine.positionBucket)
        if let mid = self.coins[i].book.markMid {
            let horizon = Self.nanoseconds(self.config.gates.defensiveHorizonSeconds)
            if horizon <= 0 {
                let edge = EdgeMetricsTracker.favourableMove(side: fill.side, from: fill.price.doubleValue, to: mid)
                self.judge(coin: i, EdgeMetricsTracker.Judgement(grossEdge: edge, markout: edge))
            }
            self.coins[i].edgeMetrics.record(clientOrderID: fill.clientOrderID?.description ?? "none", side: fill.side,
                                             price: fill.price.doubleValue, mid: mid, at: self.time, defensiveHorizon: horizon)
        }
        if fill.liquidation != nil { self.cascade.recordLiquidation(weight: 0.5, at: self.time) }
        self.venue.fillsBooked &+= 1
        let booked: FillDecision.Kind
        switch kind {
        case .orphan: booked = .orphan
        case .late: booked = .late
        case .live, .duplicate: booked = .fill
        }
        self.record(coin: i, .fill(FillDecision(kind: booked, clientOrderID: fill.clientOrderID?.description ?? "none",
                                                tradeID: fill.tradeID, exchangeTime: fill.exchangeTime, booked: true,
                                                position: self.coins[i].pnl.position)))
    }

    /// Counts an answer by its error class: a rate-limit refusal once per request (the
    /// orders of one batch come back together, at one time, with one message) toward the
    /// RateLimit kill; a streak of refusals (rate-limited or rejected, once per request)
    /// backs new orders off, 1 s doubling to 30 s from the third; an accepted order ends
    /// the streak.
    private mutating func classify(_ response: OrderResponse, coin i: Int) {
        guard let errorClass = ExchangeErrorClass(response.outcome) else {
            switch response.outcome {
            case .resting, .modified, .filled:
                self.coins[i].rejectionStreak = 0
                self.coins[i].backoffUntil = nil
            default: break
            }
            return
        }
        var message = ""
        switch response.outcome {
        case .rateLimited(let text), .rejected(let text): message = text
        default: break
        }
        let sameRequest = self.lastError.map { $0.time == self.time && $0.message == message } ?? false
        self.lastError = LastError(time: self.time, message: message)
        guard !sameRequest else { return }
        if errorClass == .rateLimit { self.rateLimitErrors.append(time: self.time, value: 1) }
        if errorClass != .transport {
            self.coins[i].rejectionStreak += 1
            let wait = ExchangeErrorClass.backoff(streak: self.coins[i].rejectionStreak)
            if wait > 0 { self.coins[i].backoffUntil = self.time &+ wait }
        }
    }

    private mutating func apply(_ event: UserEvent) {
        switch event {
        case .funding(let coin, let amount, _, let rate):
            if let i = self.coinIndex(coin) {
                self.coins[i].pnl.applyFunding(amount)
                self.coins[i].fundingRate = rate.value.isFinite ? rate.value : 0
            }
        case .nonUserCancel(let coin, let orderID):
            if let i = self.coinIndex(coin) { self.coins[i].orders.removeOrder(orderID: orderID) }
        case .liquidation:
            self.cascade.recordLiquidation(at: self.time)
        }
    }

    private mutating func apply(_ connection: ConnectionEvent) {
        if let i = self.feeds.firstIndex(where: { $0.name == connection.feed }) {
            self.feeds[i].health.apply(connection.state)
        } else {
            var health = ConnectionHealth()
            health.apply(connection.state)
            self.feeds.append(FeedHealth(name: connection.feed, health: health))
        }
    }

    /// Trips the kill switch, cancels every order (and asks the venue for a cancel-all
    /// and its open orders, until nothing of ours is left) and records why (once per
    /// reason).
    mutating func trigger(_ reason: KillReason) {
        guard self.killSwitch.trigger(reason, at: self.time) else { return }
        self.killTriggers += 1
        self.flatten()
        self.recordKill(reason: reason.summary)
    }

    mutating func recordKill(reason: String) {
        for i in self.coins.indices {
            self.record(coin: i, .killSwitch(KillSwitchDecision(trigger: reason, reasons: self.killSwitch.reasons.map(\.name))))
        }
    }

    /// Starts a new PnL day at UTC midnight of the virtual clock.
    private mutating func rollDay() {
        let day = Timestamp(self.time).day
        if day != self.dayIndex {
            self.dayIndex = day
            self.dayStartPnL = self.totalPnL
        }
    }

    /// Samples the PnL peak (at quote cycles and fills: where PnL is looked at or moves).
    mutating func samplePeak() {
        self.peakPnL = max(self.peakPnL, self.totalPnL)
    }

    /// Emits a decision record that is not a quote cycle (a fill, reconciliation or
    /// kill-switch record).
    mutating func record(coin i: Int, _ decision: Decision) {
        self.output.append(.decision(DecisionRecord(coin: self.coins[i].config.name, decision)))
    }

    /// Emits a note: a decision only display reads.
    mutating func record(coin i: Int, reason: String, extra: [DecisionField]) {
        self.record(coin: i, .note(reason: reason, details: extra))
    }
}

/// The health of one named feed.
struct FeedHealth: Sendable, Codable {
    var name: String
    var health: ConnectionHealth
}

/// An error answer: when and what (answers of one request share both).
struct LastError: Sendable, Codable, Equatable {
    var time: Int64
    var message: String
}
