/// Everything the engine knows and decides about one coin.
struct CoinEngine: Sendable, Codable {
    let config: EngineConfig.Coin
    let index: Int
    let rules: PriceRules
    var book = BookState()
    var tape = TradeTape()
    var volatility: VolatilityEstimator
    var kappa: KappaEstimator
    var toxicity: ToxicityEstimator
    var orders: OrderTracker
    var pnl = PnLTracker()
    /// Virtual time of the next quote cycle.
    var nextCycle: Int64 = .min
    var cycles: UInt64 = 0
    /// Fields of the last decision, reused so a cycle does not allocate.
    var lastReason = ""
    /// Virtual time of the first book (warm-up is measured from it).
    var firstBookTime: Int64?
    /// Virtual time of our last fill.
    var lastFillTime: Int64?
    /// Position samples for the velocity monitor: (time, raw position), at most one per
    /// second (``positionBucket``), so the ring spans 128 s whatever the fill rate.
    var positionHistory = TimeSeriesRing(capacity: 128)
    /// The position before the first sample: zero, or the start-up baseline.
    var startPosition: Int64 = 0
    /// Rejections in a row (orders the venue refused or rate-limited), and until when new
    /// orders wait (the runbook's rejection backoff).
    var rejectionStreak: Int64 = 0
    var backoffUntil: Int64?
    /// Recent mids (raw price), for the price-velocity monitor.
    var midHistory = TimeSeriesRing(capacity: 128)
    /// Edges of recent fills (value 1 adverse, 0 favourable) for the defensive multiplier.
    var fillEdges: TimeSeriesRing
    /// Times of recent fills, for the fill circuit breaker.
    var fillTimes = TimeSeriesRing(capacity: 256)
    /// The latest hourly funding rate seen for this coin.
    var fundingRate = 0.0
    /// Virtual time of the latest reference price (``ReferencePrice``).
    var referenceTime: Int64?
    /// The cross-venue signals (reference quotes and trades).
    var signals: CoinSignals
    /// Markouts of our fills (the EdgeMetricsTracker).
    var edgeMetrics = EdgeMetricsTracker()
    /// Adverse selection of recent fills at the defensive horizon (1e-4 bps units), for
    /// the quote gate's expected edge.
    var adverseSelection: TimeSeriesRing
    /// The venue's position adopted last (at start, or after a confirmed mismatch) and
    /// its venue time (ms): fills up to then are already in it.
    var baseline: PositionBaseline?
    /// A difference with the venue's position seen once, waiting for the grace.
    var pendingMismatch: PendingMismatch?

    /// The high half of this coin's client order ids: "MM", the session, the coin index.
    static func idPrefix(session: Int64, index: Int) -> UInt64 {
        0x4D4D_0000_0000_0000 | (UInt64(truncatingIfNeeded: session) & 0xFFFF_FFFF) << 8 | UInt64(index & 0xFF)
    }

    /// Whether a fill is news: not already part of the adopted baseline position. A fill
    /// strictly before the baseline's venue time is in it; one in the same millisecond is
    /// in it unless the baseline position is the fill's start position. Without a
    /// baseline, fills replayed by a subscription snapshot are history, live ones news.
    func isNew(_ fill: Fill) -> Bool {
        guard let baseline = self.baseline else { return !fill.isSnapshot }
        if fill.exchangeTime > baseline.venueTime { return true }
        if fill.exchangeTime < baseline.venueTime { return false }
        return baseline.position == fill.startPosition
    }

    init(config: EngineConfig.Coin, index: Int, engine: EngineConfig) {
        self.config = config
        self.index = index
        self.rules = PriceRules(sizeDecimals: Int(config.sizeDecimals))
        let e = engine.estimators
        self.volatility = VolatilityEstimator(bucketSeconds: e.volatilityBucketSeconds, halfLifeSeconds: e.volatilityHalfLifeSeconds,
                                              warmupBuckets: e.volatilityWarmupBuckets)
        self.kappa = KappaEstimator(prior: engine.strategy.kappa, priorObservations: engine.strategy.kappaPriorObservations,
                                    halfLifeSeconds: e.kappaHalfLifeSeconds, warmupTrades: e.kappaWarmupTrades)
        self.toxicity = ToxicityEstimator(bucketNotional: e.toxicityBucketNotional, buckets: e.toxicityBuckets)
        self.orders = OrderTracker(idPrefix: Self.idPrefix(session: engine.general.session, index: index))
        self.fillEdges = TimeSeriesRing(capacity: Int(engine.gates.defensiveFills))
        self.adverseSelection = TimeSeriesRing(capacity: Int(engine.gates.defensiveFills))
        self.signals = CoinSignals(engine.signals)
    }

    /// The mean adverse selection (bps, ≥ 0) of the fills judged since `time`, ramped in
    /// over the first 5 like the defensive share, and how many fills that covers.
    func expectedAdverseSelection(since time: Int64) -> (bps: Double, fills: Int) {
        let (n, sum) = self.adverseSelection.tally(after: time)
        guard n > 0 else { return (0, 0) }
        let mean = Double(sum) / Double(n) / Self.adverseUnit
        return (max(0, mean) * min(1, Double(n) / 5), n)
    }

    /// Adverse selection is stored in units of 1e-4 bps, each fill's clamped to ±1e5 bps.
    static let adverseUnit = 10_000.0
    static let adverseLimitBps = 100_000.0

    /// The share of negative-edge fills within the window, ramped in over the first 5
    /// fills, and how many fills that covers.
    func negativeEdgeShare(since time: Int64) -> (share: Double, fills: Int) {
        let (n, adverse) = self.fillEdges.tally(after: time)
        guard n > 0 else { return (0, 0) }
        return (Double(adverse) / Double(n) * min(1, Double(n) / 5), n)
    }

    // Codable: everything but the reusable decision buffer.
    enum CodingKeys: String, CodingKey {
        case config, index, rules, book, tape, volatility, kappa, toxicity, orders, pnl, nextCycle, cycles, lastReason
        case firstBookTime, lastFillTime, positionHistory, midHistory, fillEdges, fillTimes, fundingRate, referenceTime
        case baseline, pendingMismatch, startPosition, rejectionStreak, backoffUntil
        case signals, edgeMetrics, adverseSelection
    }

    /// One position sample per second at most.
    static let positionBucket: Int64 = Nanoseconds.seconds(1).rawValue

    /// Inventory in order-size lots (positive long).
    var inventoryLots: Double {
        self.config.orderSize.rawValue == 0 ? 0 : self.pnl.position.doubleValue / self.config.orderSize.doubleValue
    }
}

/// A position adopted from the venue and the venue time (ms) it was true at.
struct PositionBaseline: Sendable, Codable, Equatable {
    var position: Size
    var venueTime: Int64
}

/// A position difference seen once: the venue's position, when (venue ns), and when
/// the engine first saw it (virtual ns: the liquidation rule asks whether a fill of ours
/// came within its window of that moment).
struct PendingMismatch: Sendable, Codable, Equatable {
    var venuePosition: Size
    var since: Int64
    var seenAt: Int64
}
