/// Kills when the day's PnL falls below −max_daily_loss.
package struct LossMonitor: Sendable {
    package var maxDailyLoss: Double
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        let loss = -inputs.dailyPnL
        guard loss > self.maxDailyLoss else { return .normal("loss") }
        return RiskAssessment(action: .kill, monitor: "loss", detail: "daily loss \(loss) > \(self.maxDailyLoss)",
                              killReason: .maxLoss(loss: loss, limit: self.maxDailyLoss))
    }
}
