/// Liquidation-cascade severity: liquidations add to it (1.0 each, 0.5 for a
/// liquidation fill of ours), bursts of public trades add to it, and it decays with a
/// half-life. 0.8 pulls quotes, 5.0 kills (CascadeMonitor).
package struct CascadeEstimator: Sendable, Equatable, Codable {
    let halfLife: Double
    private var severity = 0.0
    private var lastTime: Int64?
    // Trade-burst detection on one-second buckets against a slow baseline.
    private var bucketStart: Int64?
    private var bucketTrades = 0.0
    private var baselinePerSecond = 0.0
    private var baselineSeconds = 0.0

    package init(halfLifeSeconds: Double) { self.halfLife = max(halfLifeSeconds, 1e-9) * 1e9 }

    /// The severity at `time`.
    package func severity(at time: Int64) -> Double {
        guard let last = self.lastTime, time > last else { return self.severity }
        return self.severity * DeterministicMath.exp(-0.6931471805599453 * Double(time - last) / self.halfLife)
    }

    mutating func add(_ amount: Double, at time: Int64) {
        self.severity = self.severity(at: time) + amount
        self.lastTime = max(self.lastTime ?? time, time)
    }

    /// A liquidation event (ours or, through fills, a liquidation we took part in).
    package mutating func recordLiquidation(weight: Double = 1.0, at time: Int64) { self.add(weight, at: time) }

    /// Public trades: a second with more than 5x the baseline rate (and 20 trades) adds
    /// (ratio / 5 − 1) × 0.25, at most 1.0.
    package mutating func recordTrades(count: Int, at time: Int64) {
        let start = self.bucketStart ?? time
        if time - start >= 1_000_000_000 {
            let n = self.bucketTrades
            if self.baselineSeconds >= 30, n >= 20, self.baselinePerSecond > 0 {
                let ratio = n / self.baselinePerSecond
                if ratio > 5 { self.add(min(1.0, (ratio / 5 - 1) * 0.25), at: time) }
            }
            // Baseline: an EWMA over about five minutes of seconds.
            let weight = min(1.0, 1.0 / max(1.0, min(self.baselineSeconds + 1, 300)))
            self.baselinePerSecond += weight * (n - self.baselinePerSecond)
            self.baselineSeconds += 1
            self.bucketStart = time
            self.bucketTrades = 0
        } else if self.bucketStart == nil {
            self.bucketStart = time
        }
        self.bucketTrades += Double(count)
    }
}

extension CascadeEstimator {
    /// Why this restored estimator is inconsistent with `fresh`, or `nil`.
    func restoreProblem(against fresh: CascadeEstimator) -> String? {
        guard self.halfLife == fresh.halfLife else { return "cascade half-life differs from the config's" }
        guard [self.severity, self.bucketTrades, self.baselinePerSecond, self.baselineSeconds].allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            return "cascade statistics are not finite non-negative numbers"
        }
        for time in [self.lastTime, self.bucketStart].compactMap({ $0 }) where !Limits.isValidTime(time) {
            return "cascade time \(time) is outside the valid range"
        }
        return nil
    }
}
