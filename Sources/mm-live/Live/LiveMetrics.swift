import Engine
import Live

/// The figures `/metrics` shows, in Prometheus text format.
struct LiveMetrics: Sendable {
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
        guard case .decision(let record) = command, record.fields.contains(where: { $0.name == "gate" }) else { return }
        var stages: [(stage: String, value: Double)] = []
        for field in record.fields {
            if field.name.hasPrefix("mult_"), case .real(let value) = field.value { stages.append((String(field.name.dropFirst(5)), value)) }
            if field.name == "tier", case .text(let tier) = field.value { self.tiers[record.coin] = tier }
            if field.name == "headroom", case .real(let value) = field.value { self.headroom = value }
        }
        if !stages.isEmpty { self.multipliers[record.coin] = stages }
    }

    mutating func observe(_ event: Event) {
        switch event {
        case .book(let book): self.lastMarketData[book.coin] = Clock.now()
        case .trades(let batch): self.lastMarketData[batch.coin] = Clock.now()
        case .rateLimit(let status): self.headroom = status.cap > 0 ? max(0, 1 - Double(status.used) / Double(status.cap)) : nil
        default: break
        }
    }

    mutating func update(from session: LiveSession) {
        self.commands = session.commandCounts
        self.journalRecords = session.journalRecordsWritten
        self.wireErrors = session.wireErrors
        self.inputs = session.inputs
        self.lastTime = session.lastTime
    }

    /// The Prometheus exposition text.
    func render(state: EngineState?) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String = "gauge", _ samples: [(labels: String, value: String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples { lines.append("\(name)\(sample.labels.isEmpty ? "" : "{\(sample.labels)}") \(sample.value)") }
        }
        metric("mm_frames_total", "WebSocket frames received", "counter", [("", "\(self.frames)")])
        metric("mm_inputs_total", "Engine inputs journaled", "counter", [("", "\(self.inputs)")])
        metric("mm_wire_errors_total", "Frames that failed to decode (kept in the journal)", "counter", [("", "\(self.wireErrors)")])
        metric("mm_journal_records", "Records written to the journal", "gauge", [("", "\(self.journalRecords)")])
        metric("mm_journal_bytes", "Bytes of the journal on disk", "gauge", [("", "\(self.journalBytes)")])
        metric("mm_commands_total", "Engine commands by kind", "counter",
               self.commands.sorted { $0.key < $1.key }.map { ("kind=\"\($0.key)\"", "\($0.value)") })
        let now = Clock.now()
        metric("mm_feed_age_seconds", "Seconds since the last book or trades per coin", "gauge",
               self.lastMarketData.sorted { $0.key < $1.key }.map { ("coin=\"\($0.key)\"", "\(Double(now - $0.value) / 1e9)") })
        if let headroom = self.headroom { metric("mm_rate_limit_headroom", "Share of the address request budget left", "gauge", [("", "\(headroom)")]) }
        metric("mm_headroom_tier", "The quote gate's headroom tier per coin (1 for the current tier)", "gauge",
               self.tiers.sorted { $0.key < $1.key }.map { ("coin=\"\($0.key)\",tier=\"\($0.value)\"", "1") })
        var stages: [(labels: String, value: String)] = []
        for (coin, chain) in self.multipliers.sorted(by: { $0.key < $1.key }) {
            for (stage, value) in chain { stages.append(("coin=\"\(coin)\",stage=\"\(stage)\"", "\(value)")) }
        }
        metric("mm_spread_multiplier", "Spread multipliers of the latest quote cycle per coin and stage (total = product, capped)", "gauge", stages)
        if let state {
            metric("mm_kill_switch_triggered", "1 when the kill switch is latched", "gauge", [("", state.killReason == nil ? "0" : "1")])
            metric("mm_paused", "1 when paused by the operator", "gauge", [("", state.paused ? "1" : "0")])
            metric("mm_pnl_total", "Total PnL (quote currency)", "gauge", [("", "\(state.totalPnl)")])
            metric("mm_position", "Position per coin", "gauge", state.coins.map { ("coin=\"\($0.name)\"", $0.position) })
            metric("mm_open_orders", "Open orders per coin", "gauge", state.coins.map { ("coin=\"\($0.name)\"", "\($0.openOrders)") })
            metric("mm_sigma", "Volatility estimate per coin", "gauge", state.coins.map { ("coin=\"\($0.name)\"", "\($0.sigma)") })
            metric("mm_toxicity", "Order-flow toxicity per coin", "gauge", state.coins.map { ("coin=\"\($0.name)\"", "\($0.toxicity)") })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
