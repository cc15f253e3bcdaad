import Engine

/// Seeded random instances of every event and command case, for property tests.
struct RandomValues {
    var random: Xoshiro256StarStar
    /// Draw only values inside ``Limits`` (times, prices, sizes, coin names), so every
    /// event decodes; otherwise anything, including values decoding refuses.
    var withinLimits: Bool

    init(seed: UInt64, withinLimits: Bool = false) {
        self.random = Xoshiro256StarStar(seed: seed)
        self.withinLimits = withinLimits
    }

    mutating func int64() -> Int64 {
        switch self.random.next(below: 4) {
        case 0: return Int64(bitPattern: self.random.next())
        case 1: return 0
        default: return self.random.next(in: -1_000_000_000_000...1_000_000_000_000)
        }
    }
    mutating func uint64() -> UInt64 { self.random.chance(1, in: 4) ? UInt64.max : self.random.next() >> self.random.next(below: 64) }
    mutating func uint32() -> UInt32 { UInt32(truncatingIfNeeded: self.uint64()) }
    mutating func bool() -> Bool { self.random.chance(1, in: 2) }
    mutating func double() -> Double {
        if self.withinLimits { return self.random.nextUnit() * 1e-4 - 5e-5 }
        switch self.random.next(below: 6) {
        case 0: return .nan
        case 1: return -0.0
        case 2: return .infinity
        case 3: return Double(bitPattern: self.random.next())
        default: return self.random.nextUnit() * 1e-4 - 5e-5
        }
    }
    mutating func price() -> Price {
        self.withinLimits ? Price(rawValue: self.random.next(in: 1...Limits.highestPrice.rawValue)) : Price(rawValue: self.int64())
    }
    mutating func size() -> Size {
        self.withinLimits ? Size(rawValue: self.random.next(in: 1...Limits.largestSize.rawValue)) : Size(rawValue: self.int64())
    }
    mutating func exchangeTime() -> Int64 {
        self.withinLimits ? self.random.next(in: Limits.exchangeTime) : self.int64()
    }
    mutating func amount() -> Amount { Amount(rawValue: self.int64()) }
    mutating func side() -> Side { self.bool() ? .bid : .ask }
    mutating func string() -> String {
        let pool = self.withinLimits
            ? ["BTC", "ETH", "@107", "xyz:TSLA", "kPEPE", "Ünïcødé ✓", "quote\"and\\slash", "0x1260b8f7e0c4caa2ef3a51b6c08507ecc104641d"]
            : ["BTC", "ETH", "@107", "xyz:TSLA", "", "kPEPE", "Ünïcødé ✓", "quote\"and\\slash\n", "0x1260b8f7e0c4caa2ef3a51b6c08507ecc104641d"]
        return pool[Int(self.random.next(below: UInt64(pool.count)))]
    }
    mutating func cloid() -> ClientOrderID { ClientOrderID(high: self.random.next(), low: self.random.next()) }
    mutating func optional<T>(_ make: (inout RandomValues) -> T) -> T? { self.bool() ? make(&self) : nil }
    mutating func array<T>(max: UInt64, _ make: (inout RandomValues) -> T) -> [T] {
        (0..<self.random.next(below: max + 1)).map { _ in make(&self) }
    }

    mutating func level() -> BookLevel { BookLevel(price: self.price(), size: self.size(), orders: self.uint32()) }
    mutating func trade() -> Trade {
        Trade(side: self.side(), price: self.price(), size: self.size(), exchangeTime: self.exchangeTime(), tradeID: self.uint64())
    }
    mutating func orderRequest() -> OrderRequest {
        OrderRequest(clientOrderID: self.cloid(), coin: self.string(), side: self.side(), price: self.price(), size: self.size(),
                     timeInForce: TimeInForce.allCases[Int(self.random.next(below: 3))], reduceOnly: self.bool())
    }
    mutating func reference() -> OrderReference { self.bool() ? .client(self.cloid()) : .exchange(self.uint64()) }

    mutating func event(_ kind: Event.Kind) -> Event {
        switch kind {
        case .book:
            return .book(BookSnapshot(coin: self.string(), exchangeTime: self.exchangeTime(),
                                      bids: self.array(max: 20) { $0.level() }, asks: self.array(max: 20) { $0.level() }))
        case .trades:
            return .trades(TradeBatch(coin: self.string(), trades: self.array(max: 6) { $0.trade() }))
        case .fill:
            return .fill(Fill(coin: self.string(), side: self.side(), price: self.price(), size: self.size(), exchangeTime: self.exchangeTime(),
                              orderID: self.uint64(), clientOrderID: self.optional { $0.cloid() }, tradeID: self.uint64(),
                              fee: self.amount(), feeToken: self.string(), crossed: self.bool(), startPosition: self.size(),
                              closedPnl: self.amount(),
                              liquidation: self.optional { r in FillLiquidation(liquidatedUser: r.optional { $0.string() }, markPrice: r.price(), method: r.string()) },
                              isSnapshot: self.bool()))
        case .orderUpdate:
            return .orderUpdate(OrderUpdate(coin: self.string(), side: self.side(), limitPrice: self.price(), size: self.size(),
                                            originalSize: self.size(), orderID: self.uint64(), clientOrderID: self.optional { $0.cloid() },
                                            status: OrderStatus(rawValue: self.bool() ? "open" : self.string()), statusTime: self.exchangeTime(), orderTime: self.exchangeTime()))
        case .orderResponse:
            let outcome: OrderOutcome
            switch self.random.next(below: 8) {
            case 0: outcome = .resting
            case 1: outcome = .filled(totalSize: self.size(), averagePrice: self.price())
            case 2: outcome = .rejected(message: self.string())
            case 3: outcome = .rateLimited(message: self.string())
            case 4: outcome = .cancelled
            case 5: outcome = .cancelRejected(message: self.string())
            case 6: outcome = .unknown(message: self.string())
            default: outcome = .modified
            }
            return .orderResponse(OrderResponse(coin: self.string(), clientOrderID: self.optional { $0.cloid() },
                                                orderID: self.optional { $0.uint64() }, outcome: outcome))
        case .account:
            return .account(AccountSnapshot(exchangeTime: self.exchangeTime(), accountValue: self.amount(), totalMarginUsed: self.amount(),
                                            withdrawable: self.amount(), positions: self.array(max: 4) { r in
                PositionSnapshot(coin: r.string(), size: r.size(), entryPrice: r.optional { $0.price() },
                                 unrealizedPnl: r.amount(), liquidationPrice: r.optional { $0.price() })
            }, openOrders: self.optional { r in r.array(max: 4) { o in
                OpenOrderSnapshot(coin: o.string(), side: o.side(), limitPrice: o.price(), size: o.size(), orderID: o.uint64(),
                                  clientOrderID: o.optional { $0.cloid() })
            } }))
        case .userEvent:
            switch self.random.next(below: 3) {
            case 0: return .userEvent(.funding(coin: self.string(), amount: self.amount(), positionSize: self.size(), rate: FundingRate(self.double())))
            case 1: return .userEvent(.liquidation(id: self.uint64(), liquidator: self.string(), liquidatedUser: self.string(),
                                                   notionalPosition: self.amount(), accountValue: self.amount()))
            default: return .userEvent(.nonUserCancel(coin: self.string(), orderID: self.uint64()))
            }
        case .connection:
            let state: ConnectionState
            switch self.random.next(below: 4) {
            case 0: state = .connected
            case 1: state = .disconnected(reason: self.string())
            case 2: state = .reconnecting(attempt: self.uint32())
            default: state = .failed(reason: self.string())
            }
            return .connection(ConnectionEvent(feed: self.string(), state: state))
        case .rateLimit:
            return .rateLimit(RateLimitStatus(used: self.uint64(), cap: self.uint64()))
        case .referencePrice:
            return .referencePrice(ReferencePrice(source: self.string(), coin: self.string(), price: self.price()))
        case .referenceQuote:
            return .referenceQuote(ReferenceQuote(source: self.string(), coin: self.string(), bidPrice: self.price(), bidSize: self.size(),
                                                  askPrice: self.price(), askSize: self.size(), exchangeTime: self.exchangeTime()))
        case .referenceTrades:
            return .referenceTrades(ReferenceTrades(source: self.string(), coin: self.string(), trades: self.array(max: 6) { $0.trade() }))
        case .tick:
            return .tick
        case .operator:
            switch self.random.next(below: 7) {
            case 6: return .operator(.forceResetKillSwitch)
            case 0: return .operator(.kill(reason: self.string()))
            case 1: return .operator(.resetKillSwitch)
            case 2: return .operator(.pause)
            case 3: return .operator(.resume)
            case 4: return .operator(.shutdown(reason: self.string()))
            default: return .operator(.configChange(path: self.string(), value: self.string()))
            }
        case .orderLookup:
            let found: OrderUpdate? = self.bool() ? OrderUpdate(coin: self.string(), side: self.side(), limitPrice: self.price(), size: self.size(),
                                                               originalSize: self.size(), orderID: self.uint64(), clientOrderID: self.optional { $0.cloid() },
                                                               status: OrderStatus(rawValue: self.string()), statusTime: self.exchangeTime(), orderTime: self.exchangeTime()) : nil
            return .orderLookup(OrderLookup(coin: self.string(), clientOrderID: self.cloid(), order: found))
        }
    }

    mutating func command(_ kind: Command.Kind) -> Command {
        switch kind {
        case .place: return .place(self.orderRequest())
        case .cancel: return .cancel(coin: self.string(), order: self.reference())
        case .modify: return .modify(order: self.reference(), replacement: self.orderRequest())
        case .cancelAll: return .cancelAll(coin: self.optional { $0.string() })
        case .scheduleCancel: return .scheduleCancel(deadline: self.optional { $0.int64() })
        case .decision:
            return .decision(DecisionRecord(coin: self.string(), fields: self.array(max: 8) { r in
                let value: DecisionField.Value
                switch r.random.next(below: 7) {
                case 0: value = .integer(r.int64())
                case 1: value = .price(r.price())
                case 2: value = .size(r.size())
                case 3: value = .amount(r.amount())
                case 4: value = .real(r.double())
                case 5: value = .text(r.string())
                default: value = .flag(r.bool())
                }
                return DecisionField(r.string(), value)
            }))
        case .query:
            return .query(self.bool() ? .account : .orderStatus(coin: self.string(), clientOrderID: self.cloid()))
        case .reconnect:
            return .reconnect(feed: self.string())
        }
    }
}
