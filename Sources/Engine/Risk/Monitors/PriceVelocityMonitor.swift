/// Flash-crash detection: mid moving at or above 5%/s pulls quotes, 15%/s kills.
package struct PriceVelocityMonitor: Sendable {
    package var pull: Double
    package var kill: Double
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        let v = inputs.priceVelocity
        if v >= self.kill {
            return RiskAssessment(action: .kill, monitor: "price_velocity", detail: "mid moving \(v)/s", killReason: .priceVelocity(perSecond: v, limit: self.kill))
        }
        if v >= self.pull { return RiskAssessment(action: .pullQuotes, monitor: "price_velocity", detail: "fast mid", killReason: nil) }
        return .normal("price_velocity")
    }
}
