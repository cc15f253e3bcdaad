/// The generic name/value form of a typed decision: the one place the field names live.
/// Encoding, JSON and display walk `forEachField`; decoding parses the fields back with
/// `Decision(fields:)`, which takes a typed kind only when the fields are exactly that
/// kind's rendering, so every decoded record re-encodes to the same bytes.
extension Decision {
    /// Calls `body` with each field in record order, `reason` first.
    public func forEachField(_ body: (String, DecisionField.Value) -> Void) {
        if case .unlabeled(let fields) = self {
            for field in fields { body(field.name, field.value) }
            return
        }
        body("reason", .text(self.reason))
        switch self {
        case .quoteCycle(let c):
            body("gate", .text(c.gate.rawValue))
            body("risk_action", .text(c.riskAction.name))
            body("risk_monitor", .text(c.riskMonitor))
            if let m = c.model {
                body("mid", .real(m.mid))
                body("sigma", .real(m.sigma))
                body("kappa_eff", .real(m.kappaEffective))
                body("kappa_market", .real(m.kappaMarket))
                body("half_spread_bps", .real(m.halfSpreadBps))
                body("skew_bps", .real(m.skewBps))
                body("inventory", .real(m.inventory))
            }
            if let m = c.multipliers {
                body("mult_toxicity", .real(m.toxicity))
                body("mult_defensive", .real(m.defensive))
                body("mult_staleness", .real(m.staleness))
                body("mult_model", .real(m.model))
                body("mult_breaker", .real(m.breaker))
                body("mult_rate_limit", .real(m.rateLimit))
                body("mult_total", .real(m.total))
                body("shadow_bps", .real(m.shadowBps))
                body("additive_bps", .real(m.additiveBps))
            }
            if let g = c.signals {
                body("signal_bps", .real(g.adjustmentBps))
                body("edge_bps", .real(g.edgeBps))
                body("lead_lag_ms", .real(g.leadLagMilliseconds))
                body("lead_lag_corr", .real(g.leadLagCorrelation))
                body("lead_lag_bps", .real(g.leadLagBps))
                body("flow", .real(g.flowImbalance))
                body("flow_bps", .real(g.flowBps))
                body("ref_age_s", .real(g.referenceAgeSeconds))
                body("ref_quotes", .integer(g.referenceQuotes))
                body("ref_trades", .integer(g.referenceTrades))
                body("model_n", .integer(g.predictions))
                body("model_brier", .real(g.brier))
                body("model_hit_rate", .real(g.hitRate))
                body("model_ir", .real(g.informationRatio))
            }
            if let a = c.adverseBps { body("adverse_bps", .real(a)) }
            body("toxicity", .real(c.toxicity))
            body("headroom", .real(c.headroom))
            body("tier", .text(c.tier.rawValue))
            body("probe", .flag(c.probe))
            body("bids", .integer(c.bids))
            body("asks", .integer(c.asks))
            body("position", .size(c.position))
        case .fill(let f):
            body("cloid", .text(f.clientOrderID))
            body("tid", .integer(Int64(bitPattern: f.tradeID)))
            body("exchange_time", .integer(f.exchangeTime))
            body("booked", .flag(f.booked))
            if let position = f.position { body("position", .size(position)) }
        case .fillMarkout(let f):
            body("cloid", .text(f.clientOrderID))
            body("side", .text(f.side.wireCode))
            body("px", .real(f.price))
            body("mid", .real(f.mid))
            body("gross_edge_bps", .real(f.grossEdgeBps))
            body("markout_1s_bps", .real(f.markout1sBps))
            body("markout_5s_bps", .real(f.markout5sBps))
            body("markout_30s_bps", .real(f.markout30sBps))
            body("markout_60s_bps", .real(f.markout60sBps))
        case .killSwitch(let k):
            body("kill_reason", .text(k.trigger))
            body("reasons", .text(k.reasons.joined(separator: ",")))
        case .killSwitchReset(let r):
            body("cleared", .text(r.cleared))
            body("tripped_at", .integer(r.trippedAt))
            body("forced", .flag(r.forced))
            if let despite = r.despite { body("despite", .text(despite)) }
        case .positionBaseline(let b):
            body("position", .size(b.position))
            body("exchange_time", .integer(b.exchangeTime))
        case .positionMismatch(let m):
            body("ours", .size(m.ours))
            body("exchange", .size(m.exchange))
            body("exchange_time", .integer(m.exchangeTime))
        case .note(_, let details):
            for field in details { body(field.name, field.value) }
        case .unlabeled: break
        }
    }

    /// The fields in record order, `reason` first (for display and tests).
    public var fields: [DecisionField] {
        var fields: [DecisionField] = []
        self.forEachField { fields.append(DecisionField($0, $1)) }
        return fields
    }

    /// The typed decision the fields render, or a `.note` when they are not exactly
    /// one kind's rendering (a record from another engine version, a hand-made one),
    /// or `.unlabeled` when they do not start with a text `reason`.
    public init(fields: [DecisionField]) {
        guard let first = fields.first, first.name == "reason", case .text(let reason) = first.value else {
            self = .unlabeled(fields)
            return
        }
        var cursor = DecisionFieldCursor(fields: fields, index: 1)
        let parsed: Decision?
        switch reason {
        case "kill_switch": parsed = cursor.killSwitch()
        case "fill_markout": parsed = cursor.fillMarkout()
        case "kill_switch_reset": parsed = cursor.killSwitchReset()
        case "position_baseline": parsed = cursor.positionBaseline()
        case "position_mismatch": parsed = cursor.positionMismatch()
        default:
            if let kind = FillDecision.Kind(rawValue: reason) { parsed = cursor.fill(kind) } else { parsed = cursor.quoteCycle(reason: reason) }
        }
        if let parsed, cursor.atEnd {
            self = parsed
        } else {
            self = .note(reason: reason, details: Array(fields.dropFirst()))
        }
    }
}

/// Reads decision fields in order, each by expected name and kind.
struct DecisionFieldCursor {
    let fields: [DecisionField]
    var index: Int

    var atEnd: Bool { self.index == self.fields.count }

    private mutating func take(_ name: String) -> DecisionField.Value? {
        guard self.index < self.fields.count, self.fields[self.index].name == name else { return nil }
        self.index += 1
        return self.fields[self.index - 1].value
    }
    mutating func text(_ name: String) -> String? { if case .text(let v)? = self.take(name) { v } else { nil } }
    mutating func real(_ name: String) -> Double? { if case .real(let v)? = self.take(name) { v } else { nil } }
    mutating func integer(_ name: String) -> Int64? { if case .integer(let v)? = self.take(name) { v } else { nil } }
    mutating func size(_ name: String) -> Size? { if case .size(let v)? = self.take(name) { v } else { nil } }
    mutating func flag(_ name: String) -> Bool? { if case .flag(let v)? = self.take(name) { v } else { nil } }
    var next: String? { self.index < self.fields.count ? self.fields[self.index].name : nil }

    mutating func quoteCycle(reason: String) -> Decision? {
        guard let gate = self.text("gate").flatMap(QuoteCycleDecision.Gate.init(rawValue:)),
              let actionName = self.text("risk_action"), let action = RiskAction.allCases.first(where: { $0.name == actionName }),
              let monitor = self.text("risk_monitor") else { return nil }
        var model: QuoteCycleDecision.Model?
        if self.next == "mid" {
            guard let mid = self.real("mid"), let sigma = self.real("sigma"), let kappa = self.real("kappa_eff"),
                  let market = self.real("kappa_market"), let half = self.real("half_spread_bps"), let skew = self.real("skew_bps"),
                  let inventory = self.real("inventory") else { return nil }
            model = .init(mid: mid, sigma: sigma, kappaEffective: kappa, kappaMarket: market, halfSpreadBps: half, skewBps: skew, inventory: inventory)
        }
        var multipliers: QuoteCycleDecision.Multipliers?
        if self.next == "mult_toxicity" {
            guard let toxicity = self.real("mult_toxicity"), let defensive = self.real("mult_defensive"),
                  let staleness = self.real("mult_staleness"), let modelGating = self.real("mult_model"),
                  let breaker = self.real("mult_breaker"), let rateLimit = self.real("mult_rate_limit"), let total = self.real("mult_total"),
                  let shadow = self.real("shadow_bps"), let additive = self.real("additive_bps") else { return nil }
            multipliers = .init(toxicity: toxicity, defensive: defensive, staleness: staleness, model: modelGating, breaker: breaker,
                                rateLimit: rateLimit, total: total, shadowBps: shadow, additiveBps: additive)
        }
        var signals: QuoteCycleDecision.Signals?
        if self.next == "signal_bps" {
            guard let adjustment = self.real("signal_bps"), let edge = self.real("edge_bps"), let lag = self.real("lead_lag_ms"),
                  let correlation = self.real("lead_lag_corr"), let leadLag = self.real("lead_lag_bps"), let flow = self.real("flow"),
                  let flowBps = self.real("flow_bps"), let age = self.real("ref_age_s"), let quotes = self.integer("ref_quotes"),
                  let trades = self.integer("ref_trades"), let n = self.integer("model_n"), let brier = self.real("model_brier"),
                  let hitRate = self.real("model_hit_rate"), let ir = self.real("model_ir") else { return nil }
            signals = .init(adjustmentBps: adjustment, edgeBps: edge, leadLagMilliseconds: lag, leadLagCorrelation: correlation,
                            leadLagBps: leadLag, flowImbalance: flow, flowBps: flowBps, referenceAgeSeconds: age, referenceQuotes: quotes,
                            referenceTrades: trades, predictions: n, brier: brier, hitRate: hitRate, informationRatio: ir)
        }
        var adverse: Double?
        if self.next == "adverse_bps" {
            guard let value = self.real("adverse_bps") else { return nil }
            adverse = value
        }
        guard let toxicity = self.real("toxicity"), let headroom = self.real("headroom"),
              let tier = self.text("tier").flatMap(HeadroomTier.init(rawValue:)), let probe = self.flag("probe"),
              let bids = self.integer("bids"), let asks = self.integer("asks"), let position = self.size("position") else { return nil }
        return .quoteCycle(QuoteCycleDecision(reason: reason, gate: gate, riskAction: action, riskMonitor: monitor, model: model,
                                              multipliers: multipliers, toxicity: toxicity, headroom: headroom, tier: tier,
                                              probe: probe, bids: bids, asks: asks, position: position,
                                              signals: signals, adverseBps: adverse))
    }

    mutating func fillMarkout() -> Decision? {
        guard let cloid = self.text("cloid"), let sideCode = self.text("side"), let side = Side(wireCode: sideCode),
              let price = self.real("px"), let mid = self.real("mid"), let gross = self.real("gross_edge_bps"),
              let m1 = self.real("markout_1s_bps"), let m5 = self.real("markout_5s_bps"), let m30 = self.real("markout_30s_bps"),
              let m60 = self.real("markout_60s_bps") else { return nil }
        return .fillMarkout(FillMarkoutDecision(clientOrderID: cloid, side: side, price: price, mid: mid, grossEdgeBps: gross,
                                                markout1sBps: m1, markout5sBps: m5, markout30sBps: m30, markout60sBps: m60))
    }

    mutating func fill(_ kind: FillDecision.Kind) -> Decision? {
        guard let cloid = self.text("cloid"), let tid = self.integer("tid"), let time = self.integer("exchange_time"),
              let booked = self.flag("booked") else { return nil }
        let position = self.next == "position" ? self.size("position") : nil
        return .fill(FillDecision(kind: kind, clientOrderID: cloid, tradeID: UInt64(bitPattern: tid), exchangeTime: time,
                                  booked: booked, position: position))
    }

    mutating func killSwitch() -> Decision? {
        guard let trigger = self.text("kill_reason"), let names = self.text("reasons") else { return nil }
        let reasons = names.isEmpty ? [] : names.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return .killSwitch(KillSwitchDecision(trigger: trigger, reasons: reasons))
    }

    mutating func killSwitchReset() -> Decision? {
        guard let cleared = self.text("cleared"), let trippedAt = self.integer("tripped_at"), let forced = self.flag("forced") else { return nil }
        let despite = self.next == "despite" ? self.text("despite") : nil
        return .killSwitchReset(KillSwitchResetDecision(cleared: cleared, trippedAt: trippedAt, forced: forced, despite: despite))
    }

    mutating func positionBaseline() -> Decision? {
        guard let position = self.size("position"), let time = self.integer("exchange_time") else { return nil }
        return .positionBaseline(PositionBaselineDecision(position: position, exchangeTime: time))
    }

    mutating func positionMismatch() -> Decision? {
        guard let ours = self.size("ours"), let exchange = self.size("exchange"), let time = self.integer("exchange_time") else { return nil }
        return .positionMismatch(PositionMismatchDecision(ours: ours, exchange: exchange, exchangeTime: time))
    }
}
