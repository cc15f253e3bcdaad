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

    mutating func cycle(_ cycle: QuoteCycleDecision, coin: String, at time: Int64) {
        guard cycle.reason != "killed" || cycle.riskAction == .kill else { return }
        let action = cycle.riskAction.name
        let monitor = cycle.riskMonitor
        let key = cycle.riskAction == .normal ? action : action + "/" + monitor
        defer { self.last[coin] = key }
        guard cycle.riskAction != .normal, self.last[coin] != key else { return }
        self.events.append(RiskEvent(coin: coin, time: time, action: action, monitor: monitor))
    }
}
