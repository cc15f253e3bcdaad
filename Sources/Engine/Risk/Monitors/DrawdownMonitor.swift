/// Kills when (peak − PnL) / account value exceeds max_drawdown; skipped while the peak
/// is below min_peak_for_drawdown (a tiny peak makes any dip look huge).
package struct DrawdownMonitor: Sendable {
    package var maxDrawdown: Double
    package var minPeak: Double
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        guard let drawdown = KillSwitch.drawdown(peak: inputs.peakPnL, pnl: inputs.pnl, accountValue: inputs.accountValue, minPeak: self.minPeak),
              drawdown > self.maxDrawdown else { return .normal("drawdown") }
        return RiskAssessment(action: .kill, monitor: "drawdown", detail: "drawdown \(drawdown) > \(self.maxDrawdown)",
                              killReason: .maxDrawdown(drawdown: drawdown, limit: self.maxDrawdown))
    }
}
