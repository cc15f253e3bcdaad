/// Signed trade flow on the reference venue: buy and sell volumes (by aggressor) decayed
/// with a half-life, and their imbalance (buys − sells) / (buys + sells) in −1...1. A
/// one-sided burst of aggressive buying there tends to lift our mid next.
struct CrossVenueFlow: Sendable, Codable, Equatable {
    /// Half-life of the volumes (ns) and the trades before the signal is warm.
    let halfLife: Int64
    let warmupTrades: Int64

    private var buys = 0.0
    private var sells = 0.0
    private var updated: Int64?
    /// Reference trades seen.
    private(set) var trades: Int64 = 0
    /// The latest reference trade's virtual time.
    private(set) var lastTrade: Int64?

    init(halfLife: Int64, warmupTrades: Int64) {
        self.halfLife = max(1, halfLife)
        self.warmupTrades = max(1, warmupTrades)
    }

    /// Whether enough trades were seen; stays so (the staleness guard asks "ever warm").
    var isWarm: Bool { self.trades >= self.warmupTrades }

    /// Adds one trade of `size` whose aggressor was on `side` at `time`.
    mutating func record(side: Side, size: Double, at time: Int64) {
        guard size.isFinite, size > 0 else { return }
        self.decay(to: time)
        if side == .bid { self.buys += size } else { self.sells += size }
        self.trades &+= 1
        self.lastTrade = time
    }

    /// The imbalance at `time` (0 without volume).
    func imbalance(at time: Int64) -> Double {
        var copy = self
        copy.decay(to: time)
        let total = copy.buys + copy.sells
        return total > 0 ? (copy.buys - copy.sells) / total : 0
    }

    private mutating func decay(to time: Int64) {
        defer { self.updated = max(self.updated ?? time, time) }
        guard let updated = self.updated, time > updated else { return }
        let halfLives = Double(time - updated) / Double(self.halfLife)
        let factor = halfLives > 60 ? 0 : DeterministicMath.exp(-halfLives * 0.693_147_180_559_945_3)
        self.buys *= factor
        self.sells *= factor
    }
}
