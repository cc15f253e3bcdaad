import Engine

/// Settings of the simulated exchange.
public struct SimExchangeConfig: Sendable, Equatable {
    /// Engine → exchange for new orders and modifies.
    public var entryLatency: LatencyModel = .constant(40_000_000)
    /// Engine → exchange for cancels.
    public var cancelLatency: LatencyModel = .constant(40_000_000)
    /// Exchange → engine for responses and fills.
    public var responseLatency: LatencyModel = .constant(20_000_000)
    public var makerFeeBps = 1.5
    public var takerFeeBps = 4.5
    /// Hourly funding rate charged on positions at each UTC hour (longs pay when > 0).
    public var fundingRatePerHour = 0.0000125
    /// Requests an address may send before any volume (Hyperliquid: 10,000 for a new
    /// address); each USDC traded adds one. Backtests default to a mature account.
    public var initialRequestBudget: Int64 = 1_000_000
    /// Smallest order notional the exchange accepts.
    public var minimumOrderValue = 10.0
    /// Requests earned per USDC traded (Hyperliquid: 1).
    public var requestsPerUSDC = 1.0
    /// USDC in the account at start (its value feeds the engine's drawdown and leverage
    /// monitors through the account answers).
    public var initialBalance = 100_000.0
    public var seed: UInt64 = 1

    public init() {}
}

/// A seeded, pure simulation of Hyperliquid's matching for backtests.
///
/// Commands travel to the exchange with the entry or cancel latency; answers and fills
/// travel back with the response latency. Resting orders keep a queue position: they
/// join at the back of their price level (the displayed size at that price when they
/// arrive), the queue ahead shrinks by the size of trades at that price and can never
/// exceed the displayed level size (size leaving the level is assumed to leave ahead of
/// us), and only trade size beyond the queue ahead fills us, so partial fills happen. A
/// trade through our price, or a book that crosses it, fills the order completely at
/// its price. Post-only (Alo) orders that would cross are rejected; Ioc and crossing Gtc
/// orders take displayed liquidity up to their limit (the recorded book is not depleted
/// by our own taking). Tick, lot, minimum-value and reduce-only rules and the
/// address-based request budget produce Hyperliquid's error strings. A cancel that
/// reaches the exchange after a crossing trade finds the order filled: the cancel-fill
/// race emerges from latency.
public struct SimExchange: Sendable {
    struct RestingOrder: Sendable {
        var id: ClientOrderID
        var oid: UInt64
        var coin: Int
        var side: Side
        var price: Price
        var remaining: Int64
        var queueAhead: Int64
        /// Size when placed (or last modified), raw.
        var originalSize: Int64
        /// Virtual time the order was placed (or last modified), nanoseconds.
        var placedAt: Int64
    }

    enum Action: Sendable {
        case arrive(OrderRequest)
        case cancel(coin: String, order: OrderReference)
        case modify(order: OrderReference, replacement: OrderRequest)
        case cancelAll(coin: String?)
        case deliver(Event)
        /// A question from the engine reaches the exchange.
        case query(VenueQuery)
        /// The dead man's switch is armed (or disarmed) for a deadline.
        case arm(deadline: Int64?)
        /// An armed deadline arrives: fires unless re-armed since (its generation).
        case fire(generation: UInt64)
    }

    public let config: SimExchangeConfig
    let coins: [(name: String, rules: PriceRules)]
    var random: Xoshiro256StarStar
    var scheduled: [(time: Int64, order: UInt64, action: Action)] = []
    var scheduleCounter: UInt64 = 0
    var resting: [RestingOrder] = []
    var books: [BookSnapshot?]
    var positions: [Int64]
    var nextOrderID: UInt64 = 1_000_000
    var nextTradeID: UInt64 = 9_000_000_000
    var requestsUsed: Int64 = 0
    var cumulativeVolume = 0.0
    var lastFundingHour: Int64?
    var lastReportedHeadroom = 1.0
    /// Cash: the initial balance plus the cash flows of fills, fees and funding.
    var cash: Double
    /// The dead man's switch: its generation (re-arming supersedes a pending fire).
    var armGeneration: UInt64 = 0
    /// Fills and their maker/taker split, for summaries.
    public internal(set) var fills: UInt64 = 0
    public internal(set) var makerFills: UInt64 = 0

    /// A simulator for the coins (and their size decimals) of an engine config.
    public init(config: SimExchangeConfig, coins: [EngineConfig.Coin]) {
        self.config = config
        self.coins = coins.map { ($0.name, PriceRules(sizeDecimals: Int($0.sizeDecimals))) }
        self.random = Xoshiro256StarStar(seed: config.seed)
        self.books = [BookSnapshot?](repeating: nil, count: coins.count)
        self.positions = [Int64](repeating: 0, count: coins.count)
        self.cash = config.initialBalance
    }

    func coinIndex(_ name: String) -> Int? { self.coins.firstIndex { $0.name == name } }

    mutating func schedule(_ action: Action, at time: Int64) {
        self.scheduleCounter += 1
        let entry = (time: time, order: self.scheduleCounter, action: action)
        // Keep (time, order) sorted: binary search for the insertion point.
        var low = 0
        var high = self.scheduled.count
        while low < high {
            let mid = (low + high) / 2
            let e = self.scheduled[mid]
            if (e.time, e.order) < (time, entry.order) { low = mid + 1 } else { high = mid }
        }
        self.scheduled.insert(entry, at: low)
    }

    mutating func respond(_ event: Event, at time: Int64) {
        self.schedule(.deliver(event), at: time + self.config.responseLatency.sample(&self.random))
    }

    /// Sends the engine's commands on their way at `time`.
    public mutating func submit(_ commands: [Command], at time: Int64) {
        for command in commands {
            switch command {
            case .place(let order):
                self.schedule(.arrive(order), at: time + self.config.entryLatency.sample(&self.random))
            case .cancel(let coin, let order):
                self.schedule(.cancel(coin: coin, order: order), at: time + self.config.cancelLatency.sample(&self.random))
            case .modify(let order, let replacement):
                self.schedule(.modify(order: order, replacement: replacement), at: time + self.config.entryLatency.sample(&self.random))
            case .cancelAll(let coin):
                self.schedule(.cancelAll(coin: coin), at: time + self.config.cancelLatency.sample(&self.random))
            case .scheduleCancel(let deadline):
                self.schedule(.arm(deadline: deadline), at: time + self.config.entryLatency.sample(&self.random))
            case .query(let query):
                self.schedule(.query(query), at: time + self.config.entryLatency.sample(&self.random))
            case .decision, .reconnect:
                break
            }
        }
    }

    /// The time of the next scheduled action, if any.
    public var nextActionTime: Int64? { self.scheduled.first?.time }

    /// Runs every action due at or before `time`; returns the events that reach the
    /// engine, in time order.
    public mutating func run(until time: Int64) -> [(time: Int64, event: Event)] {
        var delivered: [(time: Int64, event: Event)] = []
        while let first = self.scheduled.first, first.time <= time {
            self.scheduled.removeFirst()
            switch first.action {
            case .deliver(let event): delivered.append((first.time, event))
            case .arrive(let order): self.arrive(order, at: first.time)
            case .cancel(let coin, let order): self.cancel(coin: coin, order: order, at: first.time)
            case .modify(let order, let replacement): self.modify(order, replacement, at: first.time)
            case .cancelAll(let coin):
                for order in self.resting where coin == nil || self.coins[order.coin].name == coin {
                    self.cancel(coin: self.coins[order.coin].name, order: .client(order.id), at: first.time)
                }
            case .query(let query):
                self.answer(query, at: first.time)
            case .arm(let deadline):
                self.armGeneration += 1
                if self.spendRequest(at: first.time) == nil, let deadline {
                    self.schedule(.fire(generation: self.armGeneration), at: max(deadline, first.time))
                }
            case .fire(let generation):
                if generation == self.armGeneration { self.fireDeadMansSwitch(at: first.time) }
            }
        }
        return delivered
    }

    /// The address budget: 10,000 + 1 per USDC traded. Returns an error message when
    /// exhausted, after counting the request.
    mutating func spendRequest(at time: Int64) -> String? {
        self.requestsUsed += 1
        let cap = self.requestCap
        let headroom = max(0, 1 - Double(self.requestsUsed) / Double(max(cap, 1)))
        if (headroom - self.lastReportedHeadroom).magnitude >= 0.01 || self.requestsUsed % 500 == 0 {
            self.lastReportedHeadroom = headroom
            self.respond(.rateLimit(RateLimitStatus(used: UInt64(self.requestsUsed), cap: UInt64(max(cap, 0)))), at: time)
        }
        guard self.requestsUsed > cap else { return nil }
        return "Too many cumulative requests sent (\(self.requestsUsed) > \(cap)) for cumulative volume traded $\(Int64(self.cumulativeVolume)). Place taker orders to free up 1 request per USDC traded."
    }
}
