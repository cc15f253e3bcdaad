extension Engine {
    /// One quote cycle for one coin: gates, spread model, ladder, reconciliation, decision.
    mutating func runQuoteCycle(coin i: Int) {
        let interval = Int64(self.config.general.quoteIntervalSeconds * 1e9)
        let previous = self.coins[i].nextCycle
        self.coins[i].nextCycle = previous == .min ? self.time + interval : max(previous + interval, self.time - self.time % interval + interval)
        self.coins[i].cycles &+= 1

        if self.killed != nil || self.paused {
            self.cancelAll(coin: i)
            self.finishDecision(coin: i, reason: self.killed != nil ? "killed" : "paused", bids: 0, asks: 0, model: nil)
            return
        }
        let book = self.coins[i].book
        guard book.isTwoSided, let mid = book.mid else {
            self.finishDecision(coin: i, reason: "no_data", bids: 0, asks: 0, model: nil)
            return
        }
        if book.isCrossed {
            self.cancelAll(coin: i)
            self.finishDecision(coin: i, reason: "crossed_book", bids: 0, asks: 0, model: nil)
            return
        }

        let strategy = self.config.strategy
        let quoting = self.config.quoting
        let sigma = self.coins[i].volatility.isWarm ? self.coins[i].volatility.sigma : 0
        let kappaEffective = self.coins[i].kappa.kappaEffective
        let (rawHalf, skew) = SpreadOracle.quote(gamma: strategy.gamma, kappa: kappaEffective, sigma: sigma,
                                                 arrivalIntensity: strategy.arrivalIntensity)
        let minHalf = quoting.minHalfSpreadBps / 10_000
        let half = min(max(rawHalf, minHalf), quoting.maxHalfSpreadBps / 10_000)
        let lots = self.coins[i].inventoryLots
        let model = QuoteModel(mid: mid, sigma: sigma, kappaEffective: kappaEffective, halfSpread: half, skew: skew, inventoryLots: lots)

        let coin = self.coins[i].config
        let size = coin.orderSize
        let spacing = quoting.levelSpacingBps / 10_000
        let position = self.coins[i].pnl.position.rawValue
        var bids = 0
        var asks = 0
        for level in 0..<Int(quoting.levels) {
            let extra = Double(level) * spacing
            // Long inventory pushes both quotes down (skew), short pushes them up.
            let bidDistance = max(half + lots * skew + extra, minHalf)
            let askDistance = max(half - lots * skew + extra, minHalf)
            let levelExposure = Int64(level + 1) * size.rawValue
            var bidPrice = self.coins[i].rules.priceAtOrBelow(raw: Self.raw(mid * (1 - bidDistance)))
            var askPrice = self.coins[i].rules.priceAtOrAbove(raw: Self.raw(mid * (1 + askDistance)))
            // Post-only quotes must not cross the book.
            if let p = bidPrice, let bestAsk = book.bestAsk, p >= bestAsk.price {
                bidPrice = self.coins[i].rules.priceAtOrBelow(raw: bestAsk.price.rawValue - self.coins[i].rules.tickRaw(at: bestAsk.price))
            }
            if let p = askPrice, let bestBid = book.bestBid, p <= bestBid.price {
                askPrice = self.coins[i].rules.priceAtOrAbove(raw: bestBid.price.rawValue + self.coins[i].rules.tickRaw(at: bestBid.price))
            }
            // Inventory limit: no level whose fill (with the closer ones) would pass it.
            if position + levelExposure > coin.maxInventory.rawValue { bidPrice = nil }
            if position - levelExposure < -coin.maxInventory.rawValue { askPrice = nil }
            if self.reconcile(coin: i, side: .bid, level: level, price: bidPrice, size: size, mid: mid) { bids += 1 }
            if self.reconcile(coin: i, side: .ask, level: level, price: askPrice, size: size, mid: mid) { asks += 1 }
        }
        // Orders in levels beyond the ladder (the config shrank) are cancelled.
        for order in self.coins[i].orders.orders where order.level >= Int(quoting.levels) && order.state != .pendingCancel {
            self.cancel(order, coin: i)
        }
        let reason = bids + asks == 0 ? "inventory_limit" : (bids == 0 || asks == 0 ? "one_sided" : "quote")
        self.finishDecision(coin: i, reason: reason, bids: bids, asks: asks, model: model)
    }

    /// Brings one ladder slot to the wanted price (or empties it). Returns whether the
    /// slot is quoted afterwards.
    private mutating func reconcile(coin i: Int, side: Side, level: Int, price: Price?, size: Size, mid: Double) -> Bool {
        let existing = self.coins[i].orders.order(side: side, level: level)
        guard let price else {
            if let existing, existing.state != .pendingCancel { self.cancel(existing, coin: i) }
            return false
        }
        guard let existing else {
            let request = OrderRequest(clientOrderID: self.coins[i].orders.makeClientOrderID(), coin: self.coins[i].config.name,
                                       side: side, price: price, size: size, timeInForce: .alo, reduceOnly: false)
            self.coins[i].orders.track(request, level: level)
            self.output.append(.place(request))
            return true
        }
        switch existing.state {
        case .pendingNew, .pendingModify:
            return true  // wait for the answer
        case .pendingCancel:
            return false
        case .resting:
            let moved = (existing.price.doubleValue - price.doubleValue).magnitude / mid * 10_000
            if moved < self.config.quoting.minChangeBps && existing.remaining == size { return true }
            let replacement = OrderRequest(clientOrderID: existing.clientOrderID, coin: self.coins[i].config.name, side: side,
                                           price: price, size: size, timeInForce: .alo, reduceOnly: false)
            self.coins[i].orders.markModifying(existing.clientOrderID, price: price, size: size)
            self.output.append(.modify(order: .client(existing.clientOrderID), replacement: replacement))
            return true
        }
    }

    private mutating func cancel(_ order: TrackedOrder, coin i: Int) {
        self.coins[i].orders.markCancelling(order.clientOrderID)
        self.output.append(.cancel(coin: self.coins[i].config.name, order: .client(order.clientOrderID)))
    }

    private mutating func cancelAll(coin i: Int) {
        for order in self.coins[i].orders.orders where order.state != .pendingCancel { self.cancel(order, coin: i) }
    }

    /// The mid-relative price as raw fixed point (truncated; the tick rounding follows).
    static func raw(_ price: Double) -> Int64 {
        guard price.isFinite, price > 0 else { return 0 }
        let scaled = price * Double(FixedPoint.scale)
        return scaled >= 9.2e18 ? Int64.max : Int64(scaled)
    }

    /// Appends the cycle's decision record, reusing the coin's field buffer.
    private mutating func finishDecision(coin i: Int, reason: String, bids: Int, asks: Int, model: QuoteModel?) {
        var fields = self.coins[i].decisionFields
        self.coins[i].decisionFields = []
        fields.removeAll(keepingCapacity: true)
        fields.append(DecisionField("reason", .text(reason)))
        if let model {
            fields.append(DecisionField("mid", .real(model.mid)))
            fields.append(DecisionField("sigma", .real(model.sigma)))
            fields.append(DecisionField("kappa_eff", .real(model.kappaEffective)))
            fields.append(DecisionField("kappa_market", .real(self.coins[i].kappa.marketKappa ?? 0)))
            fields.append(DecisionField("half_spread_bps", .real(model.halfSpread * 10_000)))
            fields.append(DecisionField("skew_bps", .real(model.skew * 10_000)))
            fields.append(DecisionField("inventory", .real(model.inventoryLots)))
        }
        fields.append(DecisionField("toxicity", .real(self.coins[i].toxicity.vpin)))
        fields.append(DecisionField("bids", .integer(Int64(bids))))
        fields.append(DecisionField("asks", .integer(Int64(asks))))
        fields.append(DecisionField("position", .size(self.coins[i].pnl.position)))
        self.coins[i].decisionFields = fields
        self.coins[i].lastReason = reason
        self.output.append(.decision(DecisionRecord(coin: self.coins[i].config.name, fields: fields)))
    }
}

/// The spread model's inputs and outputs of one cycle.
struct QuoteModel {
    var mid: Double
    var sigma: Double
    var kappaEffective: Double
    var halfSpread: Double
    var skew: Double
    var inventoryLots: Double
}
