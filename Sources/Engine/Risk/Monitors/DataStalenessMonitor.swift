/// Market-data freshness and connection state: a failed connection kills at once; while
/// reconnecting, quotes are pulled, and stale data only kills once the attempts exceed
/// the grace; otherwise data older than the threshold kills (StaleData).
package struct DataStalenessMonitor: Sendable {
    package var threshold: Double
    package var graceAttempts: Int64
    package func evaluate(_ inputs: RiskInputs) -> RiskAssessment {
        if inputs.connectionFailed {
            return RiskAssessment(action: .kill, monitor: "data_staleness", detail: "connection failed",
                                  killReason: .staleData(seconds: inputs.dataAge ?? 0, threshold: self.threshold))
        }
        let stale = (inputs.dataAge ?? 0) > self.threshold
        if inputs.reconnectAttempts > 0 {
            if stale && inputs.reconnectAttempts > self.graceAttempts {
                return RiskAssessment(action: .kill, monitor: "data_staleness", detail: "stale past the reconnect grace",
                                      killReason: .staleData(seconds: inputs.dataAge ?? 0, threshold: self.threshold))
            }
            return RiskAssessment(action: .pullQuotes, monitor: "data_staleness", detail: "reconnecting", killReason: nil)
        }
        if stale {
            return RiskAssessment(action: .kill, monitor: "data_staleness", detail: "market data stale",
                                  killReason: .staleData(seconds: inputs.dataAge ?? 0, threshold: self.threshold))
        }
        return .normal("data_staleness")
    }
}
