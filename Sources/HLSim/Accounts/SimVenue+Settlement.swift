import Engine
import Hyperliquid
import JSON

extension SimVenue {
    /// Runs an account's exchange up to `now`: books fills and funding, turns them into
    /// pushes, and returns the order responses it produced (for the request being
    /// answered).
    func settle(_ address: String, now: Int64, into pushes: inout [Push]) -> [OrderResponse] {
        // Taken out of the dictionary while it changes: no copy of the account.
        guard var account = self.accounts.removeValue(forKey: address) else { return [] }
        let delivered = account.exchange.run(until: now)
        var responses: [OrderResponse] = []
        var fillRows: [OrderedJSON] = []
        var changed = false
        for (time, event) in delivered {
            switch event {
            case .fill(let fill):
                let (closedPnl, direction) = account.ledgers[fill.coin, default: PositionLedger()]
                    .apply(side: fill.side, price: fill.price.doubleValue, size: fill.size.rawValue)
                let fee = fill.fee.doubleValue
                account.cash += closedPnl - fee
                let record = FillRecord(fill: fill, visibleClientID: account.visibleClientID(fill.clientOrderID),
                                        closedPnl: closedPnl, direction: direction, fee: fee)
                account.fills.append(record)
                if account.fills.count > 2_000 { account.fills.removeFirst(account.fills.count - 2_000) }
                fillRows.append(SimWire.fill(record))
                if var facts = account.openOrders[fill.orderID] {
                    facts.remaining -= fill.size.rawValue
                    account.openOrders[fill.orderID] = facts
                }
                changed = true
            case .userEvent(.funding(let coin, let amount, let position, let rate)):
                account.cash += amount.doubleValue
                account.ledgers[coin, default: PositionLedger()].pay(funding: -amount.doubleValue)
                if self.isFollowed("user:\(address)") {
                    let funding = OrderedJSON.object([("time", SimWire.milliseconds(time)), ("coin", .string(coin)), ("usdc", SimWire.amount(amount.doubleValue)),
                                                      ("szi", SimWire.decimal(position.rawValue)), ("fundingRate", .string(rate.description))])
                    pushes.append(Push(topic: "user:\(address)", text: SimWire.frame("user", .object([("funding", funding)]))))
                }
                changed = true
            case .orderResponse(let response):
                responses.append(response)
            default:
                break
            }
        }
        // Orders that left the book through fills.
        let stillOpen = Set(account.exchange.openOrders.map(\.orderID))
        var updates: [OrderedJSON] = []
        for oid in account.openOrders.keys.sorted() where !stillOpen.contains(oid) && !responses.contains(where: { $0.orderID == oid && $0.outcome == .cancelled }) {
            let facts = account.openOrders.removeValue(forKey: oid)!
            guard facts.remaining <= 0 else { account.openOrders[oid] = facts; continue }
            updates.append(self.orderUpdate(facts, oid: oid, status: "filled", time: now))
            self.remember(&account, oid: oid, facts: facts, status: "filled", time: now)
        }
        self.accounts[address] = account
        if !fillRows.isEmpty {
            if self.isFollowed("userFills:\(address)") {
                pushes.append(Push(topic: "userFills:\(address)", text: SimWire.frame("userFills", .object([("user", .string(address)), ("fills", .array(fillRows))]))))
            }
            if self.isFollowed("user:\(address)") {
                pushes.append(Push(topic: "user:\(address)", text: SimWire.frame("user", .object([("fills", .array(fillRows))]))))
            }
        }
        self.pushOrderUpdates(updates, of: address, into: &pushes)
        if changed || !updates.isEmpty { self.pushAccountState(of: address, now: now, into: &pushes) }
        return responses
    }

    /// An `orderUpdates` row.
    func orderUpdate(_ facts: OrderFacts, oid: UInt64, status: String, time: Int64) -> OrderedJSON {
        .object([("order", SimWire.order(coin: facts.coin, side: facts.side, price: facts.price, remaining: max(0, facts.remaining),
                                          originalSize: facts.originalSize, orderID: oid, placedAt: facts.placedAt, clientID: facts.clientID)),
                 ("status", .string(status)), ("statusTimestamp", SimWire.milliseconds(time))])
    }

    func pushOrderUpdates(_ updates: [OrderedJSON], of address: String, into pushes: inout [Push]) {
        guard !updates.isEmpty, self.isFollowed("orderUpdates:\(address)") else { return }
        pushes.append(Push(topic: "orderUpdates:\(address)", text: SimWire.frame("orderUpdates", .array(updates))))
    }

    /// `openOrders` and `clearinghouseState` frames for their subscribers.
    func pushAccountState(of address: String, now: Int64, into pushes: inout [Push]) {
        if self.deferredAccountPushes != nil {
            self.deferredAccountPushes!.insert(address)
            return
        }
        if self.isFollowed("openOrders:\(address)") {
            pushes.append(Push(topic: "openOrders:\(address)", text: SimWire.frame("openOrders", self.openOrdersFrame(of: address))))
        }
        if self.isFollowed("clearinghouseState:\(address)") {
            let data = OrderedJSON.object([("dex", .string("")), ("user", .string(address)), ("clearinghouseState", self.clearinghouseState(of: address, now: now))])
            pushes.append(Push(topic: "clearinghouseState:\(address)", text: SimWire.frame("clearinghouseState", data)))
        }
    }

    func openOrdersFrame(of address: String) -> OrderedJSON {
        .object([("dex", .string("")), ("user", .string(address)), ("orders", self.openOrderRows(of: address, frontend: false))])
    }

    /// Keeps the final state of a closed order for `orderStatus`.
    func remember(_ account: inout SimAccount, oid: UInt64, facts: OrderFacts, status: String, time: Int64) {
        account.closedOrders[oid] = (facts, status, time)
        account.closedOrderQueue.append(oid)
        if account.closedOrderQueue.count > 1_000 {
            account.closedOrders.removeValue(forKey: account.closedOrderQueue.removeFirst())
        }
    }

    /// Fires an account's dead man's switch when its time has come.
    func fireScheduledCancel(of address: String, now: Int64, into pushes: inout [Push]) {
        guard var account = self.accounts[address], let deadline = account.scheduledCancel, deadline <= now / 1_000_000 else { return }
        account.scheduledCancel = nil
        account.scheduledCancelTriggers[now / 86_400_000_000_000, default: 0] += 1
        self.accounts[address] = account
        _ = self.settle(address, now: now, into: &pushes)
        account = self.accounts[address]!
        account.exchange.submit([.cancelAll(coin: nil)], at: now)
        self.accounts[address] = account
        let responses = self.settle(address, now: now, into: &pushes)
        self.closeCancelled(responses, of: address, status: "scheduledCancel", now: now, into: &pushes)
    }

    /// Drops cancelled orders from an account's book-keeping and tells subscribers.
    func closeCancelled(_ responses: [OrderResponse], of address: String, status: String, now: Int64, into pushes: inout [Push]) {
        guard var account = self.accounts[address] else { return }
        var updates: [OrderedJSON] = []
        for response in responses where response.outcome == .cancelled {
            guard let oid = response.orderID, let facts = account.openOrders.removeValue(forKey: oid) else { continue }
            updates.append(self.orderUpdate(facts, oid: oid, status: status, time: now))
            self.remember(&account, oid: oid, facts: facts, status: status, time: now)
        }
        self.accounts[address] = account
        self.pushOrderUpdates(updates, of: address, into: &pushes)
        if !updates.isEmpty { self.pushAccountState(of: address, now: now, into: &pushes) }
    }
}
