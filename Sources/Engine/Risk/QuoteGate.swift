/// API headroom tiers of the runbooks.
public enum HeadroomTier: String, Sendable, Equatable, CaseIterable {
    /// ≥ 50%: normal quoting.
    case full
    /// 20–50%: mild shadow spread.
    case normal
    /// 10–20%: wider, fewer levels.
    case minimal
    /// 5–10%: inventory forcing, probes blocked.
    case conservation
    /// 1–5%: prohibitive shadow spread.
    case critical
    /// < 1%: hard veto on all quotes.
    case exhausted

    /// The tier of a headroom in 0...1 (lower bounds inclusive).
    public init(headroom h: Double) {
        switch h {
        case 0.5...: self = .full
        case 0.2..<0.5: self = .normal
        case 0.1..<0.2: self = .minimal
        case 0.05..<0.1: self = .conservation
        case 0.01..<0.05: self = .critical
        default: self = .exhausted
        }
    }
}

/// The directional decision of a cycle: what may be quoted.
package enum QuoteDecision: Sendable, Equatable {
    case quote
    /// Only the side that reduces the position.
    case oneSided(Side)
    case noQuote(NoQuoteReason)

    package var name: String {
        switch self {
        case .quote: return "quote"
        case .oneSided: return "one_sided"
        case .noQuote: return "no_quote"
        }
    }
}

/// Why nothing is quoted.
package enum NoQuoteReason: String, Sendable, Equatable {
    /// The first seconds of market data (bounded by market-data time, never by fills).
    case warmup = "warmup"
    /// The position is flat and neither side is expected to earn: the half-spread does not
    /// beat the fee plus the recent adverse selection, and no directional edge makes up
    /// for it.
    case noEdgeFlat = "no_edge_flat"
    case cascade = "cascade"
    /// Paused by the operator.
    case manual = "manual"
    /// API headroom below 1%.
    case quotaExhausted = "quota_exhausted"
    case toxicFlow = "toxic_flow"
    /// A risk monitor pulled quotes.
    case riskPull = "risk_pull"
}

/// What the quote gate decides from.
package struct QuoteGateInputs: Sendable, Equatable {
    package var paused = false
    package var risk = RiskAction.normal
    package var riskMonitor = ""
    package var headroom = 1.0
    package var vpin = 0.0
    package var toxicityWarm = false
    /// Seconds since the first book of this coin.
    package var marketDataSeconds = 0.0
    /// Half-spread after the multiplier chain, and the maker fee, both in bps.
    package var halfSpreadBps = 0.0
    package var makerFeeBps = 0.0
    /// The recent fills' mean adverse selection (bps, ≥ 0): what a fill is expected to
    /// lose to the next moves.
    package var adverseSelectionBps = 0.0
    /// The signals' directional edge (bps; positive: our mid is predicted to rise).
    package var directionalEdgeBps = 0.0
    /// Signed position (contracts).
    package var position = 0.0
    /// A uniform draw in [0, 1) from the engine's seeded generator (epsilon probes).
    package var draw = 1.0

    package init() {}
}

package enum QuoteGate {
    /// The decision, the ladder levels to use, and whether this is an epsilon probe.
    package static func decide(_ x: QuoteGateInputs, gates: EngineConfig.Gates, maxLevels: Int)
        -> (decision: QuoteDecision, levels: Int, probe: Bool) {
        let tier = HeadroomTier(headroom: x.headroom)
        let reducing: Side? = x.position > 0 ? .ask : (x.position < 0 ? .bid : nil)
        if x.paused { return (.noQuote(.manual), 0, false) }
        if tier == .exhausted { return (.noQuote(.quotaExhausted), 0, false) }
        if x.risk == .pullQuotes { return (.noQuote(x.riskMonitor == "cascade" ? .cascade : .riskPull), 0, false) }
        if x.toxicityWarm && x.vpin >= gates.toxicFlowVpin { return (.noQuote(.toxicFlow), 0, false) }
        if x.marketDataSeconds < gates.warmupSeconds { return (.noQuote(.warmup), 0, false) }
        let levels = Self.ladderLevels(headroom: x.headroom, minHeadroom: gates.minHeadroomForFullLadder, maxLevels: maxLevels)
        if x.risk == .reduceOnly {
            if let side = reducing { return (.oneSided(side), levels, false) }
            return (.noQuote(.riskPull), 0, false)
        }
        // Inventory forcing below 10% headroom: only the reducing side.
        if x.headroom < 0.1, let side = reducing { return (.oneSided(side), levels, false) }
        if reducing == nil {
            // Flat: quote a side only when a fill there is expected to earn: the half-spread
            // less the fee and the recent adverse selection, plus the signal's edge on the
            // side it favours. (The other side is already widened by the predicted move,
            // which keeps its expected edge at the net.)
            let net = x.halfSpreadBps - x.makerFeeBps - x.adverseSelectionBps
            let bidEdge = net + max(0, x.directionalEdgeBps)
            let askEdge = net + max(0, -x.directionalEdgeBps)
            if bidEdge <= 0 && askEdge <= 0 {
                // No edge and nothing to unwind; a rare probe keeps learning (not below 10%).
                if x.headroom >= 0.1 && x.draw < gates.epsilonProbe { return (.quote, 1, true) }
                return (.noQuote(.noEdgeFlat), 0, false)
            }
            if bidEdge <= 0 { return (.oneSided(.ask), levels, false) }
            if askEdge <= 0 { return (.oneSided(.bid), levels, false) }
        }
        return (.quote, levels, false)
    }

    /// sqrt(h / min_headroom) × max_levels, at least 1, at most max_levels.
    package static func ladderLevels(headroom: Double, minHeadroom: Double, maxLevels: Int) -> Int {
        let scaled = (max(headroom, 0) / minHeadroom).squareRoot() * Double(maxLevels)
        return max(1, min(maxLevels, Int(scaled)))
    }
}
