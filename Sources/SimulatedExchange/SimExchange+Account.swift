import Engine

extension SimExchange {
    /// Answers an engine query as the venue would: the account (positions, value, open
    /// orders) or one order by client id.
    mutating func answer(_ query: VenueQuery, at time: Int64) {
        switch query {
        case .account:
            self.respond(.account(self.accountSnapshot(at: time)), at: time)
        case .orderStatus(let coin, let id):
            var found: OrderUpdate?
            if let order = self.resting.first(where: { $0.id == id }) {
                found = OrderUpdate(coin: coin, side: order.side, limitPrice: order.price, size: Size(rawValue: order.remaining),
                                    originalSize: Size(rawValue: order.originalSize), orderID: order.oid, clientOrderID: id,
                                    status: .open, statusTime: time / 1_000_000, orderTime: order.placedAt / 1_000_000)
            }
            self.respond(.orderLookup(OrderLookup(coin: coin, clientOrderID: id, order: found)), at: time)
        }
    }

    /// The account as the venue sees it at `time`: cash plus positions at mid, every
    /// position, every resting order.
    public func accountSnapshot(at time: Int64) -> AccountSnapshot {
        var value = self.cash
        var positions: [PositionSnapshot] = []
        for c in self.coins.indices where self.positions[c] != 0 {
            var mid = 0.0
            if let book = self.books[c], let bid = book.bids.first, let ask = book.asks.first {
                mid = (bid.price.doubleValue + ask.price.doubleValue) / 2
            }
            value += Double(self.positions[c]) / Double(FixedPoint.scale) * mid
            positions.append(PositionSnapshot(coin: self.coins[c].name, size: Size(rawValue: self.positions[c]), entryPrice: nil,
                                              unrealizedPnl: .zero, liquidationPrice: nil))
        }
        let open = self.resting.map {
            OpenOrderSnapshot(coin: self.coins[$0.coin].name, side: $0.side, limitPrice: $0.price, size: Size(rawValue: $0.remaining),
                              orderID: $0.oid, clientOrderID: $0.id)
        }
        let accountValue = Amount(rawValue: value.isFinite ? Int64((value * Double(FixedPoint.scale)).rounded()) : 0)
        return AccountSnapshot(exchangeTime: time / 1_000_000, accountValue: accountValue, totalMarginUsed: .zero,
                               withdrawable: accountValue, positions: positions, openOrders: open)
    }

    /// The dead man's switch fires: every resting order is cancelled, each reported as
    /// an order update with status `scheduledCancel`.
    mutating func fireDeadMansSwitch(at time: Int64) {
        let cancelled = self.resting
        self.resting.removeAll()
        for order in cancelled {
            let update = OrderUpdate(coin: self.coins[order.coin].name, side: order.side, limitPrice: order.price,
                                     size: Size(rawValue: order.remaining), originalSize: Size(rawValue: order.originalSize), orderID: order.oid,
                                     clientOrderID: order.id, status: OrderStatus(rawValue: "scheduledCancel"),
                                     statusTime: time / 1_000_000, orderTime: order.placedAt / 1_000_000)
            self.respond(.orderUpdate(update), at: time)
        }
    }
}
