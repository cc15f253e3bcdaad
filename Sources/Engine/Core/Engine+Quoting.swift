extension Engine {
    /// One quote cycle for one coin: kill switch → risk monitors → data-quality gate →
    /// spread model × multiplier chain → quote gate → ladder → decision. A cycle out of
    /// schedule (a reference move, see ``signalMovedQuotes(coin:)``) leaves the schedule
    /// as it is.
    mutating func runQuoteCycle(coin i: Int, scheduled: Bool = true) {
        let interval = max(1, Self.nanoseconds(self.config.general.quoteIntervalSeconds))
        let previous = self.coins[i].nextCycle
        if scheduled {
            self.coins[i].nextCycle = previous == .min ? self.time + interval : max(previous + interval, self.time - self.time % interval + interval)
        }
        self.coins[i].cycles &+= 1
        self.samplePeak()
        var report = CycleReport()

        // 1. Kill switch (latched).
        if self.killSwitch.isTriggered {
            self.cancelAll(coin: i)
            report.reason = "killed"
            self.finishDecision(coin: i, report)
            return
        }
        // 2. Risk monitors; the aggregator takes the worst.
        let book = self.coins[i].book
        let inputs = self.riskInputs(coin: i)
        let risk = self.monitors.assess(inputs)
        report.riskAction = risk.action
        report.riskMonitor = risk.monitor
        if risk.action == .kill, let reason = risk.killReason {
            self.trigger(reason)
            report.reason = "killed"
            self.finishDecision(coin: i, report)
            return
        }
        // 3. Data-quality gate, before any spread.
        if let gate = DataQualityGate.check(book, at: self.time, thresholdSeconds: self.config.gates.dataStaleGateSeconds) {
            if gate != .noDataReceived { self.cancelAll(coin: i) }
            report.reason = gate.name
            self.finishDecision(coin: i, report)
            return
        }
        guard let mid = book.mid, let bestBid = book.bestBid, let bestAsk = book.bestAsk else { return }

        // 4. Spread model and the multiplier chain.
        let strategy = self.config.strategy
        let quoting = self.config.quoting
        let gates = self.config.gates
        let sigma = self.coins[i].volatility.isWarm ? self.coins[i].volatility.sigma : 0
        let kappaEffective = self.coins[i].kappa.kappaEffective
        let (rawHalf, skew) = SpreadOracle.quote(gamma: strategy.gamma, kappa: kappaEffective, sigma: sigma, arrivalIntensity: strategy.arrivalIntensity)
        var chain = SpreadChainInputs()
        chain.vpin = self.coins[i].toxicity.vpin
        chain.toxicityWarm = self.coins[i].toxicity.isWarm
        let edges = self.coins[i].negativeEdgeShare(since: self.ago(Self.nanoseconds(gates.defensiveWindowSeconds)))
        chain.negativeEdgeShare = edges.share
        chain.recentFills = edges.fills
        chain.signalAge = self.signalAge(coin: i)
        chain.modelsWarm = self.coins[i].volatility.isWarm && self.coins[i].kappa.isWarm
        let reading = self.signalReading(coin: i)
        if reading != nil && (self.config.signals.leadLag || self.config.signals.crossVenueFlow) {
            let figures = self.coins[i].signals.calibration.figures
            chain.calibration = (figures.brier, figures.informationRatio, figures.count)
        }
        chain.fundingRate = self.coins[i].fundingRate
        chain.marketSpreadBps = (bestAsk.price.doubleValue - bestBid.price.doubleValue) / mid * 10_000
        chain.fillsPerMinute = Double(self.coins[i].fillTimes.count(after: self.time - Nanoseconds.minutes(1).rawValue))
        chain.headroom = self.headroom
        let multipliers = SpreadMultiplierChain.compute(chain, gates: gates, signals: self.config.signals)
        let adjustment = (reading?.adjustmentBps ?? 0) / 10_000
        self.coins[i].signals.quotedAdjustmentBps = reading?.adjustmentBps ?? 0
        if let reading {
            self.coins[i].signals.calibration.predict(edgeBps: reading.edgeBps, scaleBps: self.config.signals.modelScaleBps, mid: mid,
                                                      due: self.time &+ Self.nanoseconds(self.config.signals.modelHorizonSeconds))
            report.signals = self.signalsRecord(coin: i, reading)
        }
        let adverse = self.coins[i].expectedAdverseSelection(since: self.ago(Self.nanoseconds(gates.defensiveWindowSeconds)))
        if adverse.fills > 0 { report.adverseBps = adverse.bps }
        let minHalf = quoting.minHalfSpreadBps / 10_000
        let half = min(max(rawHalf, minHalf) * multipliers.total + multipliers.additiveBps / 10_000, quoting.maxHalfSpreadBps / 10_000)
        let lots = self.coins[i].inventoryLots
        report.model = QuoteModel(mid: mid, sigma: sigma, kappaEffective: kappaEffective, halfSpread: half, skew: skew, inventoryLots: lots)
        report.multipliers = multipliers

        // 5. Quote gate.
        var gateInputs = QuoteGateInputs()
        gateInputs.paused = self.paused
        gateInputs.risk = risk.action
        gateInputs.riskMonitor = risk.monitor
        gateInputs.headroom = self.headroom
        gateInputs.vpin = chain.vpin
        gateInputs.toxicityWarm = chain.toxicityWarm
        gateInputs.marketDataSeconds = self.coins[i].firstBookTime.map { (Timestamp(self.time) - Timestamp($0)).seconds } ?? 0
        gateInputs.halfSpreadBps = half * 10_000
        gateInputs.makerFeeBps = self.config.fees.makerBps
        gateInputs.adverseSelectionBps = adverse.bps
        gateInputs.directionalEdgeBps = adjustment * 10_000
        gateInputs.position = self.coins[i].pnl.position.doubleValue
        gateInputs.draw = self.random.nextUnit()
        let (decision, levels, probe) = QuoteGate.decide(gateInputs, gates: gates, maxLevels: Int(quoting.levels))
        report.decision = decision
        report.probe = probe
        report.tier = HeadroomTier(headroom: self.headroom)

        // 6. Ladder on the allowed sides and levels.
        let coin = self.coins[i].config
        let size = coin.orderSize
        let spacing = quoting.levelSpacingBps / 10_000
        let position = self.coins[i].pnl.position.rawValue
        var bids = 0
        var asks = 0
        let allowBids: Bool
        let allowAsks: Bool
        switch decision {
        case .quote: (allowBids, allowAsks) = (true, true)
        case .oneSided(let side): (allowBids, allowAsks) = (side == .bid, side == .ask)
        case .noQuote: (allowBids, allowAsks) = (false, false)
        }
        for level in 0..<Int(quoting.levels) {
            let extra = Double(level) * spacing
            let wanted = level < levels
            // Long inventory pushes both quotes down (skew), short pushes them up; the
            // signals' adjustment widens the side a predicted move would run over (the
            // ask before a rise, the bid before a fall) by the predicted move.
            let bidDistance = max(half + lots * skew + max(0, -adjustment) + extra, minHalf)
            let askDistance = max(half - lots * skew + max(0, adjustment) + extra, minHalf)
            let levelExposure = Int64(level + 1) * size.rawValue
            var bidPrice = allowBids && wanted ? self.coins[i].rules.priceAtOrBelow(raw: Self.raw(mid * (1 - bidDistance))) : nil
            var askPrice = allowAsks && wanted ? self.coins[i].rules.priceAtOrAbove(raw: Self.raw(mid * (1 + askDistance))) : nil
            // Post-only quotes must not cross the book.
            if let p = bidPrice, p >= bestAsk.price {
                bidPrice = self.coins[i].rules.priceAtOrBelow(raw: bestAsk.price.rawValue - self.coins[i].rules.tickRaw(at: bestAsk.price))
            }
            if let p = askPrice, p <= bestBid.price {
                askPrice = self.coins[i].rules.priceAtOrAbove(raw: bestBid.price.rawValue + self.coins[i].rules.tickRaw(at: bestBid.price))
            }
            // Above the valid range (a mid near Limits.highestPrice): no order there. Its
            // echo (an order update, a listing) would be refused as input, and its
            // tracked state refused in a snapshot.
            if let p = askPrice, p > Limits.highestPrice { askPrice = nil }
            if let p = bidPrice, p > Limits.highestPrice { bidPrice = nil }
            // Inventory limit: no level whose fill (with the closer ones) would pass it.
            // (Saturating sums: a position built from hostile fills must not trap.)
            if (Size(rawValue: position) + Size(rawValue: levelExposure)).rawValue > coin.maxInventory.rawValue { bidPrice = nil }
            if (Size(rawValue: position) - Size(rawValue: levelExposure)).rawValue < -coin.maxInventory.rawValue { askPrice = nil }
            if self.reconcile(coin: i, side: .bid, level: level, price: bidPrice, size: size, mid: mid) { bids += 1 }
            if self.reconcile(coin: i, side: .ask, level: level, price: askPrice, size: size, mid: mid) { asks += 1 }
        }
        // Orders in levels beyond the ladder (the config shrank) are cancelled.
        for index in self.coins[i].orders.orders.indices
            where self.coins[i].orders.orders[index].level >= Int(quoting.levels) && self.coins[i].orders.orders[index].state != .pendingCancel {
            self.cancel(at: index, coin: i)
        }
        report.bids = bids
        report.asks = asks
        switch decision {
        case .noQuote(let reason): report.reason = reason.rawValue
        case .oneSided: report.reason = "one_sided"
        case .quote:
            if bids + asks == 0, let until = self.coins[i].backoffUntil, self.time < until {
                report.reason = "rejection_backoff"
            } else if bids + asks == 0 {
                // Slots held by cancels the exchange has not confirmed yet, or the limit.
                let waiting = self.coins[i].orders.orders.contains { $0.state == .pendingCancel }
                report.reason = waiting ? "awaiting_cancels" : "inventory_limit"
            } else {
                report.reason = bids == 0 || asks == 0 ? "one_sided" : "quote"
            }
        }
        self.finishDecision(coin: i, report)
    }

    /// Gathers what the monitors look at for one coin.
    func riskInputs(coin i: Int) -> RiskInputs {
        var inputs = RiskInputs()
        let total = self.totalPnL
        inputs.pnl = total
        inputs.dailyPnL = total - self.dayStartPnL
        inputs.peakPnL = self.peakPnL
        inputs.accountValue = self.accountValue?.doubleValue
        let mid = self.coins[i].book.markMid ?? self.coins[i].pnl.averageEntry ?? 0
        inputs.positionValue = self.coins[i].pnl.position.doubleValue.magnitude * mid
        // The position a minute ago: the latest sample at or before then (positions only
        // change at samples), else the start position (zero or the adopted baseline).
        let minuteAgo = self.coins[i].positionHistory.value(atOrBefore: self.ago(Nanoseconds.minutes(1).rawValue)) ?? self.coins[i].startPosition
        let change = Double((self.coins[i].pnl.position.rawValue &- minuteAgo).magnitude) / Double(FixedPoint.scale)
        inputs.positionVelocity = change / max(self.coins[i].config.maxInventory.doubleValue, 1e-12)
        inputs.dataAge = self.coins[i].book.age(at: self.time).map { Nanoseconds($0).seconds }
        for feed in self.feeds where !feed.name.hasPrefix(ConnectionEvent.referenceFeedPrefix) {
            if feed.health.state == .failed { inputs.connectionFailed = true }
            inputs.reconnectAttempts = max(inputs.reconnectAttempts, feed.health.attempts)
        }
        inputs.cascadeSeverity = self.cascade.severity(at: self.time)
        // The move against the mid one second ago (the latest at or before then, or the
        // oldest when younger), per second of the time between them: a move across a
        // 20 s gap in the data is a twentieth of its size per second.
        if let now = self.coins[i].book.mid, !self.coins[i].book.isCrossed,
           let before = self.coins[i].midHistory.sample(atOrBefore: self.ago(Nanoseconds.seconds(1).rawValue)) ?? self.coins[i].midHistory.oldestSample, before.value > 0 {
            let reference = Double(before.value) / Double(FixedPoint.scale)
            let seconds = max(1, Nanoseconds(self.time &- before.time).seconds)
            inputs.priceVelocity = (now - reference).magnitude / reference / seconds
        }
        inputs.rateLimitErrors = Int64(self.rateLimitErrors.count(after: self.ago(Self.nanoseconds(self.config.risk.rateLimitWindowSeconds))))
        return inputs
    }

    /// Brings one ladder slot to the wanted price (or empties it). Returns whether the
    /// slot is quoted afterwards. The slot's order is read in place, by index: copying a
    /// `TrackedOrder` (or the tracker) per slot per cycle showed in profiles.
    private mutating func reconcile(coin i: Int, side: Side, level: Int, price: Price?, size: Size, mid: Double) -> Bool {
        let index = self.coins[i].orders.index(side: side, level: level)
        guard let price else {
            if let index, self.coins[i].orders.orders[index].state != .pendingCancel { self.cancel(at: index, coin: i) }
            return false
        }
        // Backing off after refusals: nothing new is placed or moved (cancels still go).
        if let until = self.coins[i].backoffUntil, self.time < until {
            guard let index else { return false }
            return self.coins[i].orders.orders[index].state != .pendingCancel
        }
        guard let index else {
            let request = OrderRequest(clientOrderID: self.coins[i].orders.makeClientOrderID(), coin: self.coins[i].config.name,
                                       side: side, price: price, size: size, timeInForce: .alo, reduceOnly: false)
            self.coins[i].orders.track(request, level: level, at: self.time)
            self.output.append(.place(request))
            return true
        }
        switch self.coins[i].orders.orders[index].state {
        case .pendingNew, .pendingModify, .unknown:
            return true  // wait for the answer (or, for a lost one, the venue's word)
        case .pendingCancel:
            return false
        case .resting:
            let current = self.coins[i].orders.orders[index].price
            let moved = (current.doubleValue - price.doubleValue).magnitude / mid * 10_000
            if moved < self.config.quoting.minChangeBps && self.coins[i].orders.orders[index].remaining == size { return true }
            if self.coins[i].orders.orders[index].namedByOrderID {
                // An adopted order without a client id of ours: replaced by one of ours.
                self.cancel(at: index, coin: i)
                return false
            }
            let id = self.coins[i].orders.orders[index].clientOrderID
            let replacement = OrderRequest(clientOrderID: id, coin: self.coins[i].config.name, side: side,
                                           price: price, size: size, timeInForce: .alo, reduceOnly: false)
            self.coins[i].orders.markModifying(at: index, price: price, size: size, time: self.time)
            self.output.append(.modify(order: .client(id), replacement: replacement))
            return true
        }
    }

    /// Cancels the tracker's `index`-th order of coin `i`.
    private mutating func cancel(at index: Int, coin i: Int) {
        let reference = self.coins[i].orders.orders[index].reference
        self.coins[i].orders.markCancelling(at: index, time: self.time, watchdog: self.cancelWatchdog)
        self.output.append(.cancel(coin: self.coins[i].config.name, order: reference))
    }

    mutating func cancelAll(coin i: Int) {
        for index in self.coins[i].orders.orders.indices where self.coins[i].orders.orders[index].state != .pendingCancel {
            self.cancel(at: index, coin: i)
        }
    }

    /// The mid-relative price as raw fixed point (truncated; the tick rounding follows).
    static func raw(_ price: Double) -> Int64 {
        guard price.isFinite, price > 0 else { return 0 }
        let scaled = price * Double(FixedPoint.scale)
        return scaled >= 9.2e18 ? Int64.max : Int64(scaled)
    }

    /// Appends the cycle's decision record.
    private mutating func finishDecision(coin i: Int, _ report: CycleReport) {
        let gate: QuoteCycleDecision.Gate
        switch report.decision {
        case .quote?: gate = .quote
        case .oneSided?: gate = .oneSided
        case .noQuote?, nil: gate = .noQuote
        }
        let model = report.model.map {
            QuoteCycleDecision.Model(mid: $0.mid, sigma: $0.sigma, kappaEffective: $0.kappaEffective,
                                     kappaMarket: self.coins[i].kappa.marketKappa ?? 0, halfSpreadBps: $0.halfSpread * 10_000,
                                     skewBps: $0.skew * 10_000, inventory: $0.inventoryLots)
        }
        let multipliers = report.multipliers.map {
            QuoteCycleDecision.Multipliers(toxicity: $0.toxicity, defensive: $0.defensive, staleness: $0.staleness, model: $0.modelGating,
                                           breaker: $0.circuitBreaker, rateLimit: $0.rateLimit, total: $0.total,
                                           shadowBps: $0.shadowBps, additiveBps: $0.additiveBps)
        }
        let cycle = QuoteCycleDecision(reason: report.reason, gate: gate, riskAction: report.riskAction, riskMonitor: report.riskMonitor,
                                       model: model, multipliers: multipliers, toxicity: self.coins[i].toxicity.vpin,
                                       headroom: self.headroom, tier: report.tier, probe: report.probe,
                                       bids: Int64(report.bids), asks: Int64(report.asks), position: self.coins[i].pnl.position,
                                       signals: report.signals, adverseBps: report.adverseBps)
        self.coins[i].lastReason = report.reason
        self.output.append(.decision(DecisionRecord(coin: self.coins[i].config.name, .quoteCycle(cycle))))
    }
}

/// What one cycle found and decided, for its decision record.
struct CycleReport {
    var reason = ""
    var decision: QuoteDecision?
    var riskAction = RiskAction.normal
    var riskMonitor = "all"
    var model: QuoteModel?
    var multipliers: SpreadMultipliers?
    var signals: QuoteCycleDecision.Signals?
    var adverseBps: Double?
    var tier = HeadroomTier.full
    var probe = false
    var bids = 0
    var asks = 0
}

/// The spread model's inputs and outputs of one cycle.
struct QuoteModel {
    var mid: Double
    var sigma: Double
    var kappaEffective: Double
    var halfSpread: Double
    var skew: Double
    var inventoryLots: Double
}
