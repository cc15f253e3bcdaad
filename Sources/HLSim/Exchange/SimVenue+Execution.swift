import Engine
import Hyperliquid
import JSON

extension SimVenue {
    /// Carries out an admitted action at `now`: plays the market up to `now` first, then
    /// the action; returns the `/exchange` answer and the pushes it caused.
    public func execute(_ prepared: PreparedAction, now: Int64) throws -> (answer: HTTPAnswer, pushes: [Push]) {
        var pushes = try self.advance(to: now)
        let now = self.lastNow
        // Account frames (`openOrders`, `clearinghouseState`) go out once per action,
        // however many of its orders changed the account.
        self.deferredAccountPushes = []
        defer { self.deferredAccountPushes = nil }
        let answer: HTTPAnswer
        switch prepared.type {
        case "order":
            answer = self.placeOrders(prepared, now: now, into: &pushes)
        case "cancel", "cancelByCloid":
            answer = self.cancelOrders(prepared, now: now, into: &pushes)
        case "modify", "batchModify":
            answer = self.modifyOrders(prepared, now: now, into: &pushes)
        case "scheduleCancel":
            answer = self.scheduleCancel(prepared, now: now)
        case "updateLeverage":
            answer = self.updateLeverage(prepared)
        default:  // noop: the nonce is used, nothing else happens.
            answer = Self.defaultAnswer(prepared.type)
        }
        let changed = self.deferredAccountPushes ?? []
        self.deferredAccountPushes = nil
        for address in changed.sorted() { self.pushAccountState(of: address, now: now, into: &pushes) }
        return (answer, pushes)
    }

    static func defaultAnswer(_ type: String) -> HTTPAnswer {
        .json(.object([("status", .string("ok")), ("response", .object([("type", .string("default"))]))]), summary: "\(type): ok")
    }

    static func statusesAnswer(_ kind: String, _ statuses: [OrderedJSON], summary: String) -> HTTPAnswer {
        .json(.object([("status", .string("ok")),
                       ("response", .object([("type", .string(kind)), ("data", .object([("statuses", .array(statuses))]))]))]),
              summary: summary)
    }

    static func errorStatus(_ message: String) -> OrderedJSON { .object([("error", .string(message))]) }

    /// One wire order (`{"a","b","p","s","r","t","c"}`) as an engine order, or the error
    /// the exchange gives it.
    func parseOrder(_ wire: OrderedJSON, account: inout SimAccount, replacing: UInt64? = nil) -> Result<(OrderRequest, SimulatedCoin, visibleID: ClientOrderID?), OrderError> {
        guard case .integer(let asset)? = wire["a"], let coin = self.coin(atAsset: asset) else { return .failure(OrderError("Asset not found.")) }
        guard case .bool(let isBuy)? = wire["b"], case .string(let priceText)? = wire["p"], case .string(let sizeText)? = wire["s"],
              case .bool(let reduceOnly)? = wire["r"], let kind = wire["t"] else {
            return .failure(OrderError("Invalid order: expected fields a, b, p, s, r, t."))
        }
        guard let price = try? Price(parsing: priceText), price.rawValue > 0 else { return .failure(OrderError("Order has invalid price.")) }
        guard let size = try? Size(parsing: sizeText), size.rawValue > 0 else { return .failure(OrderError("Order has invalid size.")) }
        let timeInForce: TimeInForce
        if case .string(let tif)? = kind["limit"]?["tif"] {
            switch tif {
            case "Alo": timeInForce = .alo
            case "Ioc", "FrontendMarket": timeInForce = .ioc
            case "Gtc": timeInForce = .gtc
            default: return .failure(OrderError("Invalid TIF: \(tif)."))
            }
        } else if kind["trigger"] != nil {
            return .failure(OrderError("Trigger orders are not supported by hl-sim."))
        } else {
            return .failure(OrderError("Invalid order type: expected {\"limit\":{\"tif\":…}}."))
        }
        var visible: ClientOrderID?
        let id: ClientOrderID
        switch wire["c"] {
        case nil, .null?:
            id = account.anonymousOrderID()
        case .string(let text)?:
            guard let cloid = ClientOrderID(hex: text) else { return .failure(OrderError("Invalid cloid: expected 0x and 32 hex digits.")) }
            if account.openOrders.contains(where: { $0.value.clientID == cloid && $0.key != replacing }) { return .failure(OrderError("Duplicate cloid.")) }
            id = cloid
            visible = cloid
        default:
            return .failure(OrderError("Invalid cloid: expected 0x and 32 hex digits."))
        }
        let request = OrderRequest(clientOrderID: id, coin: coin.name, side: isBuy ? .bid : .ask, price: price, size: size,
                                   timeInForce: timeInForce, reduceOnly: reduceOnly)
        return .success((request, coin, visible))
    }

    struct OrderError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// The status row for one order response, with the cloid when the order had one.
    func status(for response: OrderResponse?, visibleID: ClientOrderID?) -> OrderedJSON {
        func withCloid(_ pairs: [(key: String, value: OrderedJSON)]) -> [(key: String, value: OrderedJSON)] {
            visibleID.map { pairs + [("cloid", .string($0.description))] } ?? pairs
        }
        guard let response else { return Self.errorStatus("Order was not processed.") }
        switch response.outcome {
        case .resting, .modified:
            return .object([("resting", .object(withCloid([("oid", .unsigned(response.orderID ?? 0))])))])
        case .filled(let total, let average):
            return .object([("filled", .object(withCloid([("totalSz", SimWire.decimal(total.rawValue)), ("avgPx", SimWire.decimal(average.rawValue)),
                                                           ("oid", .unsigned(response.orderID ?? 0))])))])
        case .rejected(let message), .rateLimited(let message), .cancelRejected(let message), .unknown(let message):
            return Self.errorStatus(message)
        case .cancelled:
            return .string("success")
        }
    }

    func placeOrders(_ prepared: PreparedAction, now: Int64, into pushes: inout [Push]) -> HTTPAnswer {
        guard case .array(let orders)? = prepared.action["orders"] else { return .exchangeError("Invalid order action: missing orders.") }
        guard !orders.isEmpty else { return .exchangeError("Order has zero size.") }
        let address = prepared.account
        var statuses: [OrderedJSON] = []
        var words: [String] = []
        for wire in orders {
            // Taken out of the dictionary while it changes: no copy of the account.
            var account = self.accounts.removeValue(forKey: address)!
            let parsed = self.parseOrder(wire, account: &account)
            if case .success(let (request, _, _)) = parsed, !request.reduceOnly, account.exchange.openOrders.count >= account.openOrderLimit {
                self.accounts[address] = account
                statuses.append(Self.errorStatus("Too many open orders: the limit is \(account.openOrderLimit) (1000, plus 1 per 5M USDC traded, at most 5000)."))
                words.append("error")
                continue
            }
            self.accounts[address] = account
            guard case .success(let (request, coin, visible)) = parsed else {
                if case .failure(let error) = parsed { statuses.append(Self.errorStatus(error.message)); words.append("error") }
                continue
            }
            let notional = request.price.doubleValue * request.size.doubleValue
            if !request.reduceOnly, notional / Double(account.leverage(for: coin)) > self.availableMargin(of: account) {
                statuses.append(Self.errorStatus("Insufficient margin to place order."))
                words.append("error")
                continue
            }
            account.exchange.submit([.place(request)], at: now)
            self.accounts[address] = account
            let responses = self.settle(address, now: now, into: &pushes)
            let response = responses.last { $0.clientOrderID == request.clientOrderID }
            if let response, response.outcome == .resting, let oid = response.orderID,
               let open = self.accounts[address]!.exchange.openOrders.first(where: { $0.orderID == oid }) {
                let facts = OrderFacts(coin: coin.name, side: request.side, price: request.price, originalSize: request.size.rawValue,
                                       remaining: open.remaining.rawValue, placedAt: now, clientID: visible,
                                       timeInForce: request.timeInForce, reduceOnly: request.reduceOnly)
                self.accounts[address]!.openOrders[oid] = facts
                self.pushOrderUpdates([self.orderUpdate(facts, oid: oid, status: "open", time: now)], of: address, into: &pushes)
                self.pushAccountState(of: address, now: now, into: &pushes)
            } else if let response, case .filled(let total, _) = response.outcome, let oid = response.orderID {
                let facts = OrderFacts(coin: coin.name, side: request.side, price: request.price, originalSize: request.size.rawValue,
                                       remaining: request.size.rawValue - total.rawValue, placedAt: now, clientID: visible,
                                       timeInForce: request.timeInForce, reduceOnly: request.reduceOnly)
                self.pushOrderUpdates([self.orderUpdate(facts, oid: oid, status: "filled", time: now)], of: address, into: &pushes)
                self.remember(&self.accounts[address]!, oid: oid, facts: facts, status: "filled", time: now)
            }
            statuses.append(self.status(for: response, visibleID: visible))
            words.append(response?.outcome.name ?? "none")
        }
        return Self.statusesAnswer("order", statuses, summary: "order x\(orders.count): \(words.joined(separator: ","))")
    }

    func cancelOrders(_ prepared: PreparedAction, now: Int64, into pushes: inout [Push]) -> HTTPAnswer {
        guard case .array(let cancels)? = prepared.action["cancels"], !cancels.isEmpty else {
            return .exchangeError("Invalid cancel action: missing cancels.")
        }
        let address = prepared.account
        let byClientID = prepared.type == "cancelByCloid"
        var statuses: [OrderedJSON] = []
        var all: [OrderResponse] = []
        for item in cancels {
            let assetKey = byClientID ? "asset" : "a"
            guard case .integer(let asset)? = item[assetKey], let coin = self.coin(atAsset: asset) else {
                statuses.append(Self.errorStatus("Asset not found."))
                continue
            }
            let reference: OrderReference
            if byClientID {
                guard case .string(let text)? = item["cloid"], let cloid = ClientOrderID(hex: text) else {
                    statuses.append(Self.errorStatus("Invalid cloid: expected 0x and 32 hex digits."))
                    continue
                }
                reference = .client(cloid)
            } else {
                switch item["o"] {
                case .integer(let oid)? where oid >= 0: reference = .exchange(UInt64(oid))
                case .unsigned(let oid)?: reference = .exchange(oid)
                default:
                    statuses.append(Self.errorStatus("Invalid cancel: expected an integer oid in field o."))
                    continue
                }
            }
            self.accounts[address]!.exchange.submit([.cancel(coin: coin.name, order: reference)], at: now)
            let responses = self.settle(address, now: now, into: &pushes)
            all.append(contentsOf: responses)
            let response = responses.last { $0.outcome == .cancelled || $0.outcome.name == "cancelRejected" || $0.outcome.name == "rateLimited" }
            statuses.append(self.status(for: response, visibleID: nil))
        }
        self.closeCancelled(all, of: address, status: "canceled", now: now, into: &pushes)
        let ok = statuses.filter { $0 == .string("success") }.count
        return Self.statusesAnswer("cancel", statuses, summary: "\(prepared.type) x\(cancels.count): \(ok) cancelled")
    }

    func modifyOrders(_ prepared: PreparedAction, now: Int64, into pushes: inout [Push]) -> HTTPAnswer {
        let items: [OrderedJSON]
        if prepared.type == "modify" {
            items = [.object([("oid", prepared.action["oid"] ?? .null), ("order", prepared.action["order"] ?? .null)])]
        } else {
            guard case .array(let modifies)? = prepared.action["modifies"], !modifies.isEmpty else {
                return .exchangeError("Invalid batchModify action: missing modifies.")
            }
            items = modifies
        }
        let address = prepared.account
        var statuses: [OrderedJSON] = []
        for item in items {
            let reference: OrderReference
            switch item["oid"] {
            case .integer(let oid)? where oid >= 0: reference = .exchange(UInt64(oid))
            case .unsigned(let oid)?: reference = .exchange(oid)
            case .string(let text)?:
                guard let cloid = ClientOrderID(hex: text) else { statuses.append(Self.errorStatus("Invalid cloid: expected 0x and 32 hex digits.")); continue }
                reference = .client(cloid)
            default:
                statuses.append(Self.errorStatus("Invalid modify: expected an oid or cloid."))
                continue
            }
            var account = self.accounts.removeValue(forKey: address)!
            defer { if self.accounts[address] == nil { self.accounts[address] = account } }
            guard let target = account.exchange.openOrders.first(where: {
                switch reference {
                case .exchange(let oid): return $0.orderID == oid
                case .client(let cloid): return $0.clientOrderID == cloid
                }
            }) else {
                statuses.append(Self.errorStatus("Cannot modify canceled or filled order"))
                continue
            }
            // A modify without a cloid keeps the order's internal id.
            var wire = item["order"] ?? .null
            if case .object(var pairs) = wire, wire["c"] == nil || wire["c"] == .null {
                pairs.removeAll { $0.key == "c" }
                wire = .object(pairs)
            }
            let parsed = self.parseOrder(wire, account: &account, replacing: target.orderID)
            guard case .success(let parsedOrder) = parsed else {
                if case .failure(let error) = parsed { statuses.append(Self.errorStatus(error.message)) }
                continue
            }
            var request = parsedOrder.0
            let coin = parsedOrder.1
            var visible = parsedOrder.visibleID
            if visible == nil {
                request.clientOrderID = target.clientOrderID
                visible = account.visibleClientID(target.clientOrderID)
            }
            account.exchange.submit([.modify(order: .exchange(target.orderID), replacement: request)], at: now)
            self.accounts[address] = account
            let responses = self.settle(address, now: now, into: &pushes)
            let response = responses.last { $0.clientOrderID == request.clientOrderID }
            if response?.outcome == .modified {
                let facts = OrderFacts(coin: coin.name, side: request.side, price: request.price, originalSize: request.size.rawValue,
                                       remaining: request.size.rawValue, placedAt: now, clientID: visible,
                                       timeInForce: request.timeInForce, reduceOnly: request.reduceOnly)
                self.accounts[address]!.openOrders[target.orderID] = facts
                self.pushOrderUpdates([self.orderUpdate(facts, oid: target.orderID, status: "open", time: now)], of: address, into: &pushes)
                self.pushAccountState(of: address, now: now, into: &pushes)
            }
            statuses.append(self.status(for: response, visibleID: visible))
        }
        if prepared.type == "modify" {
            if case .object(let pairs)? = statuses.first, pairs.first?.key == "error", case .string(let message) = pairs[0].value {
                return .exchangeError(message)
            }
            return Self.defaultAnswer("modify")
        }
        return Self.statusesAnswer("order", statuses, summary: "batchModify x\(items.count)")
    }

    func scheduleCancel(_ prepared: PreparedAction, now: Int64) -> HTTPAnswer {
        let nowMilliseconds = now / 1_000_000
        switch prepared.action["time"] {
        case nil, .null?:
            self.accounts[prepared.account]!.scheduledCancel = nil
            return Self.defaultAnswer("scheduleCancel (cleared)")
        case .integer(let time)?:
            guard time >= nowMilliseconds + 5_000 else {
                return .exchangeError("Scheduled cancel time too early, must be at least 5 seconds from now.")
            }
            let day = now / 86_400_000_000_000
            guard self.accounts[prepared.account]!.scheduledCancelTriggers[day, default: 0] < 10 else {
                return .exchangeError("Too many scheduled cancel triggers today (10 per day, reset at 00:00 UTC).")
            }
            self.accounts[prepared.account]!.scheduledCancel = time
            return Self.defaultAnswer("scheduleCancel at \(time)")
        default:
            return .unprocessable("invalid type for field `time`: expected u64")
        }
    }

    func updateLeverage(_ prepared: PreparedAction) -> HTTPAnswer {
        guard case .integer(let asset)? = prepared.action["asset"], let coin = self.coin(atAsset: asset),
              case .bool(let isCross)? = prepared.action["isCross"], case .integer(let leverage)? = prepared.action["leverage"] else {
            return .unprocessable("updateLeverage needs asset, isCross and leverage")
        }
        guard leverage >= 1, leverage <= Int64(coin.maxLeverage) else { return .exchangeError("Invalid leverage value") }
        self.accounts[prepared.account]!.leverage[coin.name] = Int(leverage)
        self.accounts[prepared.account]!.isCross[coin.name] = isCross
        return Self.defaultAnswer("updateLeverage \(coin.name) \(leverage)x")
    }
}
