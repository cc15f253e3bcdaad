extension Engine {
    /// Before an event is applied (the state is still as it was up to its time): sample
    /// the mids for lead-lag, score the predictions and measure the fill markouts that
    /// came due.
    mutating func measureBeforeEvent() {
        for i in self.coins.indices {
            if self.coins[i].signals.isActive {
                let mid = self.coins[i].book.isCrossed ? nil : self.coins[i].book.mid
                // Sampled only while the reference is fresh: a silent reference is not a
                // flat one (and must not warm the estimate up).
                let fresh = self.coins[i].signals.lastQuote.map { self.time &- $0 <= Self.nanoseconds(self.config.gates.signalStaleSeconds) } ?? false
                if fresh, let mid, let reference = self.coins[i].signals.referenceMid {
                    self.coins[i].signals.leadLag.advance(to: self.time, ours: mid, theirs: reference)
                } else if !fresh {
                    self.coins[i].signals.leadLag.pause()
                }
                self.coins[i].signals.calibration.resolve(at: self.time, mid: mid)
            }
            guard self.coins[i].edgeMetrics.isDue(at: self.time) else { continue }
            let horizon = Self.nanoseconds(self.config.gates.defensiveHorizonSeconds)
            let (judged, completed) = self.coins[i].edgeMetrics.resolve(at: self.time, mid: self.coins[i].book.markMid, defensiveHorizon: horizon)
            for judgement in judged { self.judge(coin: i, judgement) }
            for fill in completed {
                self.record(coin: i, .fillMarkout(FillMarkoutDecision(
                    clientOrderID: fill.clientOrderID, side: fill.side, price: fill.price, mid: fill.mid, grossEdgeBps: fill.grossEdgeBps,
                    markout1sBps: fill.markoutsBps[0], markout5sBps: fill.markoutsBps[1], markout30sBps: fill.markoutsBps[2],
                    markout60sBps: fill.markoutsBps[3])))
            }
        }
    }

    /// Books a fill's judgement at the defensive horizon: adverse for the defensive
    /// multiplier when its markout there is negative; its adverse selection (gross edge −
    /// markout) for the quote gate's expected edge.
    /// Both are kept at the fill's time (the windows count fills by their age), never
    /// before the newest kept (the rings stay in time order).
    mutating func judge(coin i: Int, _ judgement: EdgeMetricsTracker.Judgement) {
        let time = max(judgement.time, self.coins[i].fillEdges.sample(atOrBefore: .max)?.time ?? .min)
        self.coins[i].fillEdges.append(time: time, value: judgement.markout < 0 ? 1 : 0)
        // Clamped to ±1e5 bps: hostile prices (1e-8 against a mid of 1e3) must not let
        // the ring's sums overflow.
        let bps = min(max(judgement.grossEdge - judgement.markout, -CoinEngine.adverseLimitBps), CoinEngine.adverseLimitBps)
        let adverse = (bps.isFinite ? bps : 0) * CoinEngine.adverseUnit
        self.coins[i].adverseSelection.append(time: time, value: Int64(saturating: adverse.rounded(.toNearestOrEven)))
    }

    /// The signals of coin `i` at this cycle, or nil when it has no reference data.
    func signalReading(coin i: Int) -> SignalReading? {
        guard self.coins[i].signals.isActive else { return nil }
        return self.coins[i].signals.reading(at: self.time, config: self.config.signals,
                                             staleAfter: Self.nanoseconds(self.config.gates.signalStaleSeconds),
                                             cap: self.config.gates.maxAdditiveSpreadBps)
    }

    /// Seconds since the latest reference data that counts for staleness: a reference
    /// price, or reference quotes and trades once an enabled signal was ever warm. `nil`
    /// when none counts (never arrived, or never warm: disabled, not stale).
    func signalAge(coin i: Int) -> Double? {
        var latest = self.coins[i].referenceTime
        if self.coins[i].signals.everWarm(self.config.signals), let last = self.coins[i].signals.lastReference {
            latest = max(latest ?? last, last)
        }
        return latest.map { (Timestamp(self.time) - Timestamp($0)).seconds }
    }

    /// Whether the signals' adjustment moved by `quoting.min_change_bps` or more since the
    /// last quote cycle, between scheduled cycles: a reference move must reach the quotes
    /// before the arbitrageurs who saw it do, not at the next cycle.
    /// The adjustment is remembered here too, so a cycle that stops early (a gated book)
    /// does not requote again at every reference quote.
    mutating func signalMovedQuotes(coin i: Int) -> Bool {
        // Only when there is something to requote: a quotable book, not killed or paused,
        // and at most once per sampling step.
        let book = self.coins[i].book
        let step = self.config.signals.sampleMilliseconds &* 1_000_000
        guard self.coins[i].nextCycle != .min, self.time < self.coins[i].nextCycle, !self.killSwitch.isTriggered, !self.paused,
              book.mid != nil, !book.isCrossed, (book.age(at: self.time) ?? .max) <= Self.nanoseconds(self.config.gates.dataStaleGateSeconds),
              self.coins[i].signals.lastRequote.map({ self.time &- $0 >= step }) ?? true,
              let reading = self.signalReading(coin: i) else { return false }
        guard (reading.adjustmentBps - self.coins[i].signals.quotedAdjustmentBps).magnitude >= max(self.config.quoting.minChangeBps, 1e-9) else { return false }
        self.coins[i].signals.quotedAdjustmentBps = reading.adjustmentBps
        self.coins[i].signals.lastRequote = self.time
        return true
    }

    /// The decision record's signals part.
    func signalsRecord(coin i: Int, _ reading: SignalReading) -> QuoteCycleDecision.Signals {
        let figures = self.coins[i].signals.calibration.figures
        let step = Double(self.config.signals.sampleMilliseconds)
        return QuoteCycleDecision.Signals(
            adjustmentBps: reading.adjustmentBps, edgeBps: reading.edgeBps, leadLagMilliseconds: Double(reading.lag) * step,
            leadLagCorrelation: reading.correlation, leadLagBps: reading.leadLagBps, flowImbalance: reading.flowImbalance,
            flowBps: reading.flowBps,
            referenceAgeSeconds: reading.referenceAge == .max ? -1 : Nanoseconds(reading.referenceAge).seconds,
            referenceQuotes: self.coins[i].signals.referenceQuotes, referenceTrades: self.coins[i].signals.flow.trades,
            predictions: Int64(figures.count), brier: figures.brier, hitRate: figures.hitRate, informationRatio: figures.informationRatio)
    }
}

extension ConnectionEvent {
    /// The prefix of an optional reference venue's feed name ("reference:binance").
    public static let referenceFeedPrefix = "reference:"

    /// Whether this is an optional reference venue's feed: its loss never kills or
    /// reconnects the market data; the signals go stale instead.
    public var isReferenceFeed: Bool { self.feed.hasPrefix(Self.referenceFeedPrefix) }
}
