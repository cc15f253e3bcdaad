import Engine
import SimulatedExchange
import TestSupport
import Testing

@Suite(.tags(.integration)) struct SimExchangeTests {
    static let ms: Int64 = 1_000_000
    var config: SimExchangeConfig {
        var c = SimExchangeConfig()
        c.entryLatency = .constant(10 * Self.ms)
        c.cancelLatency = .constant(10 * Self.ms)
        c.responseLatency = .constant(5 * Self.ms)
        c.fundingRatePerHour = 0
        return c
    }
    let coins = [EngineConfig.Coin(name: "BTC", sizeDecimals: 5, orderSize: Size(rawValue: 100_000), maxInventory: Size(rawValue: 1_000_000))]

    static func book(_ bid: String, _ bidSize: String, _ ask: String, _ askSize: String) -> Event {
        .book(BookSnapshot(coin: "BTC", exchangeTime: 0,
                           bids: [BookLevel(price: try! Price(parsing: bid), size: try! Size(parsing: bidSize), orders: 1)],
                           asks: [BookLevel(price: try! Price(parsing: ask), size: try! Size(parsing: askSize), orders: 1)]))
    }
    static func trade(_ side: Side, _ price: String, _ size: String) -> Event {
        .trades(TradeBatch(coin: "BTC", trades: [Trade(side: side, price: try! Price(parsing: price), size: try! Size(parsing: size), exchangeTime: 0, tradeID: 1)]))
    }
    static func order(_ id: UInt64, _ side: Side, _ price: String, _ size: String = "0.001", tif: TimeInForce = .alo, reduceOnly: Bool = false) -> OrderRequest {
        OrderRequest(clientOrderID: ClientOrderID(high: 1, low: id), coin: "BTC", side: side, price: try! Price(parsing: price),
                     size: try! Size(parsing: size), timeInForce: tif, reduceOnly: reduceOnly)
    }

    func fills(_ events: [(time: Int64, event: Event)]) -> [Fill] { events.compactMap { if case .fill(let f) = $0.event { f } else { nil } } }
    func outcomes(_ events: [(time: Int64, event: Event)]) -> [OrderOutcome] {
        events.compactMap { if case .orderResponse(let r) = $0.event { r.outcome } else { nil } }
    }

    @Test func aRestingOrderJoinsTheBackOfTheQueueAndFillsPartially() {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "0.003", "100001", "1"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "100000", "0.002"))], at: 0)
        let acks = sim.run(until: 20 * Self.ms)
        #expect(self.outcomes(acks) == [.resting])
        #expect(acks.first?.time == 15 * Self.ms)  // 10 ms there, 5 ms back
        // 0.002 trades at our price: all of it is the queue ahead (0.003): no fill.
        sim.marketData(Self.trade(.ask, "100000", "0.002"), at: 30 * Self.ms)
        #expect(self.fills(sim.run(until: 40 * Self.ms)).isEmpty)
        // 0.0015 more: 0.001 clears the queue, 0.0005 fills us (partial).
        sim.marketData(Self.trade(.ask, "100000", "0.0015"), at: 50 * Self.ms)
        let partial = self.fills(sim.run(until: 60 * Self.ms))
        #expect(partial.map(\.size) == [Size(rawValue: 50_000)])
        #expect(partial.first?.crossed == false && partial.first?.price == (try! Price(parsing: "100000")))
        // A trade through our price fills the rest.
        sim.marketData(Self.trade(.ask, "99999", "0.01"), at: 70 * Self.ms)
        #expect(self.fills(sim.run(until: 80 * Self.ms)).map(\.size) == [Size(rawValue: 150_000)])
        #expect(sim.fills == 2 && sim.makerFills == 2)
    }

    /// The simulated venue answers the engine's questions (so backtests and paper mode
    /// feed the drawdown and leverage monitors an account value) and fires its dead
    /// man's switch.
    @Test func itAnswersAccountQueriesAndLookupsAndFiresTheDeadMansSwitch() throws {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100002", "1"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "100000")), .place(Self.order(2, .ask, "100001", "0.002", tif: .ioc))], at: 0)
        _ = sim.run(until: 20 * Self.ms)
        sim.submit([.query(.account), .query(.orderStatus(coin: "BTC", clientOrderID: ClientOrderID(high: 1, low: 1))),
                    .query(.orderStatus(coin: "BTC", clientOrderID: ClientOrderID(high: 1, low: 9)))], at: 30 * Self.ms)
        let answers = sim.run(until: 50 * Self.ms)
        let account = try #require(answers.compactMap { if case .account(let a) = $0.event { a } else { nil } }.first)
        #expect(account.openOrders?.map(\.clientOrderID) == [ClientOrderID(high: 1, low: 1)])
        #expect(account.exchangeTime == 40)
        #expect(account.accountValue.doubleValue > 99_000 && account.accountValue.doubleValue <= 100_000)
        let lookups = answers.compactMap { if case .orderLookup(let l) = $0.event { l } else { nil } }
        #expect(lookups.map { $0.order?.status } == [.open, nil])
        // Armed at 60 ms for 1 s later, re-armed for 2 s later: fires once, at 2 s.
        sim.submit([.scheduleCancel(deadline: 1_000 * Self.ms)], at: 60 * Self.ms)
        sim.submit([.scheduleCancel(deadline: 2_000 * Self.ms)], at: 500 * Self.ms)
        #expect(sim.run(until: 1_500 * Self.ms).isEmpty, "the first deadline was replaced")
        let fired = sim.run(until: 2_100 * Self.ms)
        #expect(fired.map(\.time) == [2_005 * Self.ms])
        guard case .orderUpdate(let update)? = fired.first?.event else { Issue.record("no update"); return }
        #expect(update.status.rawValue == "scheduledCancel" && sim.openOrders.isEmpty)
    }

    @Test func theQueueAheadShrinksWithTheDisplayedSize() {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "0.005", "100001", "1"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "100000"))], at: 0)
        _ = sim.run(until: 20 * Self.ms)
        sim.marketData(Self.book("100000", "0.001", "100001", "1"), at: 30 * Self.ms)  // 0.004 left the level
        sim.marketData(Self.trade(.ask, "100000", "0.0015"), at: 40 * Self.ms)
        #expect(self.fills(sim.run(until: 50 * Self.ms)).map(\.size) == [Size(rawValue: 50_000)])
    }

    @Test func aBookThatCrossesARestingOrderFillsIt() {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100001", "1"), at: 0)
        sim.submit([.place(Self.order(1, .ask, "100010"))], at: 0)
        _ = sim.run(until: 20 * Self.ms)
        sim.marketData(Self.book("100012", "1", "100013", "1"), at: 30 * Self.ms)
        let fills = self.fills(sim.run(until: 40 * Self.ms))
        #expect(fills.count == 1 && fills[0].side == .ask && fills[0].price == (try! Price(parsing: "100010")))
    }

    @Test func postOnlyThatWouldCrossIsRejectedWithTheExchangesMessage() {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100001", "1"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "100001"))], at: 0)
        #expect(self.outcomes(sim.run(until: 20 * Self.ms)) == [.rejected(message: "Post only order would have immediately matched, bbo was 100000@100001.")])
    }

    @Test func iocTakesLiquidityOrIsRejected() {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100001", "0.0005"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "100001", "0.001", tif: .ioc))], at: 0)
        let events = sim.run(until: 20 * Self.ms)
        #expect(self.fills(events).map(\.size) == [Size(rawValue: 50_000)])
        #expect(self.fills(events).first?.crossed == true)
        #expect(self.outcomes(events) == [.filled(totalSize: Size(rawValue: 50_000), averagePrice: try! Price(parsing: "100001"))])
        sim.submit([.place(Self.order(2, .bid, "99000", "0.001", tif: .ioc))], at: 30 * Self.ms)
        #expect(self.outcomes(sim.run(until: 60 * Self.ms)) == [.rejected(message: "Order could not immediately match against any resting orders.")])
    }

    @Test func tickLotMinimumAndReduceOnlyRules() {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100010", "1"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "100000.5")), .place(Self.order(2, .bid, "100000", "0.0000001")),
                    .place(Self.order(3, .bid, "100000", "0.00001")), .place(Self.order(4, .ask, "100005", reduceOnly: true))], at: 0)
        #expect(self.outcomes(sim.run(until: 20 * Self.ms)) == [
            .rejected(message: "Price must be divisible by tick size."),
            .rejected(message: "Order has invalid size."),
            .rejected(message: "Order must have minimum value of $10."),
            .rejected(message: "Reduce only order would increase position."),
        ])
    }

    /// The cancel-fill race emerges from latency: a cancel that arrives after a crossing
    /// trade is too late; one that arrives before it is not.
    @Test(arguments: [(Int64(5), true), (Int64(20), false)])
    func cancelsRaceTrades(tradeAfterMs: Int64, filled: Bool) {
        var sim = SimExchange(config: self.config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100001", "1"), at: 0)
        sim.submit([.place(Self.order(1, .bid, "99990"))], at: 0)
        _ = sim.run(until: 20 * Self.ms)
        sim.submit([.cancel(coin: "BTC", order: .client(ClientOrderID(high: 1, low: 1)))], at: 100 * Self.ms)  // arrives at 110
        let tradeTime = 100 * Self.ms + tradeAfterMs * Self.ms
        let before = sim.run(until: tradeTime - 1)
        sim.marketData(Self.trade(.ask, "99980", "1"), at: tradeTime)
        let events = before + sim.run(until: 200 * Self.ms)
        #expect(self.fills(events).isEmpty == !filled)
        let cancel = self.outcomes(events).first
        if filled {
            #expect(cancel == .cancelRejected(message: "Order was never placed, already canceled, or filled."))
        } else {
            #expect(cancel == .cancelled)
        }
    }

    @Test func theRequestBudgetRateLimits() {
        var config = self.config
        config.initialRequestBudget = 3
        var sim = SimExchange(config: config, coins: self.coins)
        sim.marketData(Self.book("100000", "1", "100010", "1"), at: 0)
        sim.submit((1...5).map { .place(Self.order(UInt64($0), .bid, String(99_990 - $0))) }, at: 0)
        let events = sim.run(until: 20 * Self.ms)
        let outcomes = self.outcomes(events)
        #expect(outcomes.prefix(3).allSatisfy { $0 == .resting })
        let limited = outcomes.suffix(2).map { outcome -> String in if case .rateLimited(let m) = outcome { m } else { "not rate-limited: \(outcome)" } }
        #expect(limited.count == 2, "\(outcomes)")
        #expect(limited.first?.hasPrefix("Too many cumulative requests sent (4 > 3)") == true, "\(limited)")
        #expect(limited.last?.hasPrefix("Too many cumulative requests sent (5 > 3)") == true, "\(limited)")
        #expect(events.contains { if case .rateLimit = $0.event { true } else { false } })
    }

    @Test func latencyModelsParseAndDrawDeterministically() {
        #expect(LatencyModel(parsing: "40ms") == .constant(40_000_000))
        #expect(LatencyModel(parsing: "250us") == .constant(250_000))
        #expect(LatencyModel(parsing: "2") == .constant(2_000_000))
        #expect(LatencyModel(parsing: "uniform:10ms:80ms") == .uniform(10_000_000, 80_000_000))
        #expect(LatencyModel(parsing: "fast") == nil)
        #expect(LatencyModel(parsing: "-5ms") == nil)
    }
}

@Suite(.tags(.integration)) struct SimExchangeModifyTests {
    @Test func aModifiedOrderRestsAtItsNewPriceAndFills() {
        var config = SimExchangeConfig()
        config.fundingRatePerHour = 0
        var sim = SimExchange(config: config, coins: [EngineConfig.Coin(name: "BTC", sizeDecimals: 5, orderSize: Size(rawValue: 100_000), maxInventory: Size(rawValue: 1_000_000))])
        sim.marketData(SimExchangeTests.book("100000", "1", "100001", "1"), at: 0)
        sim.submit([.place(SimExchangeTests.order(1, .ask, "100010"))], at: 0)
        _ = sim.run(until: 100_000_000)
        let replacement = SimExchangeTests.order(1, .ask, "100020")
        sim.submit([.modify(order: .client(replacement.clientOrderID), replacement: replacement)], at: 100_000_000)
        let modified = sim.run(until: 200_000_000)
        #expect(modified.contains { if case .orderResponse(let r) = $0.event { r.outcome == .modified } else { false } })
        sim.marketData(SimExchangeTests.trade(.bid, "100015", "1"), at: 300_000_000)  // below the new price: no fill
        #expect(sim.run(until: 400_000_000).isEmpty)
        sim.marketData(SimExchangeTests.trade(.bid, "100030", "1"), at: 500_000_000)
        #expect(sim.run(until: 600_000_000).contains { if case .fill = $0.event { true } else { false } })
    }
}
