import Engine

/// One line of a replay's story.
public struct StoryEntry: Sendable, Equatable {
    public var seq: UInt64
    public var time: Int64
    public var what: String
}

/// Builds the compact timeline of what mattered in a run: quote-gate changes, risk
/// action changes, kill-switch triggers and resets, position spikes, reconnects,
/// late and orphan fills, reconciliation mismatches. Bounded: past `limit` entries it
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

    public init(config: EngineConfig, limit: Int = 500) {
        self.config = config
        self.limit = limit
    }

    private mutating func add(_ seq: UInt64, _ time: Int64, _ what: String) {
        if self.entries.count < self.limit { self.entries.append(StoryEntry(seq: seq, time: time, what: what)) } else { self.omitted += 1 }
    }

    /// Looks at an input event.
    public mutating func observe(_ event: Event, seq: UInt64, time: Int64) {
        if case .connection(let c) = event {
            switch c.state {
            case .connected: self.add(seq, time, "feed \(c.feed): connected")
            case .disconnected(let reason): self.add(seq, time, "feed \(c.feed): disconnected (\(reason))")
            case .reconnecting(let attempt): self.add(seq, time, "feed \(c.feed): reconnecting, attempt \(attempt)")
            case .failed(let reason): self.add(seq, time, "feed \(c.feed): failed (\(reason))")
            }
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
                self.add(seq, time, "KILL SWITCH \(why)")
            }
            return
        case "kill_switch_reset", "venue_flat", "shutdown":
            let line = reason == "kill_switch_reset" ? "kill switch reset" : reason == "venue_flat" ? "venue confirms no open orders" : "shutdown: cancelling everything"
            if self.entries.last.map({ $0.seq != seq || $0.what != line }) ?? true { self.add(seq, time, line) }
            return
        case "late_fill", "orphan_fill", "position_mismatch", "order_missing", "unknown_order", "lost_order_found", "lost_order_ended",
             "lost_order_forgotten", "orphans_adopted", "orphans_cancelled", "config_change", "config_change_refused", "kill_switch_reset_refused",
             "feed_stale":
            self.add(seq, time, "\(coin): \(reason.replacingUnderscores)")
            return
        default:
            // Other notes (fills, baselines) are not quote cycles.
            guard record.fields.contains(where: { $0.name == "gate" }) else { return }
        }
        if self.lastReason[coin] != reason {
            self.add(seq, time, "\(coin): quoting \(self.lastReason[coin] ?? "start") -> \(reason)")
            self.lastReason[coin] = reason
        }
        if let risk = text("risk_action") {
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

extension String {
    var replacingUnderscores: String { String(self.map { $0 == "_" ? " " : $0 }) }
}
