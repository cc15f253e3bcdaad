/// The factors that widen the spread, composed multiplicatively (capped at
/// max_composed_spread_mult) plus additive adjustments (capped at max_additive_spread_bps).
/// Every component goes into the cycle's decision.
package struct SpreadMultipliers: Sendable, Equatable {
    package var toxicity = 1.0
    package var defensive = 1.0
    package var staleness = 1.0
    package var modelGating = 1.0
    package var circuitBreaker = 1.0
    package var rateLimit = 1.0
    /// The product of the factors, capped.
    package var total = 1.0
    /// The rate-limit shadow spread in bps: 0 in the Full tier (headroom ≥ 50 %), else
    /// λ / max(headroom, 0.01) (Normal 1–2.5, Minimal 2.5–5, Conservation 5–10, Critical
    /// 10–50 bps with λ = 0.5, the runbook's tiers).
    package var shadowBps = 0.0
    /// Additive widening in bps: the shadow spread. (The signals' additive adjustment,
    /// capped at max_additive_spread_bps, shifts the quotes' centre instead: the
    /// decision's `signal_bps`.)
    package var additiveBps = 0.0

    package init() {}
}

/// What the chain is computed from.
package struct SpreadChainInputs: Sendable {
    /// VPIN, and whether the estimator is warm.
    package var vpin = 0.0
    package var toxicityWarm = false
    /// Share of recent fills with negative edge, and how many fills that covers.
    package var negativeEdgeShare = 0.0
    package var recentFills = 0
    /// Age in seconds of the reference-price signal; `nil` when it never arrived
    /// (disabled, not stale: e.g. no cross-venue feed for a DEX token).
    package var signalAge: Double?
    /// Whether volatility and kappa are warm.
    package var modelsWarm = true
    /// The signal model's calibration (Brier, information ratio, scored predictions),
    /// when signals are in use for the coin.
    package var calibration: (brier: Double, informationRatio: Double, count: Int)?
    /// Latest hourly funding rate seen, market spread in bps, our fills in the last minute.
    package var fundingRate = 0.0
    package var marketSpreadBps = 0.0
    package var fillsPerMinute = 0.0
    /// API headroom in 0...1 (1 when unknown).
    package var headroom = 1.0

    package init() {}
}

package enum SpreadMultiplierChain {
    /// Computes every component and the capped totals.
    package static func compute(_ inputs: SpreadChainInputs, gates: EngineConfig.Gates,
                                signals: EngineConfig.Signals = EngineConfig.Signals()) -> SpreadMultipliers {
        var m = SpreadMultipliers()
        if inputs.toxicityWarm {
            m.toxicity = 1 + gates.toxicitySlope * max(0, inputs.vpin - gates.toxicityThreshold)
        }
        if inputs.recentFills > 0 {
            m.defensive = min(1 + gates.defensiveSlope * inputs.negativeEdgeShare, gates.defensiveMax)
        }
        if let age = inputs.signalAge, age > gates.signalStaleSeconds {
            let over = min(1, (age - gates.signalStaleSeconds) / gates.signalStaleSeconds)
            m.staleness = 1 + (gates.stalenessMaxMult - 1) * over
        }
        m.modelGating = ModelGating.multiplier(modelsWarm: inputs.modelsWarm, calibration: inputs.calibration, gates: gates, signals: signals)
        var breaker = 1.0
        if inputs.fundingRate.magnitude > gates.fundingBreakerRate { breaker *= gates.fundingBreakerMult }
        if inputs.marketSpreadBps > gates.spreadBreakerBps { breaker *= gates.spreadBreakerMult }
        if inputs.fillsPerMinute > gates.fillBreakerPerMinute { breaker *= gates.fillBreakerMult }
        m.circuitBreaker = breaker
        let h = min(max(inputs.headroom, 1e-6), 1)
        m.rateLimit = min(1 / h.squareRoot(), gates.rateLimitMultCap)
        let product = m.toxicity * m.defensive * m.staleness * m.modelGating * m.circuitBreaker * m.rateLimit
        m.total = min(product, gates.maxComposedSpreadMult)
        m.shadowBps = HeadroomTier(headroom: inputs.headroom) == .full ? 0 : gates.shadowSpreadLambdaBps / max(inputs.headroom, 0.01)
        m.additiveBps = m.shadowBps
        return m
    }
}
