/// How bad a monitor thinks things are, in increasing order.
package enum RiskAction: Int, Sendable, Comparable, CaseIterable, Codable {
    /// All clear.
    case normal = 0
    /// Worth a log line; quoting continues.
    case warn = 1
    /// Only orders that reduce the position.
    case reduceOnly = 2
    /// No quotes this cycle (orders are cancelled); not latched.
    case pullQuotes = 3
    /// Trip the kill switch (latched until an operator reset).
    case kill = 4

    package static func < (lhs: RiskAction, rhs: RiskAction) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name in decisions.
    package var name: String {
        switch self {
        case .normal: return "normal"
        case .warn: return "warn"
        case .reduceOnly: return "reduce_only"
        case .pullQuotes: return "pull_quotes"
        case .kill: return "kill"
        }
    }
}

/// One monitor's verdict.
package struct RiskAssessment: Sendable, Equatable {
    package var action: RiskAction
    /// Which monitor.
    package var monitor: String
    /// Why, with figures ("loss 512.3 > limit 500").
    package var detail: String
    /// The kill-switch reason when `action == .kill`.
    package var killReason: KillReason?

    package init(action: RiskAction, monitor: String, detail: String, killReason: KillReason?) {
        self.action = action
        self.monitor = monitor
        self.detail = detail
        self.killReason = killReason
    }

    package static func normal(_ monitor: String) -> RiskAssessment {
        RiskAssessment(action: .normal, monitor: monitor, detail: "", killReason: nil)
    }
}

/// Takes the most severe of the monitors' assessments (ties: the first monitor wins).
package enum RiskAggregator {
    package static func combine(_ assessments: [RiskAssessment]) -> RiskAssessment {
        var worst = RiskAssessment.normal("all")
        for assessment in assessments where assessment.action > worst.action { worst = assessment }
        return worst
    }
}
