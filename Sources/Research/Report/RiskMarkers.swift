import Engine

/// A coin's risk action rising above normal (or changing monitor) in a quote cycle.
public struct RiskEvent: Sendable, Equatable {
    /// The coin.
    public var coin: String
    /// The cycle's time (nanoseconds).
    public var time: Int64
    /// `warn`, `reduce_only`, `pull_quotes` or `kill`.
    public var action: String
    /// The monitor that asked for it.
    public var monitor: String

    /// The marker's CSS classes: `risk-marker risk-warn`, `risk-marker risk-pull-quotes`.
    public var cssClass: String { "risk-marker risk-" + SVGChart.slug(self.action) }

    /// Its severity's color.
    public var color: String { Self.color(of: self.action) }

    /// Severity colors: yellow (warn), orange (reduce only), dark orange (pull quotes),
    /// dark red (kill).
    public static func color(of action: String) -> String {
        switch action {
        case "warn": return "#d4b000"
        case "reduce_only": return "#e69500"
        case "pull_quotes": return "#d95f02"
        default: return "#8c1a1a"
        }
    }

    /// The marker (dashed, under any kill-switch marker).
    var marker: SVGChart.Marker {
        SVGChart.Marker(time: self.time, label: "\(self.coin): risk \(self.action.replacingUnderscores) (\(self.monitor)) at \(ClockText.timeOfDay(self.time, milliseconds: true))",
                        color: self.color, cssClass: self.cssClass)
    }
}

/// Collects each coin's risk events from its quote-cycle decisions: a marker when the
/// action (or its monitor) changes to something other than normal. Cycles stopped by
/// the latched kill switch consult no monitor and are skipped.
struct RiskEventCollector {
    private(set) var events: [RiskEvent] = []
    private var last: [String: String] = [:]

    mutating func cycle(_ record: DecisionRecord, reason: String, at time: Int64) {
        guard reason != "killed" || record.fields.contains(where: { $0.name == "risk_action" && $0.value == .text("kill") }) else { return }
        guard case .text(let action)? = record.fields.first(where: { $0.name == "risk_action" })?.value else { return }
        var monitor = "?"
        if case .text(let name)? = record.fields.first(where: { $0.name == "risk_monitor" })?.value { monitor = name }
        let key = action == "normal" ? action : action + "/" + monitor
        defer { self.last[record.coin] = key }
        guard action != "normal", self.last[record.coin] != key else { return }
        self.events.append(RiskEvent(coin: record.coin, time: time, action: action, monitor: monitor))
    }
}
