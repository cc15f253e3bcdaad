/// Why the engine did what it did, typed: consumers switch on the kind and read named
/// properties, so renaming a field is a compile error rather than a silently missing
/// metric. The record's bytes and JSON are the generic rendering of these values
/// (`Decision.fields`), unchanged from the name/value form journals have always held.
public enum Decision: Hashable, Sendable {
    /// One quote cycle: the gate, the risk action, the spread chain, what was quoted.
    case quoteCycle(QuoteCycleDecision)
    /// A fill booked (or only remembered, inside the adopted baseline).
    case fill(FillDecision)
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
                toxicity: Double, headroom: Double, tier: HeadroomTier, probe: Bool, bids: Int64, asks: Int64, position: Size) {
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
