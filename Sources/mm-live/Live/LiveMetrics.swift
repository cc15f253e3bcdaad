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
        metric("mm_commands_total", "Engine commands by kind", "counter",
               self.commands.sorted { $0.key < $1.key }.map { ("kind=\"\($0.key)\"", "\($0.value)") })
        let now = Clock.now()
        metric("mm_feed_age_seconds", "Seconds since the last book or trades per coin", "gauge",
               self.lastMarketData.sorted { $0.key < $1.key }.map { ("coin=\"\($0.key)\"", "\(Double(now - $0.value) / 1e9)") })
        if let headroom = self.headroom { metric("mm_rate_limit_headroom", "Share of the address request budget left", "gauge", [("", "\(headroom)")]) }
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
