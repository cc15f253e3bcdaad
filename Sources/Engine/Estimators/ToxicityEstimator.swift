/// Flow toxicity as VPIN: trade notional is cut into equal-volume buckets, and the
/// estimate is the mean |buy − sell| / bucket over the last N buckets (0 = balanced,
/// 1 = one-sided). A fixed ring of buckets: no allocation per trade.
package struct ToxicityEstimator: Sendable, Equatable, Codable {
    package let bucketNotional: Double
    private var imbalances: [Double]
    private var next = 0
    private var filled = 0
    private var buy: Double = 0
    private var sell: Double = 0
    /// Buckets completed.
    package private(set) var observations: Int64 = 0

    package init(bucketNotional: Double, buckets: Int64) {
        self.bucketNotional = max(bucketNotional, 1e-9)
        self.imbalances = [Double](repeating: 0, count: Int(max(1, buckets)))
    }

    /// Warm once a tenth of the window (at least one bucket) is filled.
    package var isWarm: Bool { self.filled >= max(1, self.imbalances.count / 10) }

    /// VPIN in 0...1 (0 until warm).
    package var vpin: Double {
        guard self.filled > 0 else { return 0 }
        var sum = 0.0
        for i in 0..<self.filled { sum += self.imbalances[i] }
        return sum / Double(self.filled)
    }

    /// Feeds one trade: `side` is the aggressor's.
    ///
    /// The cost is bounded by the ring's size, not by notional / bucket size: a trade
    /// worth more whole buckets than the ring holds is booked in closed form.
    package mutating func observe(side: Side, notional: Double) {
        guard notional > 0, notional.isFinite else { return }
        let ring = self.imbalances.count
        var remaining = notional
        if self.buy + self.sell == 0 && remaining >= self.bucketNotional * Double(ring + 2) {
            remaining = self.bookWholeBuckets(of: remaining)
        }
        var steps = 0
        while remaining > 0 && steps <= ring + 4 {
            steps += 1
            let room = self.bucketNotional - self.buy - self.sell
            let take = min(room, remaining)
            if side == .bid { self.buy += take } else { self.sell += take }
            remaining -= take
            if self.buy + self.sell >= self.bucketNotional * (1 - 1e-12) {
                self.imbalances[self.next] = (self.buy - self.sell).magnitude / self.bucketNotional
                self.next = (self.next + 1) % ring
                self.filled = min(self.filled + 1, ring)
                self.observations = self.observations == .max ? .max : self.observations + 1
                self.buy = 0
                self.sell = 0
            }
        }
    }

    /// Books every whole bucket of a one-sided trade of `notional` (each has imbalance
    /// 1) without stepping through them; returns the part left for the next bucket.
    private mutating func bookWholeBuckets(of notional: Double) -> Double {
        let ring = self.imbalances.count
        let whole = (notional / self.bucketNotional).rounded(.down)
        let count = Int64(saturating: whole)
        for _ in 0..<min(Int64(ring), count) {
            self.imbalances[self.next] = 1
            self.next = (self.next + 1) % ring
        }
        if count > Int64(ring) {
            self.next = Int((UInt64(self.next) + UInt64(count - Int64(ring)) % UInt64(ring)) % UInt64(ring))
        }
        self.filled = ring
        self.observations = self.observations.addingReportingOverflow(count).overflow ? .max : self.observations + count
        let rest = notional - whole * self.bucketNotional
        return rest > 0 && rest < self.bucketNotional ? rest : 0
    }
}

extension ToxicityEstimator {
    /// Why this restored estimator is inconsistent with `fresh` (built from the same
    /// config), or `nil`.
    func restoreProblem(against fresh: ToxicityEstimator) -> String? {
        guard self.bucketNotional == fresh.bucketNotional, self.imbalances.count == fresh.imbalances.count else {
            return "toxicity buckets (\(self.imbalances.count) of \(self.bucketNotional)) differ from the config's (\(fresh.imbalances.count) of \(fresh.bucketNotional))"
        }
        guard (0..<self.imbalances.count).contains(self.next), (0...self.imbalances.count).contains(self.filled), self.observations >= 0 else {
            return "toxicity ring position \(self.next), fill \(self.filled) or count \(self.observations) is out of range"
        }
        // An imbalance may pass 1 by rounding (a bucket closed a few ulps over its notional).
        guard self.buy.isFinite, self.sell.isFinite, self.buy >= 0, self.sell >= 0, self.buy + self.sell < self.bucketNotional,
              self.imbalances.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 + 1e-9 }) else {
            return "toxicity volumes or imbalances are not finite numbers in range"
        }
        return nil
    }
}
