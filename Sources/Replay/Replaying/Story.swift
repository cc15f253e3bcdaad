import Foundation
import Engine

/// One line of a replay's story.
public struct StoryEntry: Sendable, Equatable {
    public var seq: UInt64
    public var time: Int64
    public var what: String
}

/// Builds the compact timeline of what mattered in a run: quote-gate changes, risk
/// action changes, kill-switch triggers and resets, position spikes, reconnects and
/// market data coming back after a gap, late and orphan fills (with their side, price,
/// size and order), reconciliation mismatches (with both positions). Each line answers
/// the reader's next question where the journal can. Bounded: past `limit` entries it
/// only counts.
public struct StoryBuilder {
    public private(set) var entries: [StoryEntry] = []
    /// Entries not kept because of the limit.
    public private(set) var omitted = 0
    /// Kill-switch triggers: (seq, time, reason).
    public private(set) var killSwitchTriggers: [StoryEntry] = []
    let limit: Int
    let config: EngineConfig
    private var lastReason: [String: String] = [:]
    private var lastRisk: [String: String] = [:]
    private var lastPosition: [String: Size] = [:]
    /// The fill the current input carried: its decision records name it by trade id.
    private var lastFill: Fill?
    /// Gaps in the market data and feed outages (the config's stale-data threshold).
    public private(set) var gaps: DataGapDetector

    public init(config: EngineConfig, limit: Int = 500) {
        self.config = config
        self.limit = limit
        self.gaps = DataGapDetector(thresholdSeconds: config.gates.dataStaleGateSeconds)
    }

    private mutating func add(_ seq: UInt64, _ time: Int64, _ what: String) {
        if self.entries.count < self.limit { self.entries.append(StoryEntry(seq: seq, time: time, what: what)) } else { self.omitted += 1 }
    }

    /// Looks at an input event.
    public mutating func observe(_ event: Event, seq: UInt64, time: Int64) {
        switch event {
        case .book(let book):
            if let gap = self.gaps.book(coin: book.coin, at: time, exchangeTime: book.exchangeTime) {
                self.add(seq, time, "\(book.coin): market data back after \(DataGapDetector.seconds(gap.end - gap.start)) without a book (last at \(ClockText.timeOfDay(gap.start, milliseconds: true)))")
            }
        case .fill(let fill):
            self.lastFill = fill
        case .connection(let c):
            switch c.state {
            case .connected:
                let outage = self.gaps.connected(feed: c.feed, at: time)
                self.add(seq, time, "feed \(c.feed): connected" + (outage.map { " (down \(DataGapDetector.seconds($0.end - $0.start)))" } ?? ""))
            case .disconnected(let reason):
                self.gaps.disconnected(feed: c.feed, at: time, why: reason)
                self.add(seq, time, "feed \(c.feed): disconnected (\(reason))")
            case .reconnecting(let attempt): self.add(seq, time, "feed \(c.feed): reconnecting, attempt \(attempt)")
            case .failed(let reason):
                self.gaps.disconnected(feed: c.feed, at: time, why: reason)
                self.add(seq, time, "feed \(c.feed): failed (\(reason))")
            }
        default: break
        }
        if case .operator(let action) = event {
            switch action {
            case .kill(let reason): self.add(seq, time, "operator: kill (\(reason))")
            case .resetKillSwitch: self.add(seq, time, "operator: reset kill switch")
            case .forceResetKillSwitch: self.add(seq, time, "operator: force-reset kill switch")
            case .pause: self.add(seq, time, "operator: pause")
            case .resume: self.add(seq, time, "operator: resume")
            case .configChange(let path, let value): self.add(seq, time, "operator: \(path) = \(value)")
            case .shutdown(let reason): self.add(seq, time, "operator: shutdown (\(reason))")
            }
        }
    }

    /// Looks at a command the engine emitted for the input stamped `seq`, `time`.
    public mutating func observe(_ command: Command, seq: UInt64, time: Int64) {
        guard case .decision(let record) = command else { return }
        func text(_ name: String) -> String? {
            if case .text(let v)? = record.fields.first(where: { $0.name == name })?.value { return v }
            return nil
        }
        let coin = record.coin
        guard let reason = text("reason") else { return }
        switch reason {
        case "kill_switch":
            let why = text("kill_reason") ?? "?"
            // One trip, recorded once per coin: listed once.
            let trip = StoryEntry(seq: seq, time: time, what: why)
            if self.killSwitchTriggers.last != trip {
                self.killSwitchTriggers.append(trip)
                self.add(seq, time, "KILL SWITCH \(why): every order cancelled; latched until an operator reset")
            }
            return
        case "kill_switch_reset", "venue_flat", "shutdown":
            let line = reason == "kill_switch_reset" ? "kill switch reset" : reason == "venue_flat" ? "venue confirms no open orders" : "shutdown: cancelling everything"
            if self.entries.last.map({ $0.seq != seq || $0.what != line }) ?? true { self.add(seq, time, line) }
            return
        case "late_fill", "orphan_fill":
            self.add(seq, time, "\(coin): \(reason.replacingUnderscores): " + self.fillDetails(record))
            return
        case "position_mismatch":
            let ours = record.fields.first { $0.name == "ours" }.map { Self.text($0.value) } ?? "?"
            let exchange = record.fields.first { $0.name == "exchange" }.map { Self.text($0.value) } ?? "?"
            self.add(seq, time, "\(coin): position mismatch: ours \(ours), exchange \(exchange); the exchange's adopted")
            return
        case "order_missing", "unknown_order", "lost_order_found", "lost_order_ended",
             "lost_order_forgotten", "orphans_adopted", "orphans_cancelled", "config_change", "config_change_refused", "kill_switch_reset_refused",
             "feed_stale":
            let details = record.fields.filter { $0.name != "reason" }.map { "\($0.name.replacingUnderscores) \(Self.text($0.value))" }
            self.add(seq, time, "\(coin): \(reason.replacingUnderscores)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"))
            return
        default:
            // Other notes (fills, baselines) are not quote cycles.
            guard record.fields.contains(where: { $0.name == "gate" }) else { return }
        }
        if self.lastReason[coin] != reason {
            self.add(seq, time, "\(coin): quoting \(self.lastReason[coin] ?? "start") -> \(reason)")
            self.lastReason[coin] = reason
        }
        // While the kill switch is latched the monitors are not consulted (the cycle
        // stops at the switch): no risk transition to tell.
        if reason != "killed", let risk = text("risk_action") {
            let label = risk == "normal" ? risk : "\(risk) (\(text("risk_monitor") ?? "?"))"
            if self.lastRisk[coin] != label {
                if self.lastRisk[coin] != nil || risk != "normal" { self.add(seq, time, "\(coin): risk \(self.lastRisk[coin] ?? "normal") -> \(label)") }
                self.lastRisk[coin] = label
            }
        }
        if case .size(let position)? = record.fields.first(where: { $0.name == "position" })?.value {
            let previous = self.lastPosition[coin] ?? .zero
            let limit = self.config.coin(named: coin)?.maxInventory.rawValue ?? Int64.max
            if (position.rawValue - previous.rawValue).magnitude * 2 >= UInt64(max(limit, 1)) {
                self.add(seq, time, "\(coin): position spike \(previous) -> \(position)")
            }
            self.lastPosition[coin] = position
        }
    }
}

extension StoryBuilder {
    /// "sell 0.001 @ 104950, order 0x4d4d… (oid 1000004), booked; position now -0.001":
    /// the fill of the current input that `record` names by trade id.
    func fillDetails(_ record: DecisionRecord) -> String {
        var parts: [String] = []
        let tid = record.fields.first { $0.name == "tid" }?.value
        if let fill = self.lastFill, tid == .integer(Int64(bitPattern: fill.tradeID)) {
            parts.append("\(fill.side == .bid ? "buy" : "sell") \(fill.size) @ \(fill.price)")
            parts.append("order " + (fill.clientOrderID.map { "\($0) (oid \(fill.orderID))" } ?? "oid \(fill.orderID) (no client id)"))
        } else if case .text(let cloid)? = record.fields.first(where: { $0.name == "cloid" })?.value {
            parts.append("order \(cloid)")
        }
        if let booked = record.fields.first(where: { $0.name == "booked" })?.value { parts.append(booked == .flag(true) ? "booked" : "not booked") }
        if let position = record.fields.first(where: { $0.name == "position" })?.value, !parts.isEmpty {
            parts[parts.count - 1] += "; position now \(Self.text(position))"
        }
        return parts.joined(separator: ", ")
    }

    /// A decision field's value as the story prints it.
    static func text(_ value: DecisionField.Value) -> String {
        switch value {
        case .integer(let v): return "\(v)"
        case .price(let v): return "\(v)"
        case .size(let v): return "\(v)"
        case .amount(let v): return "\(v)"
        case .real(let v): return String(format: "%.2f", v)
        case .text(let v): return v
        case .flag(let v): return v ? "yes" : "no"
        }
    }
}

extension String {
    /// The text with every underscore shown as a space ("wide_spread" -> "wide spread").
    package var replacingUnderscores: String { String(self.map { $0 == "_" ? " " : $0 }) }
}
