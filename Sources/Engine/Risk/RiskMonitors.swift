/// The eight monitors, configured from the risk section.
package struct RiskMonitors: Sendable {
    package var loss: LossMonitor
    package var drawdown: DrawdownMonitor
    package var position: PositionMonitor
    package var positionVelocity: PositionVelocityMonitor
    package var dataStaleness: DataStalenessMonitor
    package var cascade: CascadeMonitor
    package var priceVelocity: PriceVelocityMonitor
    package var rateLimit: RateLimitMonitor

    package init(_ risk: EngineConfig.Risk) {
        self.loss = LossMonitor(maxDailyLoss: risk.maxDailyLoss)
        self.drawdown = DrawdownMonitor(maxDrawdown: risk.maxDrawdown, minPeak: risk.minPeakForDrawdown)
        self.position = PositionMonitor(softLimit: risk.maxPositionValue, maxLeverage: risk.maxLeverage)
        self.positionVelocity = PositionVelocityMonitor(warn: risk.positionVelocityWarn, pull: risk.positionVelocityPull, kill: risk.positionVelocityKill)
        self.dataStaleness = DataStalenessMonitor(threshold: risk.staleDataSeconds, graceAttempts: risk.reconnectGraceAttempts)
        self.cascade = CascadeMonitor(pull: risk.cascadePull, kill: risk.cascadeKill)
        self.priceVelocity = PriceVelocityMonitor(pull: risk.priceVelocityPull, kill: risk.priceVelocityKill)
        self.rateLimit = RateLimitMonitor(killErrors: risk.rateLimitKillErrors)
    }

    @inline(__always)
    static func worse(_ a: RiskAssessment, _ b: RiskAssessment) -> RiskAssessment { b.action > a.action ? b : a }

    /// The most severe assessment (RiskAggregator) of all eight, without allocating.
    package func assess(_ inputs: RiskInputs) -> RiskAssessment {
        var worst = RiskAssessment.normal("all")
        worst = Self.worse(worst, self.loss.evaluate(inputs))
        worst = Self.worse(worst, self.drawdown.evaluate(inputs))
        worst = Self.worse(worst, self.position.evaluate(inputs))
        worst = Self.worse(worst, self.positionVelocity.evaluate(inputs))
        worst = Self.worse(worst, self.dataStaleness.evaluate(inputs))
        worst = Self.worse(worst, self.cascade.evaluate(inputs))
        worst = Self.worse(worst, self.priceVelocity.evaluate(inputs))
        worst = Self.worse(worst, self.rateLimit.evaluate(inputs))
        return worst
    }
}
