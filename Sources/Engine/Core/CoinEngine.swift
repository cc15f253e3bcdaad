/// Everything the engine knows and decides about one coin.
struct CoinEngine: Sendable {
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
        self.decisionFields.reserveCapacity(16)
    }

    /// Inventory in order-size lots (positive long).
    var inventoryLots: Double {
        self.config.orderSize.rawValue == 0 ? 0 : self.pnl.position.doubleValue / self.config.orderSize.doubleValue
    }
}
