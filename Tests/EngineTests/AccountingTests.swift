import Engine
import TestSupport
import Testing

@Suite(.tags(.unit)) struct PnLTrackerTests {
    func p(_ s: String) -> Price { try! Price(parsing: s) }
    func q(_ s: String) -> Size { try! Size(parsing: s) }
    func a(_ s: String) -> Amount { try! Amount(parsing: s) }

    @Test func averageCostRealizedPnL() {
        var pnl = PnLTracker()
        pnl.applyFill(side: .bid, price: p("100"), size: q("1"), fee: a("0.01"))
        pnl.applyFill(side: .bid, price: p("110"), size: q("1"), fee: a("0.01"))
        #expect(pnl.position == q("2") && pnl.averageEntry == 105)
        pnl.applyFill(side: .ask, price: p("120"), size: q("1"), fee: a("0.01"))
        #expect(pnl.realized == a("15") && pnl.position == q("1") && pnl.costBasis == a("105"))
        // Flip: sell 3 at 90 closes 1 (−15) and opens 2 short at 90.
        pnl.applyFill(side: .ask, price: p("90"), size: q("3"), fee: .zero)
        #expect(pnl.realized == .zero && pnl.position == q("-2") && pnl.costBasis == a("-180"))
        // Buy back 2 at 80: +20.
        pnl.applyFill(side: .bid, price: p("80"), size: q("2"), fee: a("-0.005"))
        #expect(pnl.realized == a("20") && pnl.position == .zero && pnl.costBasis == .zero)
        #expect(pnl.fees == a("0.025") && pnl.fills == 5)
        #expect(pnl.volume == a("760"))  // 100 + 110 + 120 + 270 + 160
        pnl.applyFunding(a("-1.5"))
        #expect(abs(pnl.total(mid: 85) - (20 - 1.5 - 0.025)) < 1e-9)
    }

    @Test func unrealizedIsMarkedAtMid() {
        var pnl = PnLTracker()
        pnl.applyFill(side: .ask, price: p("50"), size: q("0.5"), fee: .zero)
        #expect(pnl.unrealized(mid: 40) == 5)
        #expect(pnl.unrealized(mid: 60) == -5)
    }
}

@Suite(.tags(.unit)) struct OrderTrackerTests {
    func request(_ tracker: inout OrderTracker, side: Side = .bid) -> OrderRequest {
        OrderRequest(clientOrderID: tracker.makeClientOrderID(), coin: "BTC", side: side, price: Price(rawValue: 100 * FixedPoint.scale),
                     size: Size(rawValue: 1000), timeInForce: .alo, reduceOnly: false)
    }

    func fill(_ id: ClientOrderID?, tid: UInt64, size: Int64 = 1000) -> Fill {
        Fill(coin: "BTC", side: .bid, price: Price(rawValue: 100 * FixedPoint.scale), size: Size(rawValue: size), exchangeTime: 0,
             orderID: 7, clientOrderID: id, tradeID: tid, fee: .zero, feeToken: "USDC", crossed: false, startPosition: .zero,
             closedPnl: .zero, liquidation: nil, isSnapshot: false)
    }

    static let retry = RetryPolicy(first: 1_000_000_000, maximum: 16_000_000_000)

    @Test func lifecycleFromPendingToResting() {
        var tracker = OrderTracker(idPrefix: 9)
        let order = self.request(&tracker)
        #expect(order.clientOrderID == ClientOrderID(high: 9, low: 1))
        tracker.track(order, level: 0, at: 0)
        #expect(tracker.orders[0].state == .pendingNew)
        tracker.apply(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: 7, outcome: .resting), at: 0, retry: Self.retry)
        #expect(tracker.orders[0].state == .resting && tracker.orders[0].orderID == 7)
        tracker.markModifying(order.clientOrderID, price: Price(rawValue: 5), size: Size(rawValue: 2000), at: 0)
        tracker.apply(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: 7, outcome: .modified), at: 0, retry: Self.retry)
        #expect(tracker.orders[0].price == Price(rawValue: 5) && tracker.orders[0].size == Size(rawValue: 2000) && tracker.orders[0].state == .resting)
        #expect(tracker.apply(self.fill(order.clientOrderID, tid: 1)) == .live)
        #expect(tracker.orders[0].filled == Size(rawValue: 1000))  // partial
        #expect(tracker.apply(self.fill(order.clientOrderID, tid: 2)) == .live)
        #expect(tracker.orders.isEmpty)  // fully filled
    }

    /// Was: a modify confirmed with a new oid kept the old oid, and (with the wire
    /// decoder turning the answer into `.resting`) the order stayed `pendingModify`
    /// forever. A confirmed modify takes the exchange's oid and leaves the order resting
    /// at its new price, ready to be moved again.
    @Test func aModifyConfirmedWithANewOidCanBeModifiedAgain() {
        var tracker = OrderTracker(idPrefix: 9)
        let order = self.request(&tracker)
        tracker.track(order, level: 0, at: 0)
        tracker.apply(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: 7, outcome: .resting), at: 0, retry: Self.retry)
        for (round, oid) in [(1, UInt64(8)), (2, 9)] {
            tracker.markModifying(order.clientOrderID, price: Price(rawValue: Int64(5 + round)), size: Size(rawValue: 2000), at: 0)
            #expect(tracker.orders[0].state == .pendingModify)
            tracker.apply(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: oid, outcome: .modified), at: 0, retry: Self.retry)
            #expect(tracker.orders[0].state == .resting && tracker.orders[0].orderID == oid)
            #expect(tracker.orders[0].price == Price(rawValue: Int64(5 + round)))
        }
    }

    @Test func rejectsFreeTheSlot() {
        var tracker = OrderTracker(idPrefix: 9)
        let order = self.request(&tracker)
        tracker.track(order, level: 0, at: 0)
        tracker.apply(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: nil, outcome: .rejected(message: "Post only order would have immediately matched")), at: 0, retry: Self.retry)
        #expect(tracker.orders.isEmpty && tracker.rejects == 1)
    }

    @Test func duplicatesOrphansAndTheCancelFillRace() {
        var tracker = OrderTracker(idPrefix: 9)
        let order = self.request(&tracker)
        tracker.track(order, level: 0, at: 0)
        tracker.markCancelling(order.clientOrderID, at: 0, watchdog: 60_000_000_000)
        #expect(tracker.apply(self.fill(order.clientOrderID, tid: 10, size: 400)) == .late)
        #expect(tracker.apply(self.fill(order.clientOrderID, tid: 10, size: 400)) == .duplicate)
        tracker.apply(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: nil, outcome: .cancelRejected(message: "Order was never placed, already canceled, or filled.")), at: 0, retry: Self.retry)
        #expect(tracker.orders.isEmpty)
        // A fill after the order left the tracker is still ours: late, not orphan.
        #expect(tracker.apply(self.fill(order.clientOrderID, tid: 11, size: 600)) == .late)
        #expect(tracker.apply(self.fill(ClientOrderID(hex: "0xe8d5fd7ebbb4c3cff4d1803472a11463"), tid: 12)) == .orphan)
        #expect(tracker.apply(self.fill(nil, tid: 13)) == .orphan)
        #expect(tracker.duplicateFills == 1 && tracker.lateFills == 2 && tracker.orphanFills == 2)
    }
}
