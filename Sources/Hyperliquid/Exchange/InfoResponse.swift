import Engine
import JSON

/// Translates the `/info` responses the market maker reads at start and on reconcile into
/// engine values. Every problem is a ``WireError`` naming the request type and field.
public enum InfoResponse {
    /// `clearinghouseState` (margin summary, withdrawable, asset positions), with the
    /// account's open orders when `openOrders` (an `openOrders` or `frontendOpenOrders`
    /// response) is given.
    public static func accountSnapshot(clearinghouseState text: String, openOrders: String? = nil) throws(WireError) -> AccountSnapshot {
        var account = try self.accountSnapshot(try self.parse(text), fields: WireFields(channel: "clearinghouseState", path: ""))
        account.openOrders = try openOrders.map { (text) throws(WireError) in try self.openOrders(text) }
        if let problem = account.limitProblem { throw .outsideLimits(channel: "clearinghouseState", reason: problem) }
        return account
    }

    /// A clearinghouse state object (from `/info` or the WebSocket channel).
    static func accountSnapshot(_ json: OrderedJSON, fields: WireFields) throws(WireError) -> AccountSnapshot {
        let state = try fields.object(json)
        let summary = try fields.object(state["marginSummary"], at: "marginSummary")
        var positions: [PositionSnapshot] = []
        for (i, item) in try fields.array(state["assetPositions"], at: "assetPositions").enumerated() {
            let at = "assetPositions[\(i)].position"
            let position = try fields.object(try fields.object(item, at: "assetPositions[\(i)]")["position"], at: at)
            positions.append(PositionSnapshot(
                coin: try fields.string(position["coin"], at: at + ".coin"),
                size: try fields.decimal(position["szi"], at: at + ".szi"),
                entryPrice: try fields.optionalPositiveDecimal(position["entryPx"], at: at + ".entryPx"),
                unrealizedPnl: try fields.decimal(position["unrealizedPnl"], at: at + ".unrealizedPnl"),
                liquidationPrice: try fields.optionalPositiveDecimal(position["liquidationPx"], at: at + ".liquidationPx")))
        }
        return AccountSnapshot(
            exchangeTime: try fields.optionalInteger(state["time"], at: "time") ?? 0,
            accountValue: try fields.decimal(summary["accountValue"], at: "marginSummary.accountValue"),
            totalMarginUsed: try fields.decimal(summary["totalMarginUsed"], at: "marginSummary.totalMarginUsed"),
            withdrawable: try fields.decimal(state["withdrawable"], at: "withdrawable"),
            positions: positions)
    }

    /// `openOrders` / `frontendOpenOrders`: `[{"coin","side","limitPx","sz","oid","timestamp","cloid"?},…]`.
    public static func openOrders(_ text: String) throws(WireError) -> [OpenOrderSnapshot] {
        let orders = try self.openOrders(try self.parse(text), fields: WireFields(channel: "openOrders", path: ""))
        if let (channel, problem) = InboundFrame.openOrders(orders).limitProblem { throw .outsideLimits(channel: channel, reason: problem) }
        return orders
    }

    /// An array of open orders (from `/info` or the WebSocket channel's `orders`).
    static func openOrders(_ json: OrderedJSON?, fields: WireFields) throws(WireError) -> [OpenOrderSnapshot] {
        var orders: [OpenOrderSnapshot] = []
        for (i, item) in try fields.array(json).enumerated() {
            let at = "[\(i)]"
            let order = try fields.object(item, at: at)
            orders.append(OpenOrderSnapshot(
                coin: try fields.string(order["coin"], at: at + ".coin"),
                side: try fields.side(order["side"], at: at + ".side"),
                limitPrice: try fields.positiveDecimal(order["limitPx"], at: at + ".limitPx"),
                size: try fields.positiveDecimal(order["sz"], at: at + ".sz"),
                orderID: try fields.unsignedInteger(order["oid"], at: at + ".oid"),
                clientOrderID: try fields.optionalClientOrderID(order["cloid"], at: at + ".cloid")))
        }
        return orders
    }

    /// `userRateLimit`: `{"cumVlm","nRequestsUsed","nRequestsCap",…}`.
    public static func rateLimit(_ text: String) throws(WireError) -> RateLimitStatus {
        let fields = WireFields(channel: "userRateLimit", path: "")
        let object = try fields.object(try self.parse(text))
        return RateLimitStatus(used: try fields.unsignedInteger(object["nRequestsUsed"], at: "nRequestsUsed"),
                               cap: try fields.unsignedInteger(object["nRequestsCap"], at: "nRequestsCap"))
    }

    /// `l2Book`: the same object the WebSocket channel carries in `data`.
    public static func book(_ text: String) throws(WireError) -> BookSnapshot {
        let book = try InboundFrame.book(try self.parse(text), channel: "l2Book")
        if let problem = book.limitProblem { throw .outsideLimits(channel: "l2Book", reason: problem) }
        return book
    }

    static func parse(_ text: String) throws(WireError) -> OrderedJSON {
        do { return try OrderedJSON(parsing: text) } catch { throw .malformedJSON(error) }
    }
}

extension InfoResponse {
    /// `orderStatus` by client id: `{"status":"order","order":{"order":{…},"status",
    /// "statusTimestamp"}}`, or `{"status":"unknownOid"}` when the venue does not know it.
    public static func orderLookup(_ text: String, coin: String, clientOrderID: ClientOrderID) throws(WireError) -> OrderLookup {
        let fields = WireFields(channel: "orderStatus", path: "")
        let object = try fields.object(try self.parse(text))
        let status = try fields.string(object["status"], at: "status")
        switch status {
        case "unknownOid":
            return OrderLookup(coin: coin, clientOrderID: clientOrderID, order: nil)
        case "order":
            guard let entry = object["order"] else { throw .invalidField(channel: "orderStatus", path: "order", value: "missing", reason: "expected the order") }
            let update = try UserChannels.orderUpdates(.array([entry])).first
            if let problem = update?.limitProblem { throw .outsideLimits(channel: "orderStatus", reason: problem) }
            return OrderLookup(coin: coin, clientOrderID: clientOrderID, order: update)
        default:
            throw .invalidField(channel: "orderStatus", path: "status", value: status, reason: "expected \"order\" or \"unknownOid\"")
        }
    }
}
