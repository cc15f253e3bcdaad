import Engine
import Hyperliquid
import JSON

extension SimVenue {
    /// Answers a `POST /info` body.
    public func info(body: [UInt8], now: Int64) -> HTTPAnswer {
        switch Self.parse(body: body) {
        case .success(let request): return self.info(request: request, now: now)
        case .failure(let refusal): return refusal.answer
        }
    }

    /// A request body as JSON, or the 422 answer for a malformed one. Pure: servers call
    /// it before taking the venue's lock, so parsing one client's large body never
    /// holds up the others.
    public static func parse(body: [UInt8]) -> Result<OrderedJSON, HTTPRefusal> {
        do { return .success(try OrderedJSON(parsing: String(decoding: body, as: UTF8.self))) } catch {
            return .failure(HTTPRefusal(answer: .unprocessable("\(error)")))
        }
    }

    /// Answers a parsed `POST /info` request.
    public func info(request: OrderedJSON, now: Int64) -> HTTPAnswer {
        switch self.info(request, now: now) {
        case .success(let (value, summary)): return .json(value, summary: summary)
        case .failure(let error): return .unprocessable(error.detail)
        }
    }

    /// Why an info request could not be answered.
    struct InfoRequestError: Error {
        var detail: String
    }

    /// The answer to an info request (also used by WebSocket `post`).
    func info(_ request: OrderedJSON, now: Int64) -> Result<(OrderedJSON, String), InfoRequestError> {
        guard case .object = request else { return .failure(InfoRequestError(detail: "expected an object")) }
        guard case .string(let type)? = request["type"] else { return .failure(InfoRequestError(detail: "missing field `type`")) }
        func user() -> String? {
            guard case .string(let user)? = request["user"], AccountList.isAddress(user) else { return nil }
            return user.lowercased()
        }
        let needsUser: Set<String> = ["clearinghouseState", "openOrders", "frontendOpenOrders", "userFills", "userFillsByTime",
                                      "userRateLimit", "orderStatus"]
        if needsUser.contains(type), user() == nil {
            return .failure(InfoRequestError(detail: request["user"] == nil ? "missing field `user`" : "invalid address in field `user`"))
        }
        switch type {
        case "meta":
            return .success((self.meta, "meta"))
        case "spotMeta":
            return .success((.object([("universe", .array([])), ("tokens", .array([]))]), "spotMeta"))
        case "metaAndAssetCtxs":
            return .success((.array([self.meta, .array(self.configuration.coins.map { self.assetContext($0.name) })]), "metaAndAssetCtxs"))
        case "allMids":
            return .success((self.mids, "allMids"))
        case "l2Book":
            guard case .string(let coin)? = request["coin"] else { return .failure(InfoRequestError(detail: "missing field `coin`")) }
            guard let book = self.books[coin] else { return .success((.null, "l2Book \(coin): no book")) }
            return .success((SimWire.book(book, time: self.lastNow), "l2Book \(coin)"))
        case "clearinghouseState":
            return .success((self.clearinghouseState(of: user()!, now: now), "clearinghouseState \(user()!)"))
        case "openOrders":
            return .success((self.openOrderRows(of: user()!, frontend: false), "openOrders \(user()!)"))
        case "frontendOpenOrders":
            return .success((self.openOrderRows(of: user()!, frontend: true), "frontendOpenOrders \(user()!)"))
        case "userFills", "userFillsByTime":
            var start: Int64 = .min
            var end: Int64 = .max
            if type == "userFillsByTime" {
                guard case .integer(let from)? = request["startTime"] else { return .failure(InfoRequestError(detail: "missing field `startTime`")) }
                start = from
                if case .integer(let to)? = request["endTime"] { end = to }
            }
            let fills = (self.accounts[user()!]?.fills ?? []).reversed().filter { $0.fill.exchangeTime >= start && $0.fill.exchangeTime <= end }
            return .success((.array(fills.prefix(2_000).map(SimWire.fill)), "\(type) \(user()!): \(fills.count)"))
        case "userRateLimit":
            return .success((self.rateLimitStatus(of: user()!), "userRateLimit \(user()!)"))
        case "orderStatus":
            return .success((self.orderStatus(of: user()!, query: request["oid"]), "orderStatus \(user()!)"))
        default:
            return .failure(InfoRequestError(detail: "unknown variant `\(type)`"))
        }
    }

    /// `{"universe":[…],"marginTables":[…],"collateralToken":0}`.
    var meta: OrderedJSON {
        let universe = self.configuration.coins.map { coin -> OrderedJSON in
            .object([("szDecimals", .integer(Int64(coin.sizeDecimals))), ("name", .string(coin.name)),
                     ("maxLeverage", .integer(Int64(coin.maxLeverage))), ("marginTableId", .integer(Int64(coin.maxLeverage)))])
        }
        var tables: [OrderedJSON] = []
        for leverage in Set(self.configuration.coins.map(\.maxLeverage)).sorted() {
            let table = OrderedJSON.object([("description", .string("")),
                                            ("marginTiers", .array([.object([("lowerBound", .string("0.0")), ("maxLeverage", .integer(Int64(leverage)))])]))])
            tables.append(.array([.integer(Int64(leverage)), table]))
        }
        return .object([("universe", .array(universe)), ("marginTables", .array(tables)), ("collateralToken", .integer(0))])
    }

    func assetContext(_ coin: String) -> OrderedJSON {
        let mid = self.midRaw(coin).map(SimWire.decimal) ?? .null
        let book = self.books[coin]
        let impact: OrderedJSON = book.flatMap { b in
            guard let bid = b.bids.first, let ask = b.asks.first else { return nil }
            return .array([SimWire.decimal(bid.price.rawValue), SimWire.decimal(ask.price.rawValue)])
        } ?? .null
        return .object([("funding", .string("0.0000125")), ("openInterest", .string("0.0")), ("prevDayPx", mid), ("dayNtlVlm", .string("0.0")),
                        ("premium", .string("0.0")), ("oraclePx", mid), ("markPx", mid), ("midPx", mid), ("impactPxs", impact), ("dayBaseVlm", .string("0.0"))])
    }

    /// The account's margin summary and positions, marked at the mid.
    func clearinghouseState(of address: String, now: Int64) -> OrderedJSON {
        var positions: [OrderedJSON] = []
        var notional = 0.0
        var marginUsed = 0.0
        var unrealized = 0.0
        var cash = 0.0
        if let account = self.accounts[address] {
            cash = account.cash
            for coin in self.configuration.coins {
                guard let ledger = account.ledgers[coin.name], ledger.size != 0 else { continue }
                let size = Double(ledger.size) / Double(FixedPoint.scale)
                let mark = self.midRaw(coin.name).map { Double($0) / Double(FixedPoint.scale) } ?? ledger.entryPrice
                let value = size.magnitude * mark
                let pnl = size * (mark - ledger.entryPrice)
                let leverage = account.leverage(for: coin)
                let margin = value / Double(leverage)
                notional += value
                marginUsed += margin
                unrealized += pnl
                let equityAtEntry = size.magnitude * ledger.entryPrice / Double(leverage)
                positions.append(.object([
                    ("type", .string("oneWay")),
                    ("position", .object([
                        ("coin", .string(coin.name)), ("szi", SimWire.decimal(ledger.size)),
                        ("leverage", .object([("type", .string(account.isCross[coin.name] ?? true ? "cross" : "isolated")), ("value", .integer(Int64(leverage)))])),
                        ("entryPx", SimWire.amount(ledger.entryPrice)), ("positionValue", SimWire.amount(value)), ("unrealizedPnl", SimWire.amount(pnl)),
                        ("returnOnEquity", SimWire.amount(equityAtEntry > 0 ? pnl / equityAtEntry : 0)), ("liquidationPx", .null),
                        ("marginUsed", SimWire.amount(margin)), ("maxLeverage", .integer(Int64(coin.maxLeverage))),
                        ("cumFunding", .object([("allTime", SimWire.amount(ledger.fundingAllTime)), ("sinceOpen", SimWire.amount(ledger.fundingSinceOpen)),
                                                ("sinceChange", SimWire.amount(ledger.fundingSinceOpen))])),
                    ])),
                ]))
            }
        }
        let accountValue = cash + unrealized
        let summary = OrderedJSON.object([("accountValue", SimWire.amount(accountValue)), ("totalNtlPos", SimWire.amount(notional)),
                                          ("totalRawUsd", SimWire.amount(cash)), ("totalMarginUsed", SimWire.amount(marginUsed))])
        return .object([("marginSummary", summary), ("crossMarginSummary", summary), ("crossMaintenanceMarginUsed", SimWire.amount(marginUsed / 2)),
                        ("withdrawable", SimWire.amount(max(0, accountValue - marginUsed))), ("assetPositions", .array(positions)),
                        ("time", SimWire.milliseconds(now))])
    }

    /// Margin an account has left for new orders: account value minus the margin of
    /// positions and open orders.
    func availableMargin(of account: SimAccount) -> Double {
        var value = account.cash
        var used = 0.0
        for coin in self.configuration.coins {
            let leverage = Double(account.leverage(for: coin))
            if let ledger = account.ledgers[coin.name], ledger.size != 0 {
                let size = Double(ledger.size) / Double(FixedPoint.scale)
                let mark = self.midRaw(coin.name).map { Double($0) / Double(FixedPoint.scale) } ?? ledger.entryPrice
                value += size * (mark - ledger.entryPrice)
                used += size.magnitude * mark / leverage
            }
        }
        for order in account.exchange.openOrders {
            let coin = self.configuration.coins[self.assets[order.coin] ?? 0]
            used += order.price.doubleValue * order.remaining.doubleValue / Double(account.leverage(for: coin))
        }
        return value - used
    }

    /// `openOrders` (or `frontendOpenOrders`) rows, newest first as the exchange lists them.
    func openOrderRows(of address: String, frontend: Bool) -> OrderedJSON {
        guard let account = self.accounts[address] else { return .array([]) }
        let rows = account.exchange.openOrders.reversed().map { order -> OrderedJSON in
            let facts = account.openOrders[order.orderID]
            let base = SimWire.order(coin: order.coin, side: order.side, price: order.price, remaining: order.remaining.rawValue,
                                     originalSize: order.originalSize.rawValue, orderID: order.orderID, placedAt: order.placedAt,
                                     clientID: account.visibleClientID(order.clientOrderID))
            guard frontend else { return base }
            return SimWire.frontendOrder(base, reduceOnly: facts?.reduceOnly ?? false, timeInForce: (facts?.timeInForce ?? .gtc).wireName)
        }
        return .array(rows)
    }

    /// `{"cumVlm","nRequestsUsed","nRequestsCap","nRequestsSurplus"}`.
    func rateLimitStatus(of address: String) -> OrderedJSON {
        let exchange = self.accounts[address]?.exchange
        return .object([("cumVlm", SimWire.amount(exchange?.tradedVolume ?? 0)), ("nRequestsUsed", .integer(exchange?.requestsSpent ?? 0)),
                        ("nRequestsCap", .integer(exchange?.requestCap ?? self.configuration.initialRequestBudget)), ("nRequestsSurplus", .integer(0))])
    }

    /// `orderStatus` by oid or cloid: open orders and the last 1,000 closed ones.
    func orderStatus(of address: String, query: OrderedJSON?) -> OrderedJSON {
        let unknown = OrderedJSON.object([("status", .string("unknownOid"))])
        guard let account = self.accounts[address] else { return unknown }
        func matches(_ oid: UInt64, _ facts: OrderFacts) -> Bool {
            switch query {
            case .integer(let value)?: return value >= 0 && UInt64(value) == oid
            case .unsigned(let value)?: return value == oid
            case .string(let text)?: return facts.clientID?.description == text.lowercased()
            default: return false
            }
        }
        func answer(_ oid: UInt64, _ facts: OrderFacts, _ status: String, _ time: Int64) -> OrderedJSON {
            let base = SimWire.order(coin: facts.coin, side: facts.side, price: facts.price, remaining: max(0, facts.remaining),
                                     originalSize: facts.originalSize, orderID: oid, placedAt: facts.placedAt, clientID: facts.clientID)
            let order = SimWire.frontendOrder(base, reduceOnly: facts.reduceOnly, timeInForce: facts.timeInForce.wireName)
            return .object([("status", .string("order")),
                            ("order", .object([("order", order), ("status", .string(status)), ("statusTimestamp", SimWire.milliseconds(time))]))])
        }
        for oid in account.openOrders.keys.sorted() where matches(oid, account.openOrders[oid]!) {
            let facts = account.openOrders[oid]!
            return answer(oid, facts, "open", facts.placedAt)
        }
        for oid in account.closedOrderQueue.reversed() {
            guard let closed = account.closedOrders[oid], matches(oid, closed.facts) else { continue }
            return answer(oid, closed.facts, closed.status, closed.time)
        }
        return unknown
    }
}
