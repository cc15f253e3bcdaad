import Engine

/// PnL parts, volume and fills summed over an engine state's coins: what a backtest's
/// summary and a journal report's summary block show.
public struct PnLTotals: Sendable, Equatable {
    /// Realized PnL.
    public var realized = 0.0
    /// Unrealized PnL at the last mids.
    public var unrealized = 0.0
    /// Fees paid (negative: rebates).
    public var fees = 0.0
    /// Funding received (negative: paid).
    public var funding = 0.0
    /// Traded notional.
    public var volume = 0.0
    /// Fills booked.
    public var fills: UInt64 = 0
    /// Total PnL at current mids (the engine's own total).
    public var pnl = 0.0

    /// Zero everything.
    public init() {}

    /// The totals of `state`.
    public init(state: EngineState) {
        for coin in state.coins {
            self.realized += coin.realizedPnl.doubleValue
            self.unrealized += coin.unrealizedPnl
            self.fees += coin.fees.doubleValue
            self.funding += coin.funding.doubleValue
            self.volume += coin.volume.doubleValue
            self.fills += coin.fills
        }
        self.pnl = state.totalPnl
    }
}

/// The largest fall of total PnL from its running peak (the peak starts at zero),
/// sampled after every input.
public struct DrawdownTracker: Sendable, Equatable {
    /// The highest PnL so far.
    public private(set) var peak = 0.0
    /// The largest fall from a peak so far.
    public private(set) var maxDrawdown = 0.0

    /// No samples yet.
    public init() {}

    /// Samples the total PnL.
    public mutating func observe(_ pnl: Double) {
        self.peak = max(self.peak, pnl)
        self.maxDrawdown = max(self.maxDrawdown, self.peak - pnl)
    }
}

/// Each configured coin's smallest and largest position over a run (zero included).
public struct InventoryRange: Sendable, Equatable {
    private var lows: [Int64]
    private var highs: [Int64]

    /// A range for `count` coins.
    public init(coins count: Int) {
        self.lows = [Int64](repeating: 0, count: count)
        self.highs = [Int64](repeating: 0, count: count)
    }

    /// Samples every coin's position.
    public mutating func observe(_ engine: Engine) {
        for c in self.lows.indices {
            let raw = engine.position(coinIndex: c).rawValue
            self.lows[c] = min(self.lows[c], raw)
            self.highs[c] = max(self.highs[c], raw)
        }
    }

    /// (coin, low, high) for each of `config`'s coins.
    public func ranges(_ config: EngineConfig) -> [(coin: String, low: Size, high: Size)] {
        config.coins.enumerated().map { ($0.element.name, Size(rawValue: self.lows[$0.offset]), Size(rawValue: self.highs[$0.offset])) }
    }
}
