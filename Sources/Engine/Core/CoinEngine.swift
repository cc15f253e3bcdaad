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
    var decisionFields: [DecisionField] = []
    var lastReason = ""
    /// Virtual time of the first book (warm-up is measured from it).
    var firstBookTime: Int64?
    /// Virtual time of our last fill.
    var lastFillTime: Int64?
    /// Position samples for the velocity monitor: (time, raw position), oldest first.
    var positionHistory = TimeSeriesRing(capacity: 128)
    /// Recent mids (raw price), for the price-velocity monitor.
    var midHistory = TimeSeriesRing(capacity: 128)
    /// Edges of recent fills (value 1 adverse, 0 favourable) for the defensive multiplier.
    var fillEdges: TimeSeriesRing
    /// Times of recent fills, for the fill circuit breaker.
    var fillTimes = TimeSeriesRing(capacity: 256)
    /// The latest hourly funding rate seen for this coin.
    var fundingRate = 0.0
    /// Virtual time of the latest reference price.
    var referenceTime: Int64?

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
        // "MM" + coin index in the high half of every client order id.
        self.orders = OrderTracker(idPrefix: 0x4D4D_0000_0000_0000 | UInt64(index))
        self.fillEdges = TimeSeriesRing(capacity: Int(engine.gates.defensiveFills))
        self.decisionFields.reserveCapacity(40)
    }

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
    }

    /// Inventory in order-size lots (positive long).
    var inventoryLots: Double {
        self.config.orderSize.rawValue == 0 ? 0 : self.pnl.position.doubleValue / self.config.orderSize.doubleValue
    }
}
