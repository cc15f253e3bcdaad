/// What the engine knows, for inspection, summaries and tests. Codable.
public struct EngineState: Sendable, Equatable, Codable {
    /// One coin's state.
    public struct Coin: Sendable, Equatable, Codable {
        public var name: String
        public var position: Size
        public var averageEntry: Double?
        public var realizedPnl: Amount
        public var unrealizedPnl: Double
        public var fees: Amount
        public var funding: Amount
        public var volume: Amount
        public var fills: UInt64
        public var openOrders: Int
        /// Orders whose place or modify outcome was lost, not yet resolved by the venue.
        public var unknownOrders: Int
        public var ordersCreated: UInt64
        public var duplicateFills: UInt64
        public var orphanFills: UInt64
        public var lateFills: UInt64
        public var rejects: UInt64
        public var quoteCycles: UInt64
        public var lastDecision: String
        public var sigma: Double
        public var kappaEffective: Double
        public var toxicity: Double
        public var bookUpdates: UInt64
        public var trades: UInt64
        /// The quality of this coin's fills (markouts).
        public var fillQuality: FillQuality
    }

    public var time: Int64
    public var events: UInt64
    public var coins: [Coin]
    public var totalPnl: Double
    public var dailyPnl: Double
    public var peakPnl: Double
    /// (peak − PnL) / account value, when the account value is known and positive and
    /// the peak is at least `risk.min_peak_for_drawdown`.
    public var drawdown: Double?
    public var paused: Bool
    public var killReason: String?
    public var reconcileMismatches: UInt64
    /// An operator shutdown is under way.
    public var shuttingDown: Bool
    /// While killed or shutting down: the venue confirmed nothing of ours is open.
    public var flatAtVenue: Bool
    /// The liquidation-cascade severity now, and the API headroom (0...1).
    public var cascadeSeverity: Double
    public var headroom: Double
    /// The kill switch's reasons (names) and first trip time (virtual ns).
    public var killReasons: [String]
    public var killTrippedAt: Int64?
}

extension Engine {
    /// The signed position of the `index`-th configured coin (cheap; no state snapshot).
    public func position(coinIndex index: Int) -> Size { self.coins[index].pnl.position }

    /// Total PnL over all coins at current mids (cheap; no state snapshot).
    public var totalPnL: Double {
        var total = 0.0
        // By index: `for coin in self.coins` would copy every coin's whole state.
        for i in self.coins.indices {
            total += self.coins[i].pnl.total(mid: self.coins[i].book.markMid ?? self.coins[i].pnl.averageEntry ?? 0)
        }
        return total
    }

    /// A snapshot of what the engine knows.
    public var state: EngineState {
        let coins = self.coins.map { c -> EngineState.Coin in
            let mid = c.book.markMid ?? c.pnl.averageEntry ?? 0
            return EngineState.Coin(
                name: c.config.name, position: c.pnl.position, averageEntry: c.pnl.averageEntry,
                realizedPnl: c.pnl.realized, unrealizedPnl: c.pnl.unrealized(mid: mid),
                fees: c.pnl.fees, funding: c.pnl.funding, volume: c.pnl.volume,
                fills: c.pnl.fills, openOrders: c.orders.orders.count,
                unknownOrders: c.orders.orders.filter { $0.state == .unknown }.count, ordersCreated: c.orders.created,
                duplicateFills: c.orders.duplicateFills, orphanFills: c.orders.orphanFills, lateFills: c.orders.lateFills,
                rejects: c.orders.rejects, quoteCycles: c.cycles, lastDecision: c.lastReason,
                sigma: c.volatility.sigma, kappaEffective: c.kappa.kappaEffective, toxicity: c.toxicity.vpin,
                bookUpdates: c.book.updates, trades: c.tape.count, fillQuality: c.edgeMetrics.quality)
        }
        let total = self.totalPnL
        let drawdown = KillSwitch.drawdown(peak: self.peakPnL, pnl: total, accountValue: self.accountValue?.doubleValue,
                                           minPeak: self.config.risk.minPeakForDrawdown)
        return EngineState(time: self.time, events: self.events, coins: coins, totalPnl: total, dailyPnl: total - self.dayStartPnL,
                           peakPnl: self.peakPnL, drawdown: drawdown, paused: self.paused,
                           killReason: self.killSwitch.isTriggered ? self.killSwitch.reasons.map(\.summary).joined(separator: "; ") : nil,
                           reconcileMismatches: self.reconcileMismatches, shuttingDown: self.venue.shuttingDown,
                           flatAtVenue: self.isFlatAtVenue, cascadeSeverity: self.cascade.severity(at: self.time), headroom: self.headroom,
                           killReasons: self.killSwitch.reasons.map(\.name), killTrippedAt: self.killSwitch.triggeredAt)
    }
}
