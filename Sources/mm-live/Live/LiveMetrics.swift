import Engine
import Live
import Prometheus

/// The figures `/metrics` shows: kept as plain values while the session runs, and
/// published into a swift-prometheus registry, which renders the exposition text, when
/// the endpoint's text is refreshed.
struct LiveMetrics: Sendable {
    /// The registry `render(state:)` publishes into.
    let registry = PrometheusCollectorRegistry()
    /// The totals already added to each counter (keyed by name and labels), so a total
    /// is published as the increment since the previous refresh.
    private var publishedTotals: [String: UInt64] = [:]
    /// The tier label published per coin (the gauge of a tier left behind is removed).
    private var publishedTiers: [String: String] = [:]
    var frames: UInt64 = 0
    var lastMarketData: [String: Int64] = [:]
    var commands: [String: UInt64] = [:]
    var journalRecords: UInt64 = 0
    var wireErrors: UInt64 = 0
    var inputs: UInt64 = 0
    var headroom: Double?
    var lastTime: Int64 = 0
    /// The multiplier chain and tier of each coin's latest quote cycle (decision records).
    var multipliers: [String: [(stage: String, value: Double)]] = [:]
    var tiers: [String: String] = [:]
    var journalBytes: UInt64 = 0

    /// Keeps the spread multipliers and headroom tier a decision record reports.
    mutating func observe(_ command: Command) {
        guard case .decision(let record) = command, case .quoteCycle(let cycle) = record.decision else { return }
        self.observe(cycle, coin: record.coin)
    }

    /// Keeps the spread multipliers and headroom tier of one quote cycle.
    mutating func observe(_ cycle: QuoteCycleDecision, coin: String) {
        self.tiers[coin] = cycle.tier.rawValue
        self.headroom = cycle.headroom
        if let chain = cycle.multipliers {
            self.multipliers[coin] = chain.stages
            self.modelGating[coin] = chain.model
        }
        if let signals = cycle.signals { self.signals[coin] = signals }
    }

    var unknownOutcomes: UInt64 = 0
    var reconnects: UInt64 = 0
    var safety: SafetyCounters?
    var requestsInFlight = 0
    var flatAtVenue = true
    /// The reference feed: whether the session reads one, whether it is connected, when
    /// each coin's reference data last arrived, and its frame counters.
    var referenceEnabled = false
    var referenceConnected = false
    var lastReferenceData: [String: Int64] = [:]
    var referenceFrames: UInt64 = 0
    var referenceDecodeErrors: UInt64 = 0
    var referenceIgnored: UInt64 = 0
    var referenceReconnects: UInt64 = 0
    /// Each coin's latest cross-venue signals and model-gating multiplier (quote-cycle
    /// decision records), and its fill markouts.
    var signals: [String: QuoteCycleDecision.Signals] = [:]
    var modelGating: [String: Double] = [:]
    var markouts: [String: MarkoutWindow] = [:]

    mutating func update(from driver: LiveDriver) {
        let session = driver.session
        self.commands = session.commandCounts
        self.journalRecords = session.journalRecordsWritten
        self.wireErrors = driver.counters.wireErrors
        self.frames = driver.counters.frames
        self.inputs = session.inputs
        self.lastTime = session.lastTime
        self.unknownOutcomes = driver.counters.unknownOutcomes
        self.reconnects = driver.counters.reconnects
        self.safety = driver.engine.safetyCounters
        self.requestsInFlight = driver.requestsInFlight
        self.flatAtVenue = driver.engine.isFlatAtVenue
        self.lastMarketData = driver.lastMarketData
        self.referenceEnabled = driver.hasReferenceFeed
        self.referenceConnected = driver.isReferenceConnected
        self.lastReferenceData = driver.lastReferenceData
        self.referenceFrames = driver.counters.referenceFrames
        self.referenceDecodeErrors = driver.counters.referenceDecodeErrors
        self.referenceIgnored = driver.counters.referenceIgnored
        self.referenceReconnects = driver.counters.referenceReconnects
        self.markouts = driver.markouts
        if let headroom = driver.headroom { self.headroom = headroom }
        for (coin, cycle) in driver.latestDecisions.sorted(by: { $0.key < $1.key }) { self.observe(cycle, coin: coin) }
    }

    /// Publishes every figure into the registry and returns the exposition text.
    mutating func render(state: EngineState?) -> String {
        self.total("mm_frames_total", "WebSocket frames received", self.frames)
        self.total("mm_inputs_total", "Engine inputs journaled", self.inputs)
        self.total("mm_wire_errors_total", "Frames that failed to decode (kept in the journal)", self.wireErrors)
        self.gauge("mm_journal_records", "Records written to the journal", Double(self.journalRecords))
        self.gauge("mm_journal_bytes", "Bytes of the journal on disk", Double(self.journalBytes))
        for (kind, count) in self.commands.sorted(by: { $0.key < $1.key }) {
            self.total("mm_commands_total", "Engine commands by kind", count, labels: [("kind", kind)])
        }
        let now = Clock.now()
        for (coin, time) in self.lastMarketData.sorted(by: { $0.key < $1.key }) {
            self.gauge("mm_feed_age_seconds", "Seconds since the last book or trades per coin", (Timestamp(now) - Timestamp(time)).seconds, labels: [("coin", coin)])
        }
        self.renderReference(now: now)
        self.renderSignals()
        if let headroom = self.headroom {
            self.gauge("mm_rate_limit_headroom", "Share of the address request budget left", headroom)
        }
        for (coin, tier) in self.tiers.sorted(by: { $0.key < $1.key }) {
            let help = "The quote gate's headroom tier per coin (1 for the current tier)"
            if let previous = self.publishedTiers[coin], previous != tier {
                self.registry.unregisterGauge(self.registry.makeGauge(name: "mm_headroom_tier", labels: [("coin", coin), ("tier", previous)], help: help))
            }
            self.publishedTiers[coin] = tier
            self.gauge("mm_headroom_tier", help, 1, labels: [("coin", coin), ("tier", tier)])
        }
        for (coin, chain) in self.multipliers.sorted(by: { $0.key < $1.key }) {
            for (stage, value) in chain {
                self.gauge("mm_spread_multiplier", "Spread multipliers of the latest quote cycle per coin and stage (total = product, capped)",
                           value, labels: [("coin", coin), ("stage", stage)])
            }
        }
        self.total("mm_unknown_outcomes_total", "Requests whose answer was lost (the venue was asked what happened)", self.unknownOutcomes)
        self.total("mm_feed_reconnects_total", "Feed reconnects scheduled", self.reconnects)
        self.gauge("mm_requests_in_flight", "Exchange requests sent and not answered", Double(self.requestsInFlight))
        self.gauge("mm_flat_at_venue", "While killed or shutting down: 1 once the venue lists nothing of ours (always 1 otherwise)", self.flatAtVenue ? 1 : 0)
        if let safety = self.safety {
            self.total("mm_reconciliation_fixes_total", "Differences with the venue resolved (orders cancelled, dropped, found; positions corrected)", safety.reconciliationFixes)
            self.total("mm_position_corrections_total", "Positions adopted from the venue after a confirmed mismatch", safety.positionCorrections)
            self.total("mm_fills_booked_total", "Fills that moved the position", safety.fillsBooked)
        }
        if let state {
            self.gauge("mm_daily_pnl", "Today's PnL (since UTC midnight of the session's clock)", state.dailyPnl)
            self.gauge("mm_drawdown", "(peak PnL - PnL) / account value (0 while the peak is below min_peak_for_drawdown)", state.drawdown ?? 0)
            self.gauge("mm_cascade_severity", "Liquidation-cascade severity (pull at 0.8, kill at 5)", state.cascadeSeverity)
            for reason in KillReasonNames.all {
                self.gauge("mm_kill_reason", "1 for each reason the kill switch is latched for", state.killReasons.contains(reason) ? 1 : 0, labels: [("reason", reason)])
            }
            self.gauge("mm_kill_switch_triggered", "1 when the kill switch is latched", state.killReason == nil ? 0 : 1)
            self.gauge("mm_paused", "1 when paused by the operator", state.paused ? 1 : 0)
            self.gauge("mm_pnl_total", "Total PnL (quote currency)", state.totalPnl)
            for coin in state.coins {
                let labels = [("coin", coin.name)]
                self.gauge("mm_position", "Position per coin", coin.position.doubleValue, labels: labels)
                self.gauge("mm_open_orders", "Open orders per coin", Double(coin.openOrders), labels: labels)
                self.gauge("mm_sigma", "Volatility estimate per coin", coin.sigma, labels: labels)
                self.gauge("mm_toxicity", "Order-flow toxicity per coin", coin.toxicity, labels: labels)
            }
        }
        return self.registry.emitToString()
    }

    /// The reference feed's figures (only for a session that reads one).
    private mutating func renderReference(now: Int64) {
        guard self.referenceEnabled else { return }
        self.gauge("mm_reference_connected", "1 while the reference feed (Binance) is connected", self.referenceConnected ? 1 : 0)
        for (coin, time) in self.lastReferenceData.sorted(by: { $0.key < $1.key }) {
            self.gauge("mm_reference_age_seconds", "Seconds since the last reference quote or trade per coin", (Timestamp(now) - Timestamp(time)).seconds,
                       labels: [("coin", coin)])
        }
        self.total("mm_reference_frames_total", "Reference feed frames received", self.referenceFrames)
        self.total("mm_reference_decode_errors_total", "Reference frames that failed to decode (kept in the journal)", self.referenceDecodeErrors)
        self.total("mm_reference_ignored_total", "Reference frames with nothing for the engine (replies, other streams, unmapped symbols)", self.referenceIgnored)
        self.total("mm_reference_reconnects_total", "Reference feed reconnects scheduled", self.referenceReconnects)
    }

    /// The signals of each coin's latest quote cycle, the model-gating multiplier and the
    /// fill markouts.
    private mutating func renderSignals() {
        for (coin, signals) in self.signals.sorted(by: { $0.key < $1.key }) {
            let labels = [("coin", coin)]
            self.gauge("mm_signal_adjustment_bps", "Fair-value shift the signals applied in the latest quote cycle (bps, capped)", signals.adjustmentBps, labels: labels)
            self.gauge("mm_signal_edge_bps", "The signals' combined predicted move (bps, uncapped)", signals.edgeBps, labels: labels)
            self.gauge("mm_lead_lag_ms", "Estimated lead of the reference venue (ms)", signals.leadLagMilliseconds, labels: labels)
            self.gauge("mm_lead_lag_correlation", "Correlation at the estimated lead", signals.leadLagCorrelation, labels: labels)
            self.gauge("mm_flow_imbalance", "Reference venue's signed trade imbalance (-1...1)", signals.flowImbalance, labels: labels)
            self.gauge("mm_signal_reference_age_seconds", "Seconds since the latest reference data, as the engine saw it", signals.referenceAgeSeconds, labels: labels)
            self.gauge("mm_model_brier", "Brier score of the signal model's scored predictions (0.25: a coin flip)", signals.brier, labels: labels)
            self.gauge("mm_model_hit_rate", "Share of the signal model's predictions with the right sign", signals.hitRate, labels: labels)
            self.gauge("mm_model_information_ratio", "Information ratio of the signal model's predictions", signals.informationRatio, labels: labels)
            self.gauge("mm_model_predictions", "Scored predictions in the calibration window", Double(signals.predictions), labels: labels)
        }
        for (coin, value) in self.modelGating.sorted(by: { $0.key < $1.key }) {
            self.gauge("mm_model_gating_mult", "Model-gating spread multiplier of the latest quote cycle", value, labels: [("coin", coin)])
        }
        for (coin, window) in self.markouts.sorted(by: { $0.key < $1.key }) {
            self.total("mm_fill_markouts_total", "Fills whose 60 s markout is known", window.count, labels: [("coin", coin)])
            for (seconds, bps) in window.meanBps {
                self.gauge("mm_fill_markout_bps", "Mean markout of the latest \(MarkoutWindow.capacity) fills per horizon (bps, positive in our favour)", bps,
                           labels: [("coin", coin), ("horizon", "\(seconds)s")])
            }
        }
    }

    private func gauge(_ name: String, _ help: String, _ value: Double, labels: [(String, String)] = []) {
        self.registry.makeGauge(name: name, labels: labels, help: help).set(value)
    }

    /// Publishes a running total as a counter (the increment since the last refresh).
    private mutating func total(_ name: String, _ help: String, _ value: UInt64, labels: [(String, String)] = []) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let published = self.publishedTotals[key] ?? 0
        let counter = self.registry.makeCounter(name: name, labels: labels, help: help)
        if value > published { counter.increment(by: Int64(value - published)) }
        self.publishedTotals[key] = value
    }
}

/// Every kill reason's name, for the `mm_kill_reason{reason}` gauges.
enum KillReasonNames {
    static let all = ["MaxLoss", "MaxDrawdown", "MaxPosition", "PositionRunaway", "StaleData", "RateLimit", "CascadeDetected", "Manual",
                      "LiquidationDetected", "PriceVelocity", "PositionVelocity"]
}
