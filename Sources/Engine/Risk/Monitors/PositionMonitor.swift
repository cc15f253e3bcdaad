/// Position value against the soft limit: above 1x reduce-only, above 2x kill
/// (MaxPosition); above max_leverage × account value, kill (PositionRunaway, transient).
package struct PositionMonitor: Sendable {
    package var softLimit: Double
    package var maxLeverage: Double
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        let value = inputs.positionValue
        if let account = inputs.accountValue, account > 0, value > self.maxLeverage * account {
            return RiskAssessment(action: .kill, monitor: "position", detail: "position value \(value) > \(self.maxLeverage)x account \(account)",
                                  killReason: .positionRunaway(value: value, limit: self.maxLeverage * account))
        }
        if value > 2 * self.softLimit {
            return RiskAssessment(action: .kill, monitor: "position", detail: "position value \(value) > 2x \(self.softLimit)",
                                  killReason: .maxPosition(value: value, limit: self.softLimit))
        }
        if value > self.softLimit {
            return RiskAssessment(action: .reduceOnly, monitor: "position", detail: "position value above the soft limit", killReason: nil)
        }
        return .normal("position")
    }
}
