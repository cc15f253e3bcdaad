/// Exchange rate-limit rejections within the window: kill at the limit (3; production 2).
package struct RateLimitMonitor: Sendable {
    package var killErrors: Int64
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        guard inputs.rateLimitErrors >= self.killErrors else { return .normal("rate_limit") }
        return RiskAssessment(action: .kill, monitor: "rate_limit", detail: "\(inputs.rateLimitErrors) rate-limit errors",
                              killReason: .rateLimit(count: inputs.rateLimitErrors, limit: self.killErrors))
    }
}
