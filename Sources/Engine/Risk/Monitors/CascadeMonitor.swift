/// Liquidation-cascade severity: pull at, kill at (0.8 and 5.0 by default).
package struct CascadeMonitor: Sendable {
    package var pull: Double
    package var kill: Double
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        let s = inputs.cascadeSeverity
        if s >= self.kill {
            return RiskAssessment(action: .kill, monitor: "cascade", detail: "cascade severity \(s)", killReason: .cascadeDetected(severity: s))
        }
        if s >= self.pull { return RiskAssessment(action: .pullQuotes, monitor: "cascade", detail: "cascade", killReason: nil) }
        return .normal("cascade")
    }
}
