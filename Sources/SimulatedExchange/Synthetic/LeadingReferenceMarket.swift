import Engine

/// ``SyntheticMarket`` together with a synthetic reference venue (Binance-shaped best
/// bid/ask and trades) that **leads** it by a known lag: the reference quote at time t is
/// the Hyperliquid top of book at t + `lead` (times a small fixed basis), and each
/// Hyperliquid mid move is announced `lead` earlier on the reference venue by aggressive
/// trades in its direction (with `flowAccuracy` of them on the right side).
///
/// So the true lead-lag is `lead` and cross-venue flow carries the sign of the coming
/// move, which is what the engine's signals are meant to find. With `arbitrage`, a
/// latency arbitrageur also trades on Hyperliquid between the two: halfway through the
/// lead, for every move of two ticks or more, it sweeps the stale side from the old touch
/// to one tick past the new mid, which is the adverse selection a market maker quoting
/// on Hyperliquid's book alone suffers (and what the signals protect against). Deterministic: the
/// Hyperliquid events are exactly ``SyntheticMarket``'s for the seed (the reference side
/// draws from its own generator), interleaved in time order (ties: Hyperliquid first).
public struct LeadingReferenceMarket {
    /// The reference venue's name in the events ("binance").
    public let source: String
    /// How far the reference venue leads, in nanoseconds (≥ 0).
    public let lead: Int64
    /// The share (0...1) of announcing trades on the side of the coming move.
    public let flowAccuracy: Double
    /// Whether a latency arbitrageur sweeps Hyperliquid's stale side before each move.
    public let arbitrage: Bool

    private var market: SyntheticMarket
    private var random: Xoshiro256StarStar
    private var pendingMarket: [(time: Int64, event: Event)] = []
    private var pendingReference: [(time: Int64, event: Event)] = []
    private var marketHead = 0
    private var referenceHead = 0
    private var generatedUntil: Int64 = .min
    private var lastMid: [String: Int64] = [:]
    private var lastTouch: [String: (bid: Int64, ask: Int64)] = [:]
    private var tradeID: UInt64 = 5_000_000_000
    private var arbitrageID: UInt64 = 900_000_000_000_000

    /// Creates the pair for `coins` from `seed`; the reference leads by `lead` ns.
    public init(seed: UInt64, coins: [String], lead: Int64, source: String = "binance", flowAccuracy: Double = 0.7, arbitrage: Bool = false) {
        self.arbitrage = arbitrage
        self.market = SyntheticMarket(seed: seed, coins: coins)
        self.random = Xoshiro256StarStar(seed: seed ^ 0x5245_4645_5245_4E43)  // "REFERENC"
        self.lead = max(0, lead)
        self.source = source
        self.flowAccuracy = min(max(flowAccuracy, 0), 1)
    }

    /// The next event (Hyperliquid or reference) and its virtual time. Times never decrease.
    public mutating func next() -> (time: Int64, event: Event) {
        // Every reference event up to time T comes from a Hyperliquid event up to T + lead:
        // generate until the market is that far ahead of the earliest candidate.
        while true {
            let candidate = min(self.marketHead < self.pendingMarket.count ? self.pendingMarket[self.marketHead].time : .max,
                                self.referenceHead < self.pendingReference.count ? self.pendingReference[self.referenceHead].time : .max)
            if candidate != .max && self.generatedUntil > candidate &+ self.lead { break }
            self.generate()
        }
        let takeMarket: Bool
        if self.referenceHead >= self.pendingReference.count {
            takeMarket = true
        } else if self.marketHead >= self.pendingMarket.count {
            takeMarket = false
        } else {
            takeMarket = self.pendingMarket[self.marketHead].time <= self.pendingReference[self.referenceHead].time
        }
        let next: (time: Int64, event: Event)
        if takeMarket {
            next = self.pendingMarket[self.marketHead]
            self.marketHead += 1
        } else {
            next = self.pendingReference[self.referenceHead]
            self.referenceHead += 1
        }
        self.compact()
        return next
    }

    private mutating func compact() {
        if self.marketHead > 256 { self.pendingMarket.removeFirst(self.marketHead); self.marketHead = 0 }
        if self.referenceHead > 256 { self.pendingReference.removeFirst(self.referenceHead); self.referenceHead = 0 }
    }

    /// One Hyperliquid event, and the reference events it implies `lead` earlier.
    private mutating func generate() {
        let (time, event) = self.market.next()
        self.generatedUntil = time
        self.pendingMarket.append((time, event))
        let at = max(SyntheticMarket.startTime, time &- self.lead)
        guard case .book(let book) = event, let bid = book.bids.first, let ask = book.asks.first else { return }
        // A basis of one basis point: the venues' prices differ, their moves do not.
        let basis = { (raw: Int64) in raw &+ raw / 10_000 }
        let quote = ReferenceQuote(source: self.source, coin: book.coin,
                                   bidPrice: Price(rawValue: basis(bid.price.rawValue)), bidSize: bid.size,
                                   askPrice: Price(rawValue: basis(ask.price.rawValue)), askSize: ask.size,
                                   exchangeTime: at / 1_000_000)
        self.insertReference((at, .referenceQuote(quote)))
        let mid = (bid.price.rawValue &+ ask.price.rawValue) / 2
        let touch = self.lastTouch[book.coin]
        let tick = max(1, CoinProfile.named(book.coin).tickRaw(at: bid.price))
        defer {
            self.lastMid[book.coin] = mid
            self.lastTouch[book.coin] = (bid.price.rawValue, ask.price.rawValue)
        }
        guard let previous = self.lastMid[book.coin], previous != mid else { return }
        if self.arbitrage, let touch, (mid - previous).magnitude >= 2 * tick {
            let at = max(SyntheticMarket.startTime, time &- self.lead / 2)
            self.insertMarket((at, self.sweep(coin: book.coin, from: touch, to: mid, tick: tick, up: mid > previous, size: bid.size,
                                              at: at / 1_000_000)))
        }
        // The move is announced by 1-3 aggressive trades, mostly on its side.
        let count = 1 + Int(self.random.next(below: 3))
        var trades: [Trade] = []
        for _ in 0..<count {
            let right = self.random.nextUnit() < self.flowAccuracy
            let up = mid > previous
            let side: Side = (up == right) ? .bid : .ask
            self.tradeID &+= 1 &+ self.random.next(below: 50)
            let price = side == .bid ? quote.askPrice : quote.bidPrice
            let size = Size(rawValue: max(1, bid.size.rawValue / 4) &+ Int64(self.random.next(below: UInt64(max(1, bid.size.rawValue / 2)))))
            trades.append(Trade(side: side, price: price, size: size, exchangeTime: at / 1_000_000, tradeID: self.tradeID))
        }
        self.insertReference((at, .referenceTrades(ReferenceTrades(source: self.source, coin: book.coin, trades: trades))))
    }

    /// The arbitrageur's sweep of the stale side: from the old touch to one step past the
    /// new mid, in three prints.
    private mutating func sweep(coin: String, from touch: (bid: Int64, ask: Int64), to mid: Int64, tick: Int64, up: Bool, size: Size,
                                at exchangeTime: Int64) -> Event {
        let start = up ? touch.ask : touch.bid
        let end = up ? max(mid + tick, start) : min(mid - tick, start)
        var trades: [Trade] = []
        for step in 0..<3 {
            let price = start + (end - start) * Int64(step) / 2
            self.arbitrageID &+= 1
            trades.append(Trade(side: up ? .bid : .ask, price: Price(rawValue: max(1, price)), size: size,
                                exchangeTime: exchangeTime, tradeID: self.arbitrageID))
        }
        return .trades(TradeBatch(coin: coin, trades: trades))
    }

    /// Inserts a Hyperliquid event keeping time order (after events of the same time).
    private mutating func insertMarket(_ item: (time: Int64, event: Event)) {
        var index = self.pendingMarket.count
        while index > self.marketHead && self.pendingMarket[index - 1].time > item.time { index -= 1 }
        self.pendingMarket.insert(item, at: index)
    }

    /// Inserts keeping time order (stable: after events of the same time).
    private mutating func insertReference(_ item: (time: Int64, event: Event)) {
        var index = self.pendingReference.count
        while index > self.referenceHead && self.pendingReference[index - 1].time > item.time { index -= 1 }
        self.pendingReference.insert(item, at: index)
    }
}
