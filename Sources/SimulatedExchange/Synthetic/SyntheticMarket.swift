import Engine

/// A deterministic generator of Hyperliquid-shaped market data: 20-level `l2Book`
/// snapshots per side on a heavy-tailed random-walk mid (about 1 bp/√s for BTC), with
/// tick and lot rules, realistic level sizes and order counts, and batches of trades at
/// the touch.
///
/// About ten book snapshots per second of virtual time per coin, with trade batches in
/// between. The same seed and coins give the same events on every machine: all
/// randomness comes from ``Xoshiro256StarStar`` and the virtual clock starts at a fixed
/// instant (2025-01-26T00:00:00Z).
public struct SyntheticMarket {
    /// Levels per side in each book snapshot.
    public static let levels = 20
    /// Virtual time of the first event: 2025-01-26T00:00:00Z in Unix nanoseconds.
    public static let startTime: Int64 = 1_737_849_600 * 1_000_000_000

    private struct CoinState {
        var profile: CoinProfile
        var mid: Int64  // raw price of the best bid
        var spreadTicks: Int64 = 1
        var bidGaps: [Int64]
        var askGaps: [Int64]
        var bidLots: [Int64]
        var askLots: [Int64]
        var nextBook: Int64
        var nextTrade: Int64
        var tradeID: UInt64
    }

    private var random: Xoshiro256StarStar
    private var coins: [CoinState]

    /// Creates a generator for `coins` (at least one) from `seed`.
    public init(seed: UInt64, coins: [String]) {
        precondition(!coins.isEmpty, "SyntheticMarket needs at least one coin")
        self.random = Xoshiro256StarStar(seed: seed)
        self.coins = []
        for (index, name) in coins.enumerated() {
            let profile = CoinProfile.named(name)
            var state = CoinState(profile: profile, mid: profile.startPrice.rawValue, bidGaps: [], askGaps: [], bidLots: [], askLots: [],
                                  nextBook: Self.startTime + Int64(index) * 7_000_000, nextTrade: Self.startTime + 50_000_000,
                                  tradeID: 100_000_000_000_000 + UInt64(index) * 1_000_000_000_000)
            for _ in 0..<Self.levels {
                state.bidGaps.append(self.gap())
                state.askGaps.append(self.gap())
                state.bidLots.append(self.lots(profile))
                state.askLots.append(self.lots(profile))
            }
            self.coins.append(state)
        }
    }

    private mutating func gap() -> Int64 {
        // Mostly adjacent ticks, sometimes holes in the book.
        let r = self.random.next(below: 100)
        return r < 60 ? 1 : (r < 85 ? 2 : (r < 95 ? 3 : 5))
    }

    private mutating func lots(_ profile: CoinProfile) -> Int64 {
        // Heavy-tailed: most levels small, a few large ones.
        let u = self.random.nextUnit()
        let scaled = u * u * u * u * Double(profile.typicalLots * 8)
        return 1 + Int64(scaled) + Int64(self.random.next(below: UInt64(max(1, profile.typicalLots / 20))))
    }

    /// The next event and its virtual time (nanoseconds). Times never decrease.
    public mutating func next() -> (time: Int64, event: Event) {
        // The coin with the earliest pending event; ties go to the lower index.
        var pick = 0
        var pickTime = Int64.max
        var isBook = true
        for (index, coin) in self.coins.enumerated() {
            if coin.nextBook < pickTime { pick = index; pickTime = coin.nextBook; isBook = true }
            if coin.nextTrade < pickTime { pick = index; pickTime = coin.nextTrade; isBook = false }
        }
        if isBook {
            let event = self.makeBook(pick, time: pickTime)
            // ~10 snapshots per second, with jitter.
            self.coins[pick].nextBook = pickTime + 80_000_000 + Int64(self.random.next(below: 40_000_000))
            return (pickTime, event)
        }
        let event = self.makeTrades(pick, time: pickTime)
        self.coins[pick].nextTrade = pickTime + 30_000_000 + Int64(self.random.next(below: 400_000_000))
        return (pickTime, event)
    }

    private mutating func makeBook(_ index: Int, time: Int64) -> Event {
        var coin = self.coins[index]
        let tick = coin.profile.tickRaw(at: Price(rawValue: coin.mid))
        // Random walk of the mid with heavy tails: about 4-5 ticks of standard deviation
        // per update, i.e. roughly 1 bp/√s for BTC, like the real market.
        let r = self.random.next(below: 100)
        let magnitude: Int64 = r < 30 ? 0 : (r < 50 ? 1 : (r < 70 ? 2 : (r < 85 ? 4 : (r < 95 ? 8 : 16))))
        let step = self.random.chance(1, in: 2) ? magnitude : -magnitude
        coin.mid = max(tick * 10, coin.mid + step * tick)
        let spreadRoll = self.random.next(below: 100)
        coin.spreadTicks = spreadRoll < 85 ? 1 : (spreadRoll < 95 ? 2 : 3)
        // The book changes a little on every update.
        for _ in 0..<6 {
            let level = Int(self.random.next(below: UInt64(Self.levels)))
            if self.random.chance(1, in: 2) {
                coin.bidLots[level] = self.lots(coin.profile)
            } else {
                coin.askLots[level] = self.lots(coin.profile)
            }
        }
        if self.random.chance(1, in: 5) {
            let level = 1 + Int(self.random.next(below: UInt64(Self.levels - 1)))
            coin.bidGaps[level] = self.gap()
            coin.askGaps[level] = self.gap()
        }
        let lot = coin.profile.lotRaw
        var bids: [BookLevel] = []
        var asks: [BookLevel] = []
        bids.reserveCapacity(Self.levels)
        asks.reserveCapacity(Self.levels)
        var bidPrice = coin.mid
        var askPrice = coin.mid + coin.spreadTicks * tick
        for level in 0..<Self.levels {
            if level > 0 {
                bidPrice -= coin.bidGaps[level] * tick
                askPrice += coin.askGaps[level] * tick
            }
            let bidLots = coin.bidLots[level]
            let askLots = coin.askLots[level]
            bids.append(BookLevel(price: Price(rawValue: bidPrice), size: Size(rawValue: bidLots * lot),
                                  orders: UInt32(1 + bidLots / max(1, coin.profile.typicalLots / 4))))
            asks.append(BookLevel(price: Price(rawValue: askPrice), size: Size(rawValue: askLots * lot),
                                  orders: UInt32(1 + askLots / max(1, coin.profile.typicalLots / 4))))
        }
        self.coins[index] = coin
        let exchangeTime = (time - Int64(self.random.next(below: 30_000_000)) - 2_000_000) / 1_000_000
        return .book(BookSnapshot(coin: coin.profile.coin, exchangeTime: exchangeTime, bids: bids, asks: asks))
    }

    private mutating func makeTrades(_ index: Int, time: Int64) -> Event {
        var coin = self.coins[index]
        let tick = coin.profile.tickRaw(at: Price(rawValue: coin.mid))
        let count = 1 + Int(self.random.next(below: 4))
        let side: Side = self.random.chance(1, in: 2) ? .bid : .ask
        // One batch in twelve is an aggressive sweep through several levels (heavy-tailed
        // depth: 2 to 64 ticks past the touch).
        let sweep = self.random.chance(1, in: 12)
        let sweepDepth: Int64 = sweep ? [2, 4, 8, 16, 32, 64][Int(min(self.random.next(below: 63).trailingZeroBitCount, 5))] : 0
        var trades: [Trade] = []
        trades.reserveCapacity(count + (sweep ? 3 : 0))
        let exchangeTime = (time - 5_000_000) / 1_000_000
        let prints = sweep ? count + 3 : count
        for i in 0..<prints {
            // A buyer lifts the ask (and may walk up); a seller hits the bid.
            let depthTicks = sweep ? sweepDepth * Int64(i) / Int64(max(1, prints - 1)) : Int64(i > 1 ? 1 : 0)
            let depth = depthTicks * tick
            let price = side == .bid ? coin.mid + coin.spreadTicks * tick + depth : coin.mid - depth
            let lots = 1 + Int64(self.random.next(below: UInt64(max(2, coin.profile.typicalLots / 10))))
            coin.tradeID += 1 + self.random.next(below: 1000)
            trades.append(Trade(side: side, price: Price(rawValue: max(tick, price)), size: Size(rawValue: lots * coin.profile.lotRaw),
                                exchangeTime: exchangeTime, tradeID: coin.tradeID))
        }
        self.coins[index] = coin
        return .trades(TradeBatch(coin: coin.profile.coin, trades: trades))
    }
}
