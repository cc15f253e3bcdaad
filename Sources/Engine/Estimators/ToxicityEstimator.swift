/// Flow toxicity as VPIN: trade notional is cut into equal-volume buckets, and the
/// estimate is the mean |buy − sell| / bucket over the last N buckets (0 = balanced,
/// 1 = one-sided). A fixed ring of buckets: no allocation per trade.
public struct ToxicityEstimator: Sendable, Equatable, Codable {
    public let bucketNotional: Double
    private var imbalances: [Double]
    private var next = 0
    private var filled = 0
    private var buy: Double = 0
    private var sell: Double = 0
    /// Buckets completed.
    public private(set) var observations: Int64 = 0

    public init(bucketNotional: Double, buckets: Int64) {
        self.bucketNotional = max(bucketNotional, 1e-9)
        self.imbalances = [Double](repeating: 0, count: Int(max(1, buckets)))
    }

    /// Warm once a tenth of the window (at least one bucket) is filled.
    public var isWarm: Bool { self.filled >= max(1, self.imbalances.count / 10) }

    /// VPIN in 0...1 (0 until warm).
    public var vpin: Double {
        guard self.filled > 0 else { return 0 }
        var sum = 0.0
        for i in 0..<self.filled { sum += self.imbalances[i] }
        return sum / Double(self.filled)
    }

    /// Feeds one trade: `side` is the aggressor's.
    public mutating func observe(side: Side, notional: Double) {
        guard notional > 0, notional.isFinite else { return }
        var remaining = notional
        while remaining > 0 {
            let room = self.bucketNotional - self.buy - self.sell
            let take = min(room, remaining)
            if side == .bid { self.buy += take } else { self.sell += take }
            remaining -= take
            if self.buy + self.sell >= self.bucketNotional * (1 - 1e-12) {
                self.imbalances[self.next] = (self.buy - self.sell).magnitude / self.bucketNotional
                self.next = (self.next + 1) % self.imbalances.count
                self.filled = min(self.filled + 1, self.imbalances.count)
                self.observations += 1
                self.buy = 0
                self.sell = 0
            }
        }
    }
}
