import Engine

extension SimExchange {
    /// A new order reaches the exchange.
    mutating func arrive(_ order: OrderRequest, at time: Int64) {
        if let message = self.spendRequest(at: time) {
            self.respond(.orderResponse(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: nil, outcome: .rateLimited(message: message))), at: time)
            return
        }
        if let message = self.validate(order) {
            self.reject(order, message, at: time)
            return
        }
        guard let c = self.coinIndex(order.coin), let book = self.books[c], let bestBid = book.bids.first, let bestAsk = book.asks.first else {
            self.reject(order, "No liquidity available for market order.", at: time)
            return
        }
        let crosses = order.side == .bid ? order.price >= bestAsk.price : order.price <= bestBid.price
        let oid = self.nextOrderID
        self.nextOrderID += 1
        if crosses && order.timeInForce == .alo {
            self.reject(order, "Post only order would have immediately matched, bbo was \(bestBid.price)@\(bestAsk.price).", at: time)
            return
        }
        var remaining = order.size.rawValue
        var filledNotional = 0.0
        if crosses {
            // Take displayed liquidity up to the limit price.
            for level in order.side == .bid ? book.asks : book.bids {
                let reachable = order.side == .bid ? level.price <= order.price : level.price >= order.price
                guard reachable, remaining > 0 else { break }
                let take = min(remaining, level.size.rawValue)
                remaining -= take
                filledNotional += level.price.doubleValue * Double(take) / Double(FixedPoint.scale)
                self.fill(coin: c, id: order.clientOrderID, oid: oid, side: order.side, price: level.price, size: take, maker: false, at: time)
            }
        }
        let filled = order.size.rawValue - remaining
        if order.timeInForce == .ioc || remaining == 0 {
            if filled == 0 {
                self.reject(order, "Order could not immediately match against any resting orders.", at: time)
            } else {
                let average = Price(rawValue: Int64(filledNotional / (Double(filled) / Double(FixedPoint.scale)) * Double(FixedPoint.scale)))
                self.respond(.orderResponse(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: oid,
                                                          outcome: .filled(totalSize: Size(rawValue: filled), averagePrice: average))), at: time)
            }
            return
        }
        let levels = order.side == .bid ? book.bids : book.asks
        let ahead = levels.first { $0.price == order.price }?.size.rawValue ?? 0
        self.resting.append(RestingOrder(id: order.clientOrderID, oid: oid, coin: c, side: order.side, price: order.price,
                                         remaining: remaining, queueAhead: ahead, originalSize: order.size.rawValue, placedAt: time))
        self.respond(.orderResponse(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: oid, outcome: .resting)), at: time)
    }

    /// Tick, lot, minimum value and reduce-only checks, with the exchange's messages.
    func validate(_ order: OrderRequest) -> String? {
        guard let c = self.coinIndex(order.coin) else { return "Asset not found." }
        let rules = self.coins[c].rules
        if !rules.isValid(order.price) { return "Price must be divisible by tick size." }
        if order.size.rawValue <= 0 || order.size.rawValue % rules.lotRaw != 0 { return "Order has invalid size." }
        if order.price.doubleValue * order.size.doubleValue < self.config.minimumOrderValue { return "Order must have minimum value of $10." }
        if order.reduceOnly {
            let position = self.positions[c]
            let increases = order.side == .bid ? position >= 0 : position <= 0
            if increases || order.size.rawValue > position.magnitude { return "Reduce only order would increase position." }
        }
        return nil
    }

    mutating func reject(_ order: OrderRequest, _ message: String, at time: Int64) {
        self.respond(.orderResponse(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: nil, outcome: .rejected(message: message))), at: time)
    }

    func restingIndex(_ reference: OrderReference) -> Int? {
        switch reference {
        case .client(let id): return self.resting.firstIndex { $0.id == id }
        case .exchange(let oid): return self.resting.firstIndex { $0.oid == oid }
        }
    }

    /// A cancel reaches the exchange: too late if the order already filled.
    mutating func cancel(coin: String, order reference: OrderReference, at time: Int64) {
        var id: ClientOrderID?
        if case .client(let cloid) = reference { id = cloid }
        if let message = self.spendRequest(at: time) {
            self.respond(.orderResponse(OrderResponse(coin: coin, clientOrderID: id, orderID: nil, outcome: .rateLimited(message: message))), at: time)
            return
        }
        guard let i = self.restingIndex(reference) else {
            self.respond(.orderResponse(OrderResponse(coin: coin, clientOrderID: id, orderID: nil,
                                                      outcome: .cancelRejected(message: "Order was never placed, already canceled, or filled."))), at: time)
            return
        }
        let order = self.resting.remove(at: i)
        self.respond(.orderResponse(OrderResponse(coin: coin, clientOrderID: order.id, orderID: order.oid, outcome: .cancelled)), at: time)
    }

    /// A modify reaches the exchange: the order moves to the back of its new level.
    mutating func modify(_ reference: OrderReference, _ replacement: OrderRequest, at time: Int64) {
        if let message = self.spendRequest(at: time) {
            self.respond(.orderResponse(OrderResponse(coin: replacement.coin, clientOrderID: replacement.clientOrderID, orderID: nil, outcome: .rateLimited(message: message))), at: time)
            return
        }
        guard let i = self.restingIndex(reference) else {
            self.reject(replacement, "Order was never placed, already canceled, or filled.", at: time)
            return
        }
        if let message = self.validate(replacement) {
            self.reject(replacement, message, at: time)
            return
        }
        let c = self.resting[i].coin
        if let book = self.books[c], let bestBid = book.bids.first, let bestAsk = book.asks.first {
            let crosses = replacement.side == .bid ? replacement.price >= bestAsk.price : replacement.price <= bestBid.price
            if crosses && replacement.timeInForce == .alo {
                self.reject(replacement, "Post only order would have immediately matched, bbo was \(bestBid.price)@\(bestAsk.price).", at: time)
                return
            }
            let levels = replacement.side == .bid ? book.bids : book.asks
            self.resting[i].queueAhead = levels.first { $0.price == replacement.price }?.size.rawValue ?? 0
        }
        self.resting[i].price = replacement.price
        self.resting[i].remaining = replacement.size.rawValue
        self.resting[i].originalSize = replacement.size.rawValue
        self.resting[i].placedAt = time
        self.resting[i].id = replacement.clientOrderID
        self.respond(.orderResponse(OrderResponse(coin: replacement.coin, clientOrderID: replacement.clientOrderID, orderID: self.resting[i].oid, outcome: .modified)), at: time)
    }

    /// Market data reaches the exchange: books update queues and may cross orders,
    /// trades consume queues and fill. Also charges funding at UTC hour boundaries.
    public mutating func marketData(_ event: Event, at time: Int64) {
        self.chargeFunding(at: time)
        switch event {
        case .book(let book):
            guard let c = self.coinIndex(book.coin) else { return }
            // Copied into the simulator's own arrays (see BookSnapshot.assign).
            if self.books[c] == nil { self.books[c] = BookSnapshot(coin: book.coin, exchangeTime: 0, bids: [], asks: []) }
            self.books[c]!.assign(book)
            // From here on the simulator's own copy: the event's arrays live on the
            // decoding core, and every reference taken to them is a write there.
            let book = self.books[c]!
            var i = 0
            while i < self.resting.count {
                let order = self.resting[i]
                guard order.coin == c else { i += 1; continue }
                let crossed = order.side == .bid ? (book.asks.first.map { $0.price <= order.price } ?? false)
                                                 : (book.bids.first.map { $0.price >= order.price } ?? false)
                if crossed {
                    self.fill(coin: c, id: order.id, oid: order.oid, side: order.side, price: order.price, size: order.remaining, maker: true, at: time)
                    self.resting.remove(at: i)
                    continue
                }
                let levels = order.side == .bid ? book.bids : book.asks
                let displayed = levels.first { $0.price == order.price }?.size.rawValue ?? 0
                self.resting[i].queueAhead = min(order.queueAhead, displayed)
                i += 1
            }
        case .trades(let batch):
            guard let c = self.coinIndex(batch.coin) else { return }
            for trade in batch.trades { self.match(trade, coin: c, at: time) }
        default:
            break
        }
    }

    /// A public trade: the aggressor (`trade.side`) takes our resting orders on the
    /// other side at or through the trade price.
    mutating func match(_ trade: Trade, coin c: Int, at time: Int64) {
        var volume = trade.size.rawValue
        var i = 0
        while i < self.resting.count {
            let order = self.resting[i]
            guard order.coin == c, order.side != trade.side else { i += 1; continue }
            let through = order.side == .bid ? trade.price < order.price : trade.price > order.price
            let at = trade.price == order.price
            if through {
                self.fill(coin: c, id: order.id, oid: order.oid, side: order.side, price: order.price, size: order.remaining, maker: true, at: time)
                self.resting.remove(at: i)
                continue
            }
            if at && volume > 0 {
                let past = volume - order.queueAhead
                self.resting[i].queueAhead = max(0, order.queueAhead - volume)
                if past > 0 {
                    let size = min(past, order.remaining)
                    volume -= order.queueAhead + size
                    self.fill(coin: c, id: order.id, oid: order.oid, side: order.side, price: order.price, size: size, maker: true, at: time)
                    self.resting[i].remaining -= size
                    if self.resting[i].remaining == 0 { self.resting.remove(at: i); continue }
                } else {
                    volume = 0
                }
            }
            i += 1
        }
    }

    /// Books a fill and sends it to the engine.
    mutating func fill(coin c: Int, id: ClientOrderID, oid: UInt64, side: Side, price: Price, size: Int64, maker: Bool, at time: Int64) {
        guard size > 0 else { return }
        let notional = price.doubleValue * Double(size) / Double(FixedPoint.scale)
        let feeBps = maker ? self.config.makerFeeBps : self.config.takerFeeBps
        let fee = Amount(rawValue: Int64((notional * feeBps / 10_000 * Double(FixedPoint.scale)).rounded()))
        let start = self.positions[c]
        self.positions[c] += side == .bid ? size : -size
        self.cash += (side == .bid ? -notional : notional) - fee.doubleValue
        self.cumulativeVolume += notional
        self.fills += 1
        if maker { self.makerFills += 1 }
        self.nextTradeID += 1
        let fill = Fill(coin: self.coins[c].name, side: side, price: price, size: Size(rawValue: size), exchangeTime: time / 1_000_000,
                        orderID: oid, clientOrderID: id, tradeID: self.nextTradeID, fee: fee, feeToken: "USDC", crossed: !maker,
                        startPosition: Size(rawValue: start), closedPnl: .zero, liquidation: nil, isSnapshot: false)
        self.respond(.fill(fill), at: time)
    }

    /// Hourly funding, charged with the first market data after each UTC hour boundary
    /// of the virtual clock (so deliveries never go back in time).
    mutating func chargeFunding(at time: Int64) {
        let hour = time / 3_600_000_000_000
        defer { self.lastFundingHour = hour }
        guard let last = self.lastFundingHour, hour > last, self.config.fundingRatePerHour != 0 else { return }
        for c in self.coins.indices where self.positions[c] != 0 {
            guard let book = self.books[c], let bid = book.bids.first, let ask = book.asks.first else { continue }
            let mid = (bid.price.doubleValue + ask.price.doubleValue) / 2
            let position = Double(self.positions[c]) / Double(FixedPoint.scale)
            let payment = -position * mid * self.config.fundingRatePerHour
            let amount = Amount(rawValue: Int64((payment * Double(FixedPoint.scale)).rounded()))
            self.cash += amount.doubleValue
            self.respond(.userEvent(.funding(coin: self.coins[c].name, amount: amount, positionSize: Size(rawValue: self.positions[c]),
                                             rate: FundingRate(self.config.fundingRatePerHour))), at: time)
        }
    }
}
