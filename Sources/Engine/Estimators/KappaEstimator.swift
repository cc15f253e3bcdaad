/// The order-arrival decay κ seen in the market, and its blend with the configured prior.
///
/// Under the model λ(δ) = A·e^(−κδ), the fractional distances δ of trades from the mid
/// are exponentially distributed with rate κ, so κ̂ = 1 / mean(δ) (time-decayed mean).
/// Raw κ̂ is noisy and biased at the touch: thresholds and the spread model use
/// ``kappaEffective``, never ``marketKappa``.
package struct KappaEstimator: Sendable, Equatable, Codable {
    package let prior: Double
    /// Observations that weigh as much as the prior.
    package let priorObservations: Double
    package let warmupTrades: Int64
    /// Half-life of the statistics in nanoseconds.
    private let halfLife: Double

    private var weightedDistance: Double = 0
    private var weight: Double = 0
    private var lastTime: Int64?
    /// Trades observed.
    package private(set) var observations: Int64 = 0

    package init(prior: Double, priorObservations: Double, halfLifeSeconds: Double, warmupTrades: Int64) {
        self.prior = prior
        self.priorObservations = priorObservations
        self.halfLife = max(halfLifeSeconds, 1e-9) * 1e9
        self.warmupTrades = warmupTrades
    }

    package var isWarm: Bool { self.observations >= self.warmupTrades }

    /// κ̂ from the market, or `nil` until warm.
    package var marketKappa: Double? {
        guard self.isWarm, self.weight > 0 else { return nil }
        let mean = self.weightedDistance / self.weight
        return 1 / max(mean, 1e-9)
    }

    /// The prior blended with the market estimate by observation weight:
    /// (n₀·κ_prior + n·κ̂) / (n₀ + n). The prior alone until warm.
    package var kappaEffective: Double {
        guard let market = self.marketKappa else { return self.prior }
        let n = self.weight
        return (self.priorObservations * self.prior + n * market) / (self.priorObservations + n)
    }

    /// Feeds one trade at `price` against the mid at the time.
    package mutating func observe(tradePrice: Double, mid: Double, at time: Int64) {
        guard mid > 0, tradePrice > 0, mid.isFinite, tradePrice.isFinite else { return }
        if let last = self.lastTime, time > last {
            let decay = DeterministicMath.exp(-0.6931471805599453 * Double(time - last) / self.halfLife)
            self.weightedDistance *= decay
            self.weight *= decay
        }
        self.lastTime = time
        // Half a tick's worth at least: a trade at the mid still sits some distance away.
        let distance = max((tradePrice - mid).magnitude / mid, 1e-7)
        self.weightedDistance += distance
        self.weight += 1
        self.observations += 1
    }
}

extension KappaEstimator {
    /// Why this restored estimator is inconsistent with `fresh`, or `nil`.
    func restoreProblem(against fresh: KappaEstimator) -> String? {
        guard self.warmupTrades == fresh.warmupTrades, self.halfLife == fresh.halfLife else {
            return "kappa warm-up or half-life differ from the config's"
        }
        guard self.prior.isFinite, self.prior > 0, self.priorObservations.isFinite, self.priorObservations >= 0 else {
            return "kappa prior is not a finite positive number"
        }
        guard self.weightedDistance.isFinite, self.weight.isFinite, self.weightedDistance >= 0, self.weight >= 0, self.observations >= 0 else {
            return "kappa statistics are not finite numbers in range"
        }
        if let last = self.lastTime, !Limits.isValidTime(last) { return "kappa time \(last) is outside the valid range" }
        return nil
    }
}
