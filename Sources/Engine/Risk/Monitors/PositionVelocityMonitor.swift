/// Position change per minute (fraction of max_inventory): warn, pull, kill at or above
/// the thresholds (50%, 100%, 200% by default).
package struct PositionVelocityMonitor: Sendable {
    package var warn: Double
    package var pull: Double
    package var kill: Double
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        let v = inputs.positionVelocity
        if v >= self.kill {
            return RiskAssessment(action: .kill, monitor: "position_velocity", detail: "position moved \(v) of max per minute",
                                  killReason: .positionVelocity(perMinute: v, limit: self.kill))
        }
        if v >= self.pull { return RiskAssessment(action: .pullQuotes, monitor: "position_velocity", detail: "fast position change", killReason: nil) }
        if v >= self.warn { return RiskAssessment(action: .warn, monitor: "position_velocity", detail: "fast position change", killReason: nil) }
        return .normal("position_velocity")
    }
}
