/// Volatility of the mid: an EWMA of squared log returns sampled on fixed buckets of
/// virtual time. Warm after a configured number of buckets.
public struct VolatilityEstimator: Sendable, Equatable, Codable {
    /// Bucket length in nanoseconds.
    public let bucket: Int64
    /// Weight of the previous variance per bucket: 2^(-bucket / halfLife).
    public let decay: Double
    /// Buckets needed before ``isWarm``.
    public let warmupBuckets: Int64

    private var bucketEnd: Int64?
    private var lastMid: Double?
    private var variancePerBucket: Double = 0
    /// Buckets sampled.
    public private(set) var observations: Int64 = 0

    public init(bucketSeconds: Double, halfLifeSeconds: Double, warmupBuckets: Int64) {
        self.bucket = max(1, Int64(bucketSeconds * 1e9))
        self.decay = DeterministicMath.exp(-DeterministicMath.log(2) * bucketSeconds / max(halfLifeSeconds, 1e-9))
        self.warmupBuckets = warmupBuckets
    }

    /// Whether enough buckets were seen for the estimate to mean something.
    public var isWarm: Bool { self.observations >= self.warmupBuckets }

    /// Volatility as a fraction of price per square root of a second (0 until warm data).
    public var sigma: Double { (self.variancePerBucket * 1e9 / Double(self.bucket)).squareRoot() }

    /// Feeds the mid at a virtual time; closes every bucket that ended before it.
    public mutating func observe(mid: Double, at time: Int64) {
        guard mid > 0, mid.isFinite else { return }
        guard let end = self.bucketEnd, let previous = self.lastMid else {
            self.bucketEnd = time - time % self.bucket + self.bucket
            self.lastMid = mid
            return
        }
        if time < end { return }
        // One return over the elapsed buckets; the buckets without a sample count as
        // zero-return buckets (capped so a long gap cannot spin).
        let elapsed = min((time - end) / self.bucket + 1, 10_000)
        let r = DeterministicMath.log(mid / previous)
        var variance = self.variancePerBucket
        for index in 0..<elapsed {
            let sample = index == elapsed - 1 ? r * r : 0
            variance = self.decay * variance + (1 - self.decay) * sample
        }
        self.variancePerBucket = variance
        self.observations += elapsed
        self.bucketEnd = end + elapsed * self.bucket
        self.lastMid = mid
    }
}
