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
        let coin = record.coin
        switch record.decision {
        case .killSwitch(let trip):
            // One trip, recorded once per coin: listed once.
            let entry = StoryEntry(seq: seq, time: time, what: trip.trigger)
            if self.killSwitchTriggers.last != entry {
                self.killSwitchTriggers.append(entry)
                self.add(seq, time, "KILL SWITCH \(trip.trigger): every order cancelled; latched until an operator reset")
            }
        case .killSwitchReset:
            self.once(seq, time, "kill switch reset")
        case .fill(let fill):
            guard fill.kind == .late || fill.kind == .orphan else { return }
            self.add(seq, time, "\(coin): \(fill.kind.rawValue.replacingUnderscores): " + self.fillDetails(fill))
        case .positionMismatch(let mismatch):
            self.add(seq, time, "\(coin): position mismatch: ours \(mismatch.ours), exchange \(mismatch.exchange); the exchange's adopted")
        case .quoteCycle(let cycle):
            self.observe(cycle, coin: coin, seq: seq, time: time)
        case .note(let reason, let details):
            switch reason {
            case "venue_flat": self.once(seq, time, "venue confirms no open orders")
            case "shutdown": self.once(seq, time, "shutdown: cancelling everything")
            case "order_missing", "unknown_order", "lost_order_found", "lost_order_ended",
                 "lost_order_forgotten", "orphans_adopted", "orphans_cancelled", "config_change", "config_change_refused",
                 "kill_switch_reset_refused", "feed_stale":
                let text = details.map { "\($0.name.replacingUnderscores) \(Self.text($0.value))" }
                self.add(seq, time, "\(coin): \(reason.replacingUnderscores)" + (text.isEmpty ? "" : " (\(text.joined(separator: ", ")))"))
            default:
                break
            }
        case .positionBaseline, .fillMarkout, .unlabeled:
            break
        }
    }

    /// Adds `line` unless the previous entry is the same line for the same input (a note
    /// recorded once per coin).
    private mutating func once(_ seq: UInt64, _ time: Int64, _ line: String) {
        if self.entries.last.map({ $0.seq != seq || $0.what != line }) ?? true { self.add(seq, time, line) }
    }

    /// Gate changes, risk transitions and position spikes of one quote cycle.
    private mutating func observe(_ cycle: QuoteCycleDecision, coin: String, seq: UInt64, time: Int64) {
        let reason = cycle.reason
        if self.lastReason[coin] != reason {
            self.add(seq, time, "\(coin): quoting \(self.lastReason[coin] ?? "start") -> \(reason)")
            self.lastReason[coin] = reason
        }
        // While the kill switch is latched the monitors are not consulted (the cycle
        // stops at the switch): no risk transition to tell.
        if reason != "killed" {
            let risk = cycle.riskAction.name
            let label = cycle.riskAction == .normal ? risk : "\(risk) (\(cycle.riskMonitor))"
            if self.lastRisk[coin] != label {
                if self.lastRisk[coin] != nil || cycle.riskAction != .normal { self.add(seq, time, "\(coin): risk \(self.lastRisk[coin] ?? "normal") -> \(label)") }
                self.lastRisk[coin] = label
            }
        }
        let position = cycle.position
        let previous = self.lastPosition[coin] ?? .zero
        let limit = self.config.coin(named: coin)?.maxInventory.rawValue ?? Int64.max
        if (position.rawValue - previous.rawValue).magnitude * 2 >= UInt64(max(limit, 1)) {
            self.add(seq, time, "\(coin): position spike \(previous) -> \(position)")
        }
        self.lastPosition[coin] = position
    }
}

extension StoryBuilder {
    /// "sell 0.001 @ 104950, order 0x4d4d… (oid 1000004), booked; position now -0.001":
    /// the fill of the current input that `fill` names by trade id.
    func fillDetails(_ fill: FillDecision) -> String {
        var parts: [String] = []
        if let last = self.lastFill, last.tradeID == fill.tradeID {
            parts.append("\(last.side == .bid ? "buy" : "sell") \(last.size) @ \(last.price)")
            parts.append("order " + (last.clientOrderID.map { "\($0) (oid \(last.orderID))" } ?? "oid \(last.orderID) (no client id)"))
        } else {
            parts.append("order \(fill.clientOrderID)")
        }
        parts.append(fill.booked ? "booked" : "not booked")
        if let position = fill.position { parts[parts.count - 1] += "; position now \(position)" }
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
