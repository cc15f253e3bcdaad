/// One coin's cross-venue signals: the reference venue's latest mid, the lead-lag
/// estimator, the cross-venue flow and the calibration of their predictions.
struct CoinSignals: Sendable, Codable, Equatable {
    var leadLag: LeadLagEstimator
    var flow: CrossVenueFlow
    var calibration: ModelCalibration
    /// The reference venue's latest mid (nil before its first uncrossed quote).
    var referenceMid: Double?
    /// Reference quotes seen, and the virtual time of the latest reference data.
    var referenceQuotes: Int64 = 0
    var lastReference: Int64?
    /// The virtual time of the latest reference quote (the lead-lag signal's freshness).
    var lastQuote: Int64?
    /// The adjustment (bps) the latest quote cycle used: a reference quote that moves it
    /// by `quoting.min_change_bps` or more requotes at once.
    var quotedAdjustmentBps = 0.0
    /// When the latest such out-of-schedule requote ran.
    var lastRequote: Int64?

    init(_ config: EngineConfig.Signals) {
        self.leadLag = LeadLagEstimator(step: config.sampleMilliseconds * 1_000_000, window: Int(config.windowSamples),
                                        maxLag: Int(config.maxLagSamples), warmup: Int(config.leadLagWarmupSamples))
        self.flow = CrossVenueFlow(halfLife: Nanoseconds.truncating(seconds: config.flowHalfLifeSeconds).rawValue,
                                   warmupTrades: config.flowWarmupTrades)
        self.calibration = ModelCalibration(window: Int(config.modelWindow))
    }

    /// Whether any reference data arrived: the signals are in use for this coin.
    var isActive: Bool { self.lastReference != nil }

    /// Whether an enabled signal was ever warm (the staleness multiplier's guard: a
    /// signal that never warmed up is disabled, not stale).
    func everWarm(_ config: EngineConfig.Signals) -> Bool {
        (config.leadLag && self.leadLag.everWarm) || (config.crossVenueFlow && self.flow.isWarm)
    }

    mutating func observe(_ quote: ReferenceQuote, at time: Int64) {
        self.referenceQuotes &+= 1
        self.lastReference = time
        self.lastQuote = time
        if let mid = quote.mid { self.referenceMid = mid }
    }

    mutating func observe(_ batch: ReferenceTrades, at time: Int64) {
        self.lastReference = time
        for trade in batch.trades { self.flow.record(side: trade.side, size: trade.size.doubleValue, at: time) }
    }

    /// The signals now, combined as the runbook's signal integration does: each usable
    /// signal (enabled, warm, fresh) adds its predicted move in bps to the edge; the
    /// adjustment is the edge capped at ±`cap`, and 0 when a calibrated model proved
    /// uninformative (information ratio ≤ 0).
    func reading(at time: Int64, config: EngineConfig.Signals, staleAfter: Int64, cap: Double) -> SignalReading {
        var reading = SignalReading()
        let age = self.lastReference.map { time &- $0 } ?? .max
        reading.referenceAge = age
        let fresh = age <= staleAfter
        let quotesFresh = self.lastQuote.map { time &- $0 <= staleAfter } ?? false
        if let estimate = self.leadLag.estimate {
            reading.lag = estimate.lag
            reading.correlation = estimate.correlation
            if config.leadLag && quotesFresh && estimate.correlation >= config.minCorrelation {
                // The reference's move over the lag, which our mid has yet to follow: the
                // samples of the last lag minus one steps and the part since the latest.
                let move = self.leadLag.recentReferenceMove(lag: estimate.lag - 1) + self.leadLag.unsampledReferenceMove(current: self.referenceMid ?? 0)
                reading.leadLagBps = estimate.beta * move * 10_000
            }
        }
        reading.flowImbalance = self.flow.imbalance(at: time)
        if config.crossVenueFlow && fresh && self.flow.isWarm {
            reading.flowBps = config.flowBps * reading.flowImbalance
        }
        let figures = self.calibration.figures
        let distrusted = figures.count >= Int(config.modelMinPredictions) && figures.informationRatio <= 0
        (reading.edgeBps, reading.adjustmentBps) = Self.integrate(leadLagBps: reading.leadLagBps, flowBps: reading.flowBps,
                                                                  cap: cap, distrusted: distrusted)
        return reading
    }

    /// The runbook's signal integration: the edge is the sum of the signals' predicted
    /// moves (bps; 0 when not finite); the adjustment is the edge capped at ±`cap`
    /// (`gates.max_additive_spread_bps`, 20), separate from the multiplicative chain, and
    /// 0 when the model proved uninformative.
    static func integrate(leadLagBps: Double, flowBps: Double, cap: Double, distrusted: Bool) -> (edge: Double, adjustment: Double) {
        let sum = leadLagBps + flowBps
        let edge = sum.isFinite ? sum : 0
        return (edge, distrusted ? 0 : min(max(edge, -cap), cap))
    }
}

/// What the signals say at one quote cycle.
struct SignalReading: Sendable, Equatable {
    /// The best lag (samples) and its correlation (0 before the estimate is warm).
    var lag = 0
    var correlation = 0.0
    /// Each signal's part of the edge, the edge, and the capped adjustment (bps).
    var leadLagBps = 0.0
    var flowImbalance = 0.0
    var flowBps = 0.0
    var edgeBps = 0.0
    var adjustmentBps = 0.0
    /// Nanoseconds since the latest reference data (Int64.max: none).
    var referenceAge = Int64.max
}

extension CoinSignals {
    /// Why restored signals differ in shape from `fresh` (same config) or hold values out
    /// of range, or `nil`.
    func restoreProblem(against fresh: CoinSignals) -> String? {
        if let problem = self.leadLag.restoreProblem(against: fresh.leadLag) ?? self.flow.restoreProblem(against: fresh.flow)
            ?? self.calibration.restoreProblem(against: fresh.calibration) { return problem }
        if let mid = self.referenceMid, !(mid.isFinite && mid > 0) { return "reference mid \(mid) is out of range" }
        if !self.quotedAdjustmentBps.isFinite || self.referenceQuotes < 0 { return "a signal figure is out of range" }
        for time in [self.lastReference, self.lastQuote, self.lastRequote].compactMap({ $0 }) where !Limits.isValidTime(time) {
            return "a reference time (\(time)) is outside the valid range"
        }
        return nil
    }
}
