import Engine
import Foundation

/// How far apart in virtual time a random stream's events are.
enum StreamTiming: Sendable {
    /// A live session: mostly milliseconds apart, sometimes seconds, rarely minutes.
    case live
    /// Anything from the same nanosecond to ten years (``Limits/longestDuration``).
    case mixed
    /// Hours to ten years apart.
    case sparse
    /// Exactly this many nanoseconds apart.
    case fixed(Int64)
}

/// A seeded random stream of events that ``Event/limitProblem`` accepts, drawn one at a
/// time against an engine: books (two-sided, one-sided, empty, crossed, resent, up to
/// ``Limits/levelsPerSide`` levels), trades (up to ``Limits/tradesPerBatch``), answers to
/// the engine's own requests (every outcome, lost ones included), fills of its orders
/// (partial, late, duplicate, orphan, snapshot, liquidation), order updates, lookups,
/// account snapshots listing its orders and strangers, funding, liquidations, connection
/// changes, rate limits, reference prices, ticks and operator actions (config changes
/// included); prices and sizes from one raw unit to the limits, non-decreasing times
/// from the epoch to ``Limits/latestTime`` with gaps up to ten years.
///
/// A calm stream is a plausible session (its fills are of the engine's orders at their
/// prices, its account agrees, no operator kills or failed feeds), so the engine gets to
/// quote and trade; a hostile one adds every extreme the limits allow (fees and account
/// values of any size, fills of strangers' orders, liquidations, kill-switch checkpoints).
struct RandomStream {
    /// A request of the engine waiting for the venue's answer.
    enum Request {
        case place(OrderRequest)
        case modify(OrderRequest)
        case cancel(coin: String, order: OrderReference)
    }

    var random: Xoshiro256StarStar
    var configs: RandomConfigs
    let coins: [EngineConfig.Coin]
    let timing: StreamTiming
    let hostile: Bool
    private(set) var time: Int64
    private(set) var seq: UInt64 = 0
    /// The mid of each coin (raw price), random-walking.
    var mids: [Int64]
    var lastBooks: [BookSnapshot?]
    var pending: [Request] = []
    var lookups: [(coin: String, id: ClientOrderID)] = []
    var accountAsked = false
    var nextOrderID: UInt64 = 1_000
    var nextTradeID: UInt64 = 1
    var orderIDs: [ClientOrderID: UInt64] = [:]
    /// Every place the engine sent (for late fills of orders it no longer tracks).
    var placed: [OrderRequest] = []
    /// Open orders listed by account snapshots so far (a listed stranger is cancelled,
    /// an orphan adopted: work proportional to the input).
    private(set) var listedOrders = 0

    init(seed: UInt64, coins: [EngineConfig.Coin], timing: StreamTiming, hostile: Bool, start: Int64? = nil) {
        self.random = Xoshiro256StarStar(seed: seed)
        self.hostile = hostile
        self.configs = RandomConfigs(seed: seed ^ 0x5EED_C0FF_EE00_0000)
        self.coins = coins
        self.timing = timing
        self.lastBooks = Array(repeating: nil, count: coins.count)
        self.mids = []
        self.time = 0
        if let start {
            self.time = start
        } else {
            switch self.random.next(below: 20) {
            case 0, 1: self.time = 0
            case 2: self.time = Limits.latestTime
            case 3, 4: self.time = Limits.latestTime - self.random.next(in: 0...86_400_000_000_000)
            case 5, 6, 7, 8: self.time = self.random.next(in: Limits.time)
            default: self.time = 1_737_849_600_000_000_000 + self.random.next(in: 0...31_536_000_000_000_000)
            }
        }
        for _ in coins { self.mids.append(self.initialMid()) }
    }

    // MARK: Values

    mutating func chance(_ numerator: UInt64, in denominator: UInt64) -> Bool { self.random.chance(numerator, in: denominator) }
    mutating func pick<T>(_ values: [T]) -> T { values[Int(self.random.next(below: UInt64(values.count)))] }

    mutating func initialMid() -> Int64 {
        switch self.random.next(below: 10) {
        case 0: return self.random.next(in: 2...200)  // prices below one tick
        case 1: return Limits.highestPrice.rawValue - self.random.next(in: 0...1_000)
        default: return self.configs.logUniform(10_000, 100_000_000_000_000)  // 0.0001 ... 10⁶
        }
    }

    /// A valid size: usually modest, sometimes one raw unit or the largest.
    mutating func size() -> Size {
        switch self.random.next(below: 10) {
        case 0: return Size(rawValue: 1)
        case 1: return Limits.largestSize
        case 2, 3: return Size(rawValue: self.configs.logUniform(1, Limits.largestSize.rawValue))
        default: return Size(rawValue: self.configs.logUniform(1_000, 1_000_000_000_000))
        }
    }

    /// A valid signed size (a position).
    mutating func signedSize() -> Size {
        let size = self.chance(1, in: 8) ? .zero : self.size()
        return self.chance(1, in: 2) ? size : Size(rawValue: -size.rawValue)
    }

    /// Any amount: amounts have no limits.
    mutating func amount() -> Amount {
        guard self.hostile else { return Amount(rawValue: self.random.next(in: -100_000_000...100_000_000)) }
        switch self.random.next(below: 10) {
        case 0: return Amount(rawValue: .min)
        case 1: return Amount(rawValue: .max)
        case 2: return .zero
        case 3: return Amount(rawValue: Int64(bitPattern: self.random.next()))
        default: return Amount(rawValue: self.random.next(in: -1_000_000_000_000...100_000_000_000_000))
        }
    }

    /// A valid price near the coin's mid, or anywhere in range.
    mutating func price(coin i: Int?) -> Price {
        guard let i, !self.chance(1, in: 10) else {
            return self.chance(1, in: 2) ? Price(rawValue: self.pick([1, 2, Limits.highestPrice.rawValue])) : Price(rawValue: self.random.next(in: 1...Limits.highestPrice.rawValue))
        }
        let mid = self.mids[i]
        let offset = Int64(Double(mid) * (self.random.nextUnit() - 0.5) * 2e-3)
        return Self.valid(mid + offset)
    }

    /// `raw` clamped to the valid price range.
    static func valid(_ raw: Int64) -> Price { Price(rawValue: min(max(raw, 1), Limits.highestPrice.rawValue)) }

    /// A size clamped to the valid range (positions and engine sizes may pass it).
    static func valid(_ size: Size, allowZero: Bool) -> Size {
        if allowZero && size.rawValue == 0 { return size }
        return Size(rawValue: min(max(size.rawValue, 1), Limits.largestSize.rawValue))
    }

    static func validSigned(_ size: Size) -> Size {
        Size(rawValue: min(max(size.rawValue, -Limits.largestSize.rawValue), Limits.largestSize.rawValue))
    }

    /// An exchange time (ms): now, absent, or anywhere valid.
    mutating func exchangeTime() -> Int64 {
        switch self.random.next(below: 40) {
        case 0, 1: return 0
        case 2: return Limits.exchangeTime.upperBound
        case 3, 4: return self.random.next(in: Limits.exchangeTime)
        default: return self.time / 1_000_000
        }
    }

    mutating func coinIndex() -> Int { Int(self.random.next(below: UInt64(self.coins.count))) }

    mutating func text() -> String { self.pick(["", "reason", "Ünïcødé ✓", "quote\"and\\slash", "Order could not immediately match", "Too many cumulative requests sent"]) }

    // MARK: The stream

    /// Notes the engine's commands: requests to answer, lookups, account queries.
    mutating func observe(_ commands: [Command]) {
        for command in commands {
            switch command {
            case .place(let order):
                self.pending.append(.place(order))
                self.placed.append(order)
                if self.placed.count > 512 { self.placed.removeFirst(256) }
            case .modify(_, let order): self.pending.append(.modify(order))
            case .cancel(let coin, let order): self.pending.append(.cancel(coin: coin, order: order))
            case .query(.account): self.accountAsked = true
            case .query(.orderStatus(let coin, let id)): self.lookups.append((coin, id))
            case .cancelAll, .scheduleCancel, .decision, .reconnect: break
            }
        }
        // Answers get lost: the engine must cope (watchdogs, lookups, reconciliation).
        if self.pending.count > 256 { self.pending.removeFirst(self.pending.count - 256) }
        if self.lookups.count > 64 { self.lookups.removeFirst(self.lookups.count - 64) }
    }

    /// The next event, drawn against what the engine tracks now.
    mutating func next(engine: Engine) -> Stamped<Event> {
        self.advance()
        self.seq += 1
        let event: Event
        let roll = self.random.next(below: 1_000)
        switch roll {
        case 0..<280: event = self.book()
        case 280..<390: event = self.trades()
        case 390..<480: event = .tick
        case 480..<640: event = self.pending.isEmpty ? self.book() : self.answer()
        case 640..<700: event = self.fill(engine: engine)
        case 700..<740: event = self.orderUpdate(engine: engine)
        case 740..<780: event = self.lookups.isEmpty ? .tick : self.lookupAnswer(engine: engine)
        case 780..<830: event = self.account(engine: engine)
        case 830..<860: event = self.userEvent(engine: engine)
        case 860..<890: event = self.connection()
        case 890..<910: event = .rateLimit(self.rateLimit())
        case 910..<930: event = self.reference()
        case 930..<955: event = .operator(self.operatorAction())
        case 955..<965: event = self.stranger()
        default: event = self.accountAsked ? self.account(engine: engine) : self.book()
        }
        return Stamped(seq: self.seq, time: self.time, event: event)
    }

    mutating func advance() {
        let gap: Int64
        switch self.timing {
        case .fixed(let nanoseconds): gap = nanoseconds
        case .live:
            switch self.random.next(below: 100) {
            case 0..<10: gap = 0
            case 10..<70: gap = self.random.next(in: 1...50_000_000)
            case 70..<95: gap = self.random.next(in: 50_000_000...500_000_000)
            case 95..<99: gap = self.random.next(in: 1_000_000_000...10_000_000_000)
            default: gap = self.random.next(in: 30_000_000_000...120_000_000_000)
            }
        case .mixed:
            switch self.random.next(below: 100) {
            case 0..<30: gap = 0
            case 30..<50: gap = self.random.next(in: 1...1_000_000)
            case 50..<70: gap = self.random.next(in: 1_000_000...1_000_000_000)
            case 70..<85: gap = self.random.next(in: 1_000_000_000...3_600_000_000_000)
            case 85..<95: gap = self.random.next(in: 3_600_000_000_000...2_592_000_000_000_000)
            default: gap = self.random.next(in: 0...Limits.longestDuration)
            }
        case .sparse:
            gap = self.configs.logUniform(3_600_000_000_000, Limits.longestDuration)
        }
        self.time = gap > Limits.latestTime - self.time ? Limits.latestTime : self.time + gap
    }

    mutating func book() -> Event {
        let i = self.coinIndex()
        if let last = self.lastBooks[i], self.chance(1, in: 20) { return .book(last) }  // a resend
        // Random walk, with rare jumps.
        var mid = Double(self.mids[i])
        mid *= self.chance(1, in: 50) ? 0.5 + 1.5 * self.random.nextUnit() : 1 + (self.random.nextUnit() - 0.5) * 2e-4
        self.mids[i] = min(max(Int64(mid), 2), Limits.highestPrice.rawValue)
        let center = self.mids[i]
        let fraction = self.chance(1, in: 20) ? 0.5 : 1e-5 + self.random.nextUnit() * 1e-3
        let half = max(1, Int64(Double(center) * fraction))
        var bestBid = max(1, center - half)
        var bestAsk = min(Limits.highestPrice.rawValue, center + half)
        let depth: Int
        switch self.random.next(below: 100) {
        case 0: depth = Limits.levelsPerSide
        case 1..<10: depth = Int(self.random.next(in: 6...50))
        default: depth = Int(self.random.next(in: 1...5))
        }
        let step = max(1, half / 2)
        var bidCount = depth
        var askCount = depth
        switch self.random.next(below: 100) {
        case 0..<3: bidCount = 0
        case 3..<6: askCount = 0
        case 6..<8: (bidCount, askCount) = (0, 0)
        case 8..<12: swap(&bestBid, &bestAsk)  // crossed
        default: break
        }
        var bids: [BookLevel] = []
        var asks: [BookLevel] = []
        for k in 0..<bidCount {
            let price = bestBid - Int64(k) * step
            guard price >= 1 else { break }
            bids.append(BookLevel(price: Price(rawValue: price), size: self.size(), orders: UInt32(truncatingIfNeeded: self.random.next())))
        }
        for k in 0..<askCount {
            let (price, overflow) = bestAsk.addingReportingOverflow(Int64(k) * step)
            guard !overflow, price <= Limits.highestPrice.rawValue else { break }
            asks.append(BookLevel(price: Price(rawValue: price), size: self.size(), orders: UInt32(truncatingIfNeeded: self.random.next())))
        }
        if self.chance(1, in: 30) { bids.reverse(); if asks.count > 1 { asks[1] = asks[0] } }  // unsorted, duplicate levels
        let book = BookSnapshot(coin: self.coins[i].name, exchangeTime: self.exchangeTime(), bids: bids, asks: asks)
        self.lastBooks[i] = book
        return .book(book)
    }

    mutating func trades() -> Event {
        let i = self.coinIndex()
        let count: Int
        switch self.random.next(below: 1_000) {
        case 0: count = Limits.tradesPerBatch
        case 1..<40: count = Int(self.random.next(in: 7...500))
        default: count = Int(self.random.next(in: 1...6))
        }
        var trades: [Trade] = []
        trades.reserveCapacity(count)
        for _ in 0..<count {
            trades.append(Trade(side: self.chance(1, in: 2) ? .bid : .ask, price: self.price(coin: i), size: self.size(),
                                exchangeTime: self.exchangeTime(), tradeID: self.nextTradeID))
            self.nextTradeID &+= 1
        }
        return .trades(TradeBatch(coin: self.coins[i].name, trades: trades))
    }

    /// The venue's answer to one of the engine's requests.
    mutating func answer() -> Event {
        let index = self.chance(2, in: 3) ? 0 : Int(self.random.next(below: UInt64(self.pending.count)))
        let request = self.pending.remove(at: index)
        let roll = self.random.next(below: 100)
        let message = self.pick(["Order could not immediately match", "Too many cumulative requests sent", "Insufficient margin", ""])
        switch request {
        case .place(let order):
            let oid = self.nextOrderID
            self.nextOrderID &+= 1
            self.orderIDs[order.clientOrderID] = oid
            let outcome: OrderOutcome
            switch roll {
            case 0..<55: outcome = .resting
            case 55..<65: outcome = .filled(totalSize: Self.valid(order.size, allowZero: false), averagePrice: Self.valid(order.price.rawValue))
            case 65..<75: outcome = .rejected(message: message)
            case 75..<83: outcome = .rateLimited(message: message)
            case 83..<93: outcome = .unknown(message: message)
            case 93..<96: outcome = .cancelRejected(message: message)
            default: outcome = .modified
            }
            return .orderResponse(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: self.chance(9, in: 10) ? oid : nil, outcome: outcome))
        case .modify(let order):
            let outcome: OrderOutcome
            switch roll {
            case 0..<55: outcome = .modified
            case 55..<70: outcome = .rejected(message: message)
            case 70..<80: outcome = .rateLimited(message: message)
            case 80..<90: outcome = .unknown(message: message)
            case 90..<95: outcome = .resting
            default: outcome = .cancelRejected(message: message)
            }
            return .orderResponse(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: self.orderIDs[order.clientOrderID], outcome: outcome))
        case .cancel(let coin, let reference):
            let outcome: OrderOutcome
            switch roll {
            case 0..<60: outcome = .cancelled
            case 60..<75: outcome = .cancelRejected(message: message)
            case 75..<85: outcome = .rateLimited(message: message)
            case 85..<95: outcome = .unknown(message: message)
            default: outcome = .resting
            }
            switch reference {
            case .client(let id): return .orderResponse(OrderResponse(coin: coin, clientOrderID: id, orderID: self.orderIDs[id], outcome: outcome))
            case .exchange(let oid): return .orderResponse(OrderResponse(coin: coin, clientOrderID: nil, orderID: oid, outcome: outcome))
            }
        }
    }

    mutating func fill(engine: Engine) -> Event {
        let i = self.coinIndex()
        let coin = self.coins[i].name
        let tracked = engine.trackedOrders(coinIndex: i)
        var side: Side = self.chance(1, in: 2) ? .bid : .ask
        var price = self.price(coin: i)
        var size = self.size()
        var cloid: ClientOrderID? = self.chance(1, in: 2) ? ClientOrderID(high: self.random.next(), low: self.random.next()) : nil
        var oid = self.random.next()
        let roll = self.hostile ? self.random.next(below: 100) : self.random.next(below: 80)
        if !self.hostile, tracked.isEmpty, self.placed.isEmpty { return .tick }
        if roll < 60, !tracked.isEmpty {
            let order = tracked[Int(self.random.next(below: UInt64(tracked.count)))]
            side = order.side
            price = Self.valid(order.price.rawValue)
            size = Self.valid(self.chance(1, in: 2) ? order.remaining : Size(rawValue: order.remaining.rawValue / 2), allowZero: false)
            cloid = order.namedByOrderID ? nil : order.clientOrderID
            oid = order.orderID ?? self.orderIDs[order.clientOrderID] ?? oid
        } else if roll < 80, !self.placed.isEmpty {
            let order = self.pick(self.placed)
            side = order.side
            price = Self.valid(order.price.rawValue)
            size = Self.valid(order.size, allowZero: false)
            cloid = order.clientOrderID
            oid = self.orderIDs[order.clientOrderID] ?? oid
        }
        let tradeID: UInt64
        if self.chance(1, in: 10) && self.nextTradeID > 1 {
            tradeID = self.random.next(below: self.nextTradeID)  // a resend
        } else {
            tradeID = self.nextTradeID
            self.nextTradeID &+= 1
        }
        let fee = !self.hostile || self.chance(3, in: 4) ? Amount(rawValue: self.random.next(in: -1_000_000...10_000_000)) : self.amount()
        let start = !self.hostile || self.chance(3, in: 4) ? Self.validSigned(engine.position(coinIndex: i)) : self.signedSize()
        let liquidation = self.hostile && self.chance(1, in: 30) ? FillLiquidation(liquidatedUser: self.chance(1, in: 2) ? "0xabc" : nil, markPrice: self.price(coin: i), method: "market") : nil
        return .fill(Fill(coin: coin, side: side, price: price, size: size, exchangeTime: self.exchangeTime(), orderID: oid, clientOrderID: cloid,
                          tradeID: tradeID, fee: fee, feeToken: "USDC", crossed: self.chance(1, in: 5), startPosition: start,
                          closedPnl: self.amount(), liquidation: liquidation, isSnapshot: self.hostile && self.chance(1, in: 20)))
    }

    static let statuses = ["open", "filled", "canceled", "rejected", "marginCanceled", "triggered", "reduceOnlyCanceled", "somethingNew"]

    mutating func orderUpdate(engine: Engine) -> Event {
        let i = self.coinIndex()
        let tracked = engine.trackedOrders(coinIndex: i)
        let status = OrderStatus(rawValue: self.pick(Self.statuses))
        if let order = tracked.isEmpty || self.chance(1, in: 5) ? nil : self.pick(tracked) {
            return .orderUpdate(OrderUpdate(coin: self.coins[i].name, side: order.side, limitPrice: Self.valid(order.price.rawValue),
                                            size: Self.valid(order.remaining, allowZero: true), originalSize: Self.valid(order.size, allowZero: true),
                                            orderID: order.orderID ?? self.orderIDs[order.clientOrderID] ?? self.random.next(),
                                            clientOrderID: order.namedByOrderID ? nil : order.clientOrderID,
                                            status: status, statusTime: self.exchangeTime(), orderTime: self.exchangeTime()))
        }
        return .orderUpdate(OrderUpdate(coin: self.coins[i].name, side: .bid, limitPrice: self.price(coin: i), size: self.size(), originalSize: self.size(),
                                        orderID: self.random.next(), clientOrderID: nil, status: status, statusTime: self.exchangeTime(), orderTime: self.exchangeTime()))
    }

    mutating func lookupAnswer(engine: Engine) -> Event {
        let (coin, id) = self.lookups.removeFirst()
        guard !self.chance(2, in: 5) else { return .orderLookup(OrderLookup(coin: coin, clientOrderID: id, order: nil)) }
        let i = self.coins.firstIndex { $0.name == coin }
        let order = i.flatMap { engine.trackedOrders(coinIndex: $0).first { $0.clientOrderID == id } }
        let status = OrderStatus(rawValue: self.pick(["open", "open", "filled", "canceled", "rejected"]))
        let found = OrderUpdate(coin: coin, side: order?.side ?? .ask, limitPrice: order.map { Self.valid($0.price.rawValue) } ?? self.price(coin: i),
                                size: Self.valid(order?.remaining ?? self.size(), allowZero: true), originalSize: Self.valid(order?.size ?? self.size(), allowZero: true),
                                orderID: self.orderIDs[id] ?? self.random.next(), clientOrderID: id, status: status,
                                statusTime: self.exchangeTime(), orderTime: self.exchangeTime())
        return .orderLookup(OrderLookup(coin: coin, clientOrderID: id, order: found))
    }

    mutating func account(engine: Engine) -> Event {
        self.accountAsked = false
        var positions: [PositionSnapshot] = []
        for i in self.coins.indices {
            let size: Size
            switch self.hostile ? self.random.next(below: 10) : 9 {
            case 0: continue
            case 1, 2: size = self.signedSize()
            default: size = Self.validSigned(engine.position(coinIndex: i))
            }
            positions.append(PositionSnapshot(coin: self.coins[i].name, size: size, entryPrice: self.chance(1, in: 2) ? self.price(coin: i) : nil,
                                              unrealizedPnl: self.amount(), liquidationPrice: nil))
        }
        if self.chance(1, in: 20) { positions.append(PositionSnapshot(coin: "NOT-QUOTED", size: self.signedSize(), entryPrice: nil, unrealizedPnl: .zero, liquidationPrice: nil)) }
        var open: [OpenOrderSnapshot]?
        if !self.chance(3, in: 10) {
            var orders: [OpenOrderSnapshot] = []
            for i in self.coins.indices {
                for order in engine.trackedOrders(coinIndex: i) where !self.chance(1, in: 8) {
                    orders.append(OpenOrderSnapshot(coin: self.coins[i].name, side: order.side, limitPrice: Self.valid(order.price.rawValue),
                                                    size: Self.valid(order.remaining, allowZero: true),
                                                    orderID: order.orderID ?? self.orderIDs[order.clientOrderID] ?? self.random.next(),
                                                    clientOrderID: order.namedByOrderID ? nil : order.clientOrderID))
                }
            }
            let strangers: Int
            switch self.hostile ? self.random.next(below: 200) : 0 {
            case 0..<140: strangers = 0
            case 140..<190: strangers = Int(self.random.next(in: 1...3))
            case 190..<199: strangers = Int(self.random.next(in: 20...200))
            default: strangers = Int(self.random.next(in: 2_000...2_500))  // more than a side's slots
            }
            for _ in 0..<strangers {
                let i = self.coinIndex()
                orders.append(OpenOrderSnapshot(coin: self.coins[i].name, side: self.chance(1, in: 2) ? .bid : .ask, limitPrice: self.price(coin: i),
                                                size: self.chance(1, in: 10) ? .zero : self.size(), orderID: self.random.next(),
                                                clientOrderID: self.chance(1, in: 2) ? ClientOrderID(high: self.random.next(), low: self.random.next()) : nil))
            }
            self.listedOrders += orders.count
            open = orders
        }
        let value = !self.hostile || self.chance(2, in: 3) ? Amount(rawValue: self.random.next(in: 100_000_000_000...10_000_000_000_000)) : self.amount()
        return .account(AccountSnapshot(exchangeTime: self.exchangeTime(), accountValue: value, totalMarginUsed: self.amount(),
                                        withdrawable: self.amount(), positions: positions, openOrders: open))
    }

    mutating func userEvent(engine: Engine) -> Event {
        let i = self.coinIndex()
        let coin = self.coins[i].name
        switch self.random.next(below: self.hostile ? 3 : 1) {
        case 0:
            let rate = !self.hostile || self.chance(4, in: 5) ? (self.random.nextUnit() - 0.5) * 2e-3 : self.pick([1e308, -1e308, 0, Double.leastNonzeroMagnitude, 1, -1])
            return .userEvent(.funding(coin: coin, amount: self.amount(), positionSize: self.signedSize(), rate: FundingRate(rate)))
        case 1:
            return .userEvent(.liquidation(id: self.random.next(), liquidator: "0xdef", liquidatedUser: "0xabc", notionalPosition: self.amount(), accountValue: self.amount()))
        default:
            let tracked = engine.trackedOrders(coinIndex: i)
            let oid = tracked.isEmpty || self.chance(1, in: 4) ? self.random.next() : (self.pick(tracked).orderID ?? self.random.next())
            return .userEvent(.nonUserCancel(coin: coin, orderID: oid))
        }
    }

    mutating func connection() -> Event {
        let feed = self.chance(7, in: 10) ? "ws" : self.pick(["l2Book:BTC", "exchange", "user", "", "reference:binance"])
        let state: ConnectionState
        switch self.random.next(below: self.hostile ? 20 : 13) {
        case 0..<8: state = .connected
        case 8..<13: state = .disconnected(reason: self.text())
        case 13..<18: state = .reconnecting(attempt: self.hostile ? (self.chance(1, in: 10) ? UInt32.max : UInt32(self.random.next(in: 0...12))) : UInt32(self.random.next(in: 1...3)))
        default: state = .failed(reason: self.text())
        }
        return .connection(ConnectionEvent(feed: feed, state: state))
    }

    mutating func rateLimit() -> RateLimitStatus {
        if self.hostile && self.chance(1, in: 4) { return RateLimitStatus(used: self.pick([0, 1, UInt64.max]), cap: self.pick([0, 1, UInt64.max])) }
        return RateLimitStatus(used: self.random.next(below: self.hostile ? 1_500 : 600), cap: 1_200)
    }

    mutating func reference() -> Event {
        let i = self.coinIndex()
        let coin = self.chance(1, in: 10) ? "NOT-QUOTED" : self.coins[i].name
        switch self.random.next(below: 3) {
        case 0:
            return .referencePrice(ReferencePrice(source: "binance", coin: coin, price: self.price(coin: i)))
        case 1:
            // Usually a sane best bid/ask; sometimes crossed or one-sided at the limits.
            let a = self.price(coin: i)
            let b = self.price(coin: i)
            let (bid, ask) = self.chance(1, in: 8) ? (max(a, b), min(a, b)) : (min(a, b), max(a, b))
            return .referenceQuote(ReferenceQuote(source: "binance", coin: coin, bidPrice: bid, bidSize: self.size(),
                                                  askPrice: ask, askSize: self.size(), exchangeTime: self.exchangeTime()))
        default:
            let trades = (0..<(1 + Int(self.random.next(below: 4)))).map { _ in
                Trade(side: self.chance(1, in: 2) ? .bid : .ask, price: self.price(coin: i), size: self.size(),
                      exchangeTime: self.exchangeTime(), tradeID: self.random.next())
            }
            return .referenceTrades(ReferenceTrades(source: "binance", coin: coin, trades: trades))
        }
    }

    mutating func operatorAction() -> OperatorAction {
        switch self.hostile ? self.random.next(below: 100) : self.pick([20, 50, 70, 90]) {
        case 0..<15: return .pause
        case 15..<40: return .resume
        case 40..<48: return .kill(reason: self.text())
        case 48..<63: return .resetKillSwitch
        case 63..<78: return .forceResetKillSwitch
        case 78..<80: return .shutdown(reason: self.text())
        default:
            let change = self.configs.configChange()
            return .configChange(path: change.path, value: change.value)
        }
    }

    /// An event for a coin the config does not quote.
    mutating func stranger() -> Event {
        let coin = "NOT-QUOTED"
        switch self.random.next(below: 4) {
        case 0: return .book(BookSnapshot(coin: coin, exchangeTime: self.exchangeTime(), bids: [BookLevel(price: Price(rawValue: 1), size: Size(rawValue: 1), orders: 1)], asks: []))
        case 1: return .trades(TradeBatch(coin: coin, trades: [Trade(side: .ask, price: Limits.highestPrice, size: Limits.largestSize, exchangeTime: 0, tradeID: 7)]))
        case 2: return .orderResponse(OrderResponse(coin: coin, clientOrderID: nil, orderID: 1, outcome: .rateLimited(message: "")))
        default:
            return .fill(Fill(coin: coin, side: .bid, price: Limits.highestPrice, size: Limits.largestSize, exchangeTime: 0, orderID: 1, clientOrderID: nil,
                              tradeID: 1, fee: .zero, feeToken: "USDC", crossed: true, startPosition: .zero, closedPnl: .zero, liquidation: nil, isSnapshot: false))
        }
    }

    /// A kill-switch checkpoint as ``CheckpointStore`` accepts it (valid times; a tripped
    /// one names a reason), or none.
    mutating func checkpoint() -> KillSwitchCheckpoint? {
        guard self.hostile, self.chance(1, in: 4) else { return nil }
        let all: [KillReason] = [
            .maxLoss(loss: 600, limit: 500), .maxDrawdown(drawdown: 0.5, limit: 0.05), .maxPosition(value: 1e12, limit: 1e4),
            .positionRunaway(value: 1e9, limit: 1), .staleData(seconds: 1e9, threshold: 30), .rateLimit(count: .max, limit: 3),
            .cascadeDetected(severity: 1e300), .manual(reason: "Ünïcødé ✓"), .liquidationDetected(positionDelta: 5, maxPosition: 1),
            .priceVelocity(perSecond: 100, limit: 0.15), .positionVelocity(perMinute: 1e6, limit: 2),
        ]
        let triggered = self.chance(3, in: 4)
        let reasons = triggered ? (0..<Int(self.random.next(in: 1...3))).map { _ in self.pick(all) } : []
        let times = [0, Limits.latestTime, self.time, max(0, self.time - 3_600_000_000_000), self.random.next(in: Limits.time)]
        return KillSwitchCheckpoint(triggered: triggered, reasons: reasons, time: self.pick(times), triggeredAt: self.chance(1, in: 4) ? nil : self.pick(times))
    }
}
