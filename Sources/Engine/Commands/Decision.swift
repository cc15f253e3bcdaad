/// Why the engine did what it did, typed: consumers switch on the kind and read named
/// properties, so renaming a field is a compile error rather than a silently missing
/// metric. The record's bytes and JSON are the generic rendering of these values
/// (`Decision.fields`), unchanged from the name/value form journals have always held.
public enum Decision: Hashable, Sendable {
    /// One quote cycle: the gate, the risk action, the spread chain, what was quoted.
    case quoteCycle(QuoteCycleDecision)
    /// A fill booked (or only remembered, inside the adopted baseline).
    case fill(FillDecision)
    /// A fill's quality once its last markout (60 s) is known.
    case fillMarkout(FillMarkoutDecision)
    /// The kill switch tripped (recorded once per coin).
    case killSwitch(KillSwitchDecision)
    /// An operator reset of the latched kill switch.
    case killSwitchReset(KillSwitchResetDecision)
    /// The venue's position adopted at start-up.
    case positionBaseline(PositionBaselineDecision)
    /// A persistent position difference; the venue's position adopted.
    case positionMismatch(PositionMismatchDecision)
    /// Any other note (venue reconciliation, operator actions, stale feeds): a reason and
    /// details that only display reads.
    case note(reason: String, details: [DecisionField])
    /// Fields that do not start with a text `reason` (never emitted by the engine; kept
    /// so any decoded record re-encodes to its bytes).
    case unlabeled([DecisionField])
}

/// One quote cycle's inputs and outcome.
public struct QuoteCycleDecision: Hashable, Sendable {
    /// The gate's verdict (the cycle's `gate` field).
    public enum Gate: String, Hashable, Sendable {
        /// Both sides.
        case quote
        /// One side only.
        case oneSided = "one_sided"
        /// Nothing.
        case noQuote = "no_quote"
    }

    /// The quoting model's output, when the cycle got that far.
    public struct Model: Hashable, Sendable {
        /// The mid the model priced from.
        public var mid: Double
        /// Volatility per √second.
        public var sigma: Double
        /// The order-arrival intensity the model used.
        public var kappaEffective: Double
        /// The intensity estimated from market trades (0 when none).
        public var kappaMarket: Double
        /// The model half spread, in basis points.
        public var halfSpreadBps: Double
        /// The inventory skew, in basis points.
        public var skewBps: Double
        /// The position in order-size lots.
        public var inventory: Double

        /// A model record from its values (spreads in basis points).
        public init(mid: Double, sigma: Double, kappaEffective: Double, kappaMarket: Double,
                    halfSpreadBps: Double, skewBps: Double, inventory: Double) {
            self.mid = mid
            self.sigma = sigma
            self.kappaEffective = kappaEffective
            self.kappaMarket = kappaMarket
            self.halfSpreadBps = halfSpreadBps
            self.skewBps = skewBps
            self.inventory = inventory
        }
    }

    /// The spread multiplier chain (each stage, the product, the additive terms).
    public struct Multipliers: Hashable, Sendable {
        /// Toxic-flow stage.
        public var toxicity: Double
        /// Adverse-fill (defensive) stage.
        public var defensive: Double
        /// Data-staleness stage.
        public var staleness: Double
        /// Model-warmth stage.
        public var model: Double
        /// Spread circuit-breaker stage.
        public var breaker: Double
        /// API-headroom stage.
        public var rateLimit: Double
        /// The product of the stages (capped).
        public var total: Double
        /// The headroom tier's shadow spread, in basis points.
        public var shadowBps: Double
        /// Additive terms (funding), in basis points.
        public var additiveBps: Double

        /// A chain record from its stages.
        public init(toxicity: Double, defensive: Double, staleness: Double, model: Double, breaker: Double,
                    rateLimit: Double, total: Double, shadowBps: Double, additiveBps: Double) {
            self.toxicity = toxicity
            self.defensive = defensive
            self.staleness = staleness
            self.model = model
            self.breaker = breaker
            self.rateLimit = rateLimit
            self.total = total
            self.shadowBps = shadowBps
            self.additiveBps = additiveBps
        }

        /// The multiplicative stages by display name ("toxicity", "defensive", ...,
        /// "total"), in the chain's order.
        public var stages: [(stage: String, value: Double)] {
            [("toxicity", self.toxicity), ("defensive", self.defensive), ("staleness", self.staleness), ("model", self.model),
             ("breaker", self.breaker), ("rate_limit", self.rateLimit), ("total", self.total)]
        }
    }

    /// The cross-venue signals and their calibration, for coins with reference data.
    public struct Signals: Hashable, Sendable {
        /// The fair-value shift applied to both quotes (bps, capped at
        /// `gates.max_additive_spread_bps`; positive: quotes move up).
        public var adjustmentBps: Double
        /// The directional edge: the signals' combined predicted move (bps, uncapped).
        public var edgeBps: Double
        /// The estimated lead of the reference venue (ms) and its correlation.
        public var leadLagMilliseconds: Double
        public var leadLagCorrelation: Double
        /// The lead-lag signal's part of the edge (bps).
        public var leadLagBps: Double
        /// The reference venue's signed trade imbalance (−1...1) and its part (bps).
        public var flowImbalance: Double
        public var flowBps: Double
        /// Seconds since the latest reference data.
        public var referenceAgeSeconds: Double
        /// Reference quotes and trades seen.
        public var referenceQuotes: Int64
        public var referenceTrades: Int64
        /// Scored predictions in the calibration window, their Brier score, hit rate and
        /// information ratio (0 until one is scored).
        public var predictions: Int64
        public var brier: Double
        public var hitRate: Double
        public var informationRatio: Double

        /// A signals record from its values.
        public init(adjustmentBps: Double, edgeBps: Double, leadLagMilliseconds: Double, leadLagCorrelation: Double, leadLagBps: Double,
                    flowImbalance: Double, flowBps: Double, referenceAgeSeconds: Double, referenceQuotes: Int64, referenceTrades: Int64,
                    predictions: Int64, brier: Double, hitRate: Double, informationRatio: Double) {
            self.adjustmentBps = adjustmentBps
            self.edgeBps = edgeBps
            self.leadLagMilliseconds = leadLagMilliseconds
            self.leadLagCorrelation = leadLagCorrelation
            self.leadLagBps = leadLagBps
            self.flowImbalance = flowImbalance
            self.flowBps = flowBps
            self.referenceAgeSeconds = referenceAgeSeconds
            self.referenceQuotes = referenceQuotes
            self.referenceTrades = referenceTrades
            self.predictions = predictions
            self.brier = brier
            self.hitRate = hitRate
            self.informationRatio = informationRatio
        }
    }

    /// Why the cycle quoted or not ("quote", "killed", "warmup", "one_sided", ...).
    public var reason: String
    /// The gate's verdict.
    public var gate: Gate
    /// The risk monitors' action this cycle.
    public var riskAction: RiskAction
    /// The monitor behind `riskAction` ("all" when none stands out).
    public var riskMonitor: String
    /// The model, when the cycle priced.
    public var model: Model?
    /// The spread chain, when the cycle priced.
    public var multipliers: Multipliers?
    /// The cross-venue signals, for a coin with reference data.
    public var signals: Signals?
    /// The recent fills' mean adverse selection (bps, ≥ 0) the quote gate charged, when
    /// fills were measured within the defensive window.
    public var adverseBps: Double?
    /// The flow-toxicity estimate (VPIN).
    public var toxicity: Double
    /// The API request headroom (0...1).
    public var headroom: Double
    /// The headroom tier.
    public var tier: HeadroomTier
    /// Whether only a probe order was allowed.
    public var probe: Bool
    /// Levels quoted on the bid side.
    public var bids: Int64
    /// Levels quoted on the ask side.
    public var asks: Int64
    /// The position at the cycle.
    public var position: Size

    /// A cycle record from its values.
    public init(reason: String, gate: Gate, riskAction: RiskAction, riskMonitor: String, model: Model?, multipliers: Multipliers?,
                toxicity: Double, headroom: Double, tier: HeadroomTier, probe: Bool, bids: Int64, asks: Int64, position: Size,
                signals: Signals? = nil, adverseBps: Double? = nil) {
        self.signals = signals
        self.adverseBps = adverseBps
        self.reason = reason
        self.gate = gate
        self.riskAction = riskAction
        self.riskMonitor = riskMonitor
        self.model = model
        self.multipliers = multipliers
        self.toxicity = toxicity
        self.headroom = headroom
        self.tier = tier
        self.probe = probe
        self.bids = bids
        self.asks = asks
        self.position = position
    }

    /// Whether anything was quoted.
    public var quoted: Bool { self.bids != 0 || self.asks != 0 }
}

/// How the engine took one fill.
public struct FillDecision: Hashable, Sendable {
    /// The fill's classification (the record's reason).
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A fill of a live order.
        case fill
        /// A fill of an order already cancelled or done.
        case late = "late_fill"
        /// A fill of an order the engine does not know.
        case orphan = "orphan_fill"
        /// Already in the adopted baseline position: remembered, not booked.
        case inBaseline = "fill_in_baseline"
    }

    /// How the fill was taken.
    public var kind: Kind
    /// The client order id's text, or "none".
    public var clientOrderID: String
    /// The venue's trade id.
    public var tradeID: UInt64
    /// The venue's fill time (ms).
    public var exchangeTime: Int64
    /// Whether the fill moved the position.
    public var booked: Bool
    /// The position after booking (booked fills only).
    public var position: Size?

    /// A fill record from its values.
    public init(kind: Kind, clientOrderID: String, tradeID: UInt64, exchangeTime: Int64, booked: Bool, position: Size?) {
        self.kind = kind
        self.clientOrderID = clientOrderID
        self.tradeID = tradeID
        self.exchangeTime = exchangeTime
        self.booked = booked
        self.position = position
    }
}

/// A fill's quality (the EdgeMetricsTracker's record), emitted when its 60 s markout is
/// known: gross edge at the fill and markouts at 1, 5, 30 and 60 s, all in bps of the
/// fill price and positive in our favour. Adverse selection at a horizon is the gross edge
/// minus the markout there.
public struct FillMarkoutDecision: Hashable, Sendable {
    /// The client order id's text, or "none".
    public var clientOrderID: String
    /// Our side of the fill.
    public var side: Side
    /// The fill price and the mid at the fill.
    public var price: Double
    public var mid: Double
    /// The fill's edge to the mid at the fill (bps).
    public var grossEdgeBps: Double
    /// Markouts at 1, 5, 30 and 60 s (bps).
    public var markout1sBps: Double
    public var markout5sBps: Double
    public var markout30sBps: Double
    public var markout60sBps: Double

    /// A markout record from its values.
    public init(clientOrderID: String, side: Side, price: Double, mid: Double, grossEdgeBps: Double,
                markout1sBps: Double, markout5sBps: Double, markout30sBps: Double, markout60sBps: Double) {
        self.clientOrderID = clientOrderID
        self.side = side
        self.price = price
        self.mid = mid
        self.grossEdgeBps = grossEdgeBps
        self.markout1sBps = markout1sBps
        self.markout5sBps = markout5sBps
        self.markout30sBps = markout30sBps
        self.markout60sBps = markout60sBps
    }

    /// The markouts by horizon in seconds, shortest first.
    public var markouts: [(seconds: Int, bps: Double)] {
        [(1, self.markout1sBps), (5, self.markout5sBps), (30, self.markout30sBps), (60, self.markout60sBps)]
    }
}

/// A kill-switch trip.
public struct KillSwitchDecision: Hashable, Sendable {
    /// The triggering reason's summary ("Manual: drill", "CascadeDetected", ...).
    public var trigger: String
    /// The names of every reason latched so far, in trip order.
    public var reasons: [String]

    /// A trip record from its values.
    public init(trigger: String, reasons: [String]) {
        self.trigger = trigger
        self.reasons = reasons
    }
}

/// An operator reset of the kill switch.
public struct KillSwitchResetDecision: Hashable, Sendable {
    /// The cleared reasons' summaries, "; "-joined.
    public var cleared: String
    /// When the switch first tripped (virtual ns).
    public var trippedAt: Int64
    /// Whether the operator forced the reset.
    public var forced: Bool
    /// What still blocked a normal reset, for a forced one.
    public var despite: String?

    /// A reset record from its values.
    public init(cleared: String, trippedAt: Int64, forced: Bool, despite: String?) {
        self.cleared = cleared
        self.trippedAt = trippedAt
        self.forced = forced
        self.despite = despite
    }
}

/// The venue's position adopted at start-up.
public struct PositionBaselineDecision: Hashable, Sendable {
    /// The venue's position, adopted.
    public var position: Size
    /// The venue's time of the position (ms).
    public var exchangeTime: Int64

    /// A baseline record from its values.
    public init(position: Size, exchangeTime: Int64) {
        self.position = position
        self.exchangeTime = exchangeTime
    }
}

/// A position mismatch resolved by adopting the venue's position.
public struct PositionMismatchDecision: Hashable, Sendable {
    /// The engine's position before adopting.
    public var ours: Size
    /// The venue's position, adopted.
    public var exchange: Size
    /// The venue's time of the position (ms).
    public var exchangeTime: Int64

    /// A mismatch record from its values.
    public init(ours: Size, exchange: Size, exchangeTime: Int64) {
        self.ours = ours
        self.exchange = exchange
        self.exchangeTime = exchangeTime
    }
}

extension Decision {
    /// The record's reason: what a journal's `reason` field says.
    public var reason: String {
        switch self {
        case .quoteCycle(let cycle): return cycle.reason
        case .fill(let fill): return fill.kind.rawValue
        case .fillMarkout: return "fill_markout"
        case .killSwitch: return "kill_switch"
        case .killSwitchReset: return "kill_switch_reset"
        case .positionBaseline: return "position_baseline"
        case .positionMismatch: return "position_mismatch"
        case .note(let reason, _): return reason
        case .unlabeled: return ""
        }
    }

    /// The quote cycle, when this is one.
    public var quoteCycle: QuoteCycleDecision? {
        if case .quoteCycle(let cycle) = self { return cycle }
        return nil
    }
}
