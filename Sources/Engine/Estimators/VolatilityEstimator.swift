/// Volatility of the mid: an EWMA of squared log returns sampled on fixed buckets of
/// virtual time. Warm after a configured number of buckets.
package struct VolatilityEstimator: Sendable, Equatable, Codable {
    /// Bucket length in nanoseconds.
    package let bucket: Int64
    /// Weight of the previous variance per bucket: 2^(-bucket / halfLife).
    package let decay: Double
    /// Buckets needed before ``isWarm``.
    package let warmupBuckets: Int64

    private var bucketEnd: Int64?
    private var lastMid: Double?
    private var variancePerBucket: Double = 0
    /// Buckets sampled.
    package private(set) var observations: Int64 = 0

    package init(bucketSeconds: Double, halfLifeSeconds: Double, warmupBuckets: Int64) {
        self.bucket = max(1, Int64(saturating: bucketSeconds * 1e9))
        self.decay = DeterministicMath.exp(-DeterministicMath.log(2) * bucketSeconds / max(halfLifeSeconds, 1e-9))
        self.warmupBuckets = warmupBuckets
    }

    /// Whether enough buckets were seen for the estimate to mean something.
    package var isWarm: Bool { self.observations >= self.warmupBuckets }

    /// Volatility as a fraction of price per square root of a second (0 until warm data).
    package var sigma: Double { (self.variancePerBucket * 1e9 / Double(self.bucket)).squareRoot() }

    /// Feeds the mid at a virtual time; closes every bucket that ended before it.
    package mutating func observe(mid: Double, at time: Int64) {
        guard mid > 0, mid.isFinite else { return }
        guard let end = self.bucketEnd, let previous = self.lastMid else {
            self.bucketEnd = time - time % self.bucket + self.bucket
            self.lastMid = mid
            return
        }
        if time < end { return }
        // One return over the elapsed buckets; the buckets without a sample count as
        // zero-return buckets. Up to `loopLimit` buckets are stepped one by one; a longer
        // gap decays the variance in closed form, so the cost is bounded by the events,
        // not by the virtual time that passed.
        let elapsed = (time - end) / self.bucket + 1
        let r = DeterministicMath.log(mid / previous)
        var variance = self.variancePerBucket
        if elapsed <= Self.loopLimit {
            for index in 0..<elapsed {
                let sample = index == elapsed - 1 ? r * r : 0
                variance = self.decay * variance + (1 - self.decay) * sample
            }
        } else {
            variance *= Self.power(self.decay, elapsed - 1)
            variance = self.decay * variance + (1 - self.decay) * r * r
        }
        self.variancePerBucket = variance
        self.observations = self.observations.addingReportingOverflow(elapsed).overflow ? .max : self.observations + elapsed
        self.bucketEnd = end + elapsed * self.bucket
        self.lastMid = mid
    }

    /// Gaps up to this many buckets are stepped one by one (as every earlier build did).
    static let loopLimit: Int64 = 10_000

    /// `base` to the power `exponent` by repeated squaring (only multiplications, so
    /// the result is the same on every platform).
    static func power(_ base: Double, _ exponent: Int64) -> Double {
        var result = 1.0, factor = base, n = exponent
        while n > 0 {
            if n & 1 == 1 { result *= factor }
            factor *= factor
            n >>= 1
        }
        return result
    }
}

extension VolatilityEstimator {
    /// Why this restored estimator is inconsistent with `fresh`, or `nil`.
    func restoreProblem(against fresh: VolatilityEstimator) -> String? {
        guard self.bucket == fresh.bucket, self.decay == fresh.decay, self.warmupBuckets == fresh.warmupBuckets else {
            return "volatility bucket \(self.bucket) ns, decay \(self.decay) or warm-up \(self.warmupBuckets) differ from the config's"
        }
        guard self.variancePerBucket.isFinite, self.variancePerBucket >= 0, self.observations >= 0,
              self.lastMid.map({ $0.isFinite && $0 > 0 }) ?? true else {
            return "volatility variance \(self.variancePerBucket), mid or count is not a finite number in range"
        }
        if let end = self.bucketEnd, !Limits.isValidTime(end - self.bucket) && !Limits.isValidTime(end) {
            return "volatility bucket end \(end) is outside the valid time range"
        }
        return nil
    }
}
