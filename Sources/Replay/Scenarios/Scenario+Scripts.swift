import Engine
import SimulatedExchange

extension Scenario {
    func script(seed: UInt64) -> Script {
        let s = Self.second
        switch self {
        case .cancelFillRace:
            let base = Self.market(seed: seed, seconds: 60)
            guard let book = Self.lastBook(before: Self.at(39.9), in: base) else { return Script(events: base) }
            let mid = (book.bids[0].price.doubleValue + book.asks[0].price.doubleValue) / 2
            // A crossed book just before the 40 s cycle makes the engine cancel; a sell
            // sweep 10 ms after the cycle trades through its bids before the cancels land.
            var crossed = book
            crossed.bids[0].price = PriceRules(sizeDecimals: 5).priceAtOrAbove(raw: Int64((mid + 20) * 1e8)) ?? book.asks[0].price
            let sweepPrice = PriceRules(sizeDecimals: 5).priceAtOrBelow(raw: Int64(mid * 0.99 * 1e8))!
            let sweep = TradeBatch(coin: "BTC", trades: [Trade(side: .ask, price: sweepPrice, size: Size(rawValue: 10 * FixedPoint.scale),
                                                               exchangeTime: Self.at(40.01) / 1_000_000, tradeID: 1)])
            let events = base.filter { $0.0 < Self.at(39.99) || $0.0 > Self.at(40.2) }
            return Script(events: Self.merge(events, [(Self.at(39.99), .book(crossed)), (Self.at(40.01), .trades(sweep))]))
        case .liquidationCascade:
            let base = Self.market(seed: seed, seconds: 50)
            let liquidations = (0..<12).map { i -> (Int64, Event) in
                (Self.at(30 + Double(i) * 0.5), .userEvent(.liquidation(id: UInt64(i + 1), liquidator: "0x0000000000000000000000000000000000000001",
                                                                     liquidatedUser: "0x00000000000000000000000000000000000000aa",
                                                                     notionalPosition: Amount(rawValue: 500_000 * FixedPoint.scale),
                                                                     accountValue: Amount(rawValue: 10_000 * FixedPoint.scale))))
            }
            return Script(events: Self.merge(base, liquidations))
        case .flashCrash:
            let base = Self.market(seed: seed, seconds: 45)
            guard let book = Self.lastBook(before: Self.at(30), in: base) else { return Script(events: base) }
            var events = base.filter { $0.0 <= Self.at(30) }
            var crash: [(Int64, Event)] = []
            for step in 1...10 { crash.append((Self.at(30 + Double(step) * 0.1), .book(Self.scaled(book, by: 1 - 0.02 * Double(step))))) }
            for second in 32...45 { crash.append((Self.at(Double(second)), .book(Self.scaled(book, by: 0.8)))) }
            events += crash
            return Script(events: events)
        case .staleFeed:
            let base = Self.market(seed: seed, seconds: 90) { $0 > 30 * s && $0 < 75 * s }
            return Script(events: base)
        case .rateLimitExhaustion:
            var script = Script(events: Self.market(seed: seed, seconds: 120))
            script.exchange.initialRequestBudget = 200
            script.exchange.requestsPerUSDC = 0  // fills earn nothing: the budget runs out whatever fills
            return script
        case .killSwitchRestart:
            var script = Script(events: Self.merge(Self.market(seed: seed, seconds: 40), [(Self.at(20), .operator(.resetKillSwitch))]))
            script.checkpoint = KillSwitchCheckpoint(triggered: true, reasons: [.manual(reason: "incident before restart")],
                                                     time: SyntheticMarket.startTime - 3_600 * s)
            return script
        case .crossedBook:
            let base = Self.market(seed: seed, seconds: 45)
            var events: [(Int64, Event)] = []
            for (time, event) in base {
                if time > Self.at(30), time < Self.at(33), case .book(var book) = event {
                    let ask = book.asks[0].price
                    book.bids[0].price = Price(rawValue: ask.rawValue + PriceRules(sizeDecimals: 5).tickRaw(at: ask) * 3)
                    events.append((time, .book(book)))
                } else {
                    events.append((time, event))
                }
            }
            return Script(events: events)
        case .orphanFill:
            let base = Self.market(seed: seed, seconds: 40)
            let price = Self.lastBook(before: Self.at(30), in: base)?.bids.first?.price ?? Price(rawValue: 100_000 * FixedPoint.scale)
            let orphan = Fill(coin: "BTC", side: .ask, price: price, size: Size(rawValue: 200_000), exchangeTime: Self.at(30) / 1_000_000,
                              orderID: 777, clientOrderID: ClientOrderID(hex: "0xdeadbeefdeadbeefdeadbeefdeadbeef"), tradeID: 424_242,
                              fee: .zero, feeToken: "USDC", crossed: false, startPosition: .zero, closedPnl: .zero, liquidation: nil, isSnapshot: false)
            return Script(events: Self.merge(base, [(Self.at(30), .fill(orphan))]))
        case .liquidationDetected:
            let base = Self.market(seed: seed, seconds: 45)
            // The venue reports the jump twice, 6 s apart (a difference seen once may be a
            // fill on its way; the engine acts on it past its 5 s grace).
            func account(at second: Double) -> AccountSnapshot {
                AccountSnapshot(exchangeTime: Self.at(second) / 1_000_000, accountValue: Amount(rawValue: 10_000 * FixedPoint.scale),
                                totalMarginUsed: .zero, withdrawable: .zero,
                                positions: [PositionSnapshot(coin: "BTC", size: Size(rawValue: -800_000), entryPrice: nil,
                                                             unrealizedPnl: .zero, liquidationPrice: nil)])
            }
            return Script(events: Self.merge(base, [(Self.at(20), .operator(.pause)), (Self.at(31), .account(account(at: 31))),
                                                    (Self.at(37), .account(account(at: 37)))]))
        case .coldStart:
            let base = Self.market(seed: seed, seconds: 40) { $0 < 5 * s }
            return Script(events: Self.merge(base, [(Self.at(0), .connection(ConnectionEvent(feed: "ws", state: .connected)))]))
        case .spreadCompounding:
            var events: [(Int64, Event)] = []
            var flips = 0
            for (time, event) in Self.market(seed: seed, seconds: 80) {
                if case .trades(var batch) = event {
                    // Two of every three sell batches become buys: lopsided, not one-sided.
                    if batch.trades.first?.side == .ask {
                        flips += 1
                        if flips % 3 != 0 { batch.trades = batch.trades.map { var t = $0; t.side = .bid; return t } }
                    }
                    events.append((time, .trades(batch)))
                } else {
                    events.append((time, event))
                }
            }
            var extra: [(Int64, Event)] = (0..<20).map { (Self.at(Double($0)), .referencePrice(ReferencePrice(source: "binance", coin: "BTC", price: Price(rawValue: 105_000 * FixedPoint.scale)))) }
            extra.append((Self.at(25), .userEvent(.funding(coin: "BTC", amount: .zero, positionSize: .zero, rate: FundingRate(0.002)))))
            var script = Script(events: Self.merge(events, extra))
            script.config.estimators.toxicityBucketNotional = 20_000
            return script
        }
    }
}
