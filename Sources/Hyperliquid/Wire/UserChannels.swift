import Engine
import JSON

/// Decoders of the account's own channels: `userFills`, `orderUpdates` and `user`.
enum UserChannels {
    /// `{"isSnapshot":true?,"user":"0x…","fills":[…]}`.
    static func userFills(_ data: OrderedJSON?) throws(WireError) -> [Fill] {
        let fields = WireFields(channel: "userFills", path: "data")
        let object = try fields.object(data)
        let snapshot = try fields.optionalBool(object["isSnapshot"], at: "isSnapshot") ?? false
        return try self.fills(object["fills"], fields: fields, isSnapshot: snapshot)
    }

    /// The `fills` array of `userFills` or `user`.
    static func fills(_ value: OrderedJSON?, fields: WireFields, isSnapshot: Bool) throws(WireError) -> [Fill] {
        var fills: [Fill] = []
        for (i, item) in try fields.array(value, at: "fills").enumerated() {
            let at = "fills[\(i)]"
            let entry = try fields.object(item, at: at)
            var liquidation: FillLiquidation?
            if let details = entry["liquidation"], details != .null {
                let object = try fields.object(details, at: at + ".liquidation")
                liquidation = FillLiquidation(
                    liquidatedUser: try fields.optionalString(object["liquidatedUser"], at: at + ".liquidation.liquidatedUser"),
                    markPrice: try fields.positiveDecimal(object["markPx"], at: at + ".liquidation.markPx"),
                    method: try fields.string(object["method"], at: at + ".liquidation.method"))
            }
            fills.append(Fill(
                coin: try fields.string(entry["coin"], at: at + ".coin"),
                side: try fields.side(entry["side"], at: at + ".side"),
                price: try fields.positiveDecimal(entry["px"], at: at + ".px"),
                size: try fields.positiveDecimal(entry["sz"], at: at + ".sz"),
                exchangeTime: try fields.integer(entry["time"], at: at + ".time"),
                orderID: try fields.unsignedInteger(entry["oid"], at: at + ".oid"),
                clientOrderID: try fields.optionalClientOrderID(entry["cloid"], at: at + ".cloid"),
                tradeID: try fields.unsignedInteger(entry["tid"], at: at + ".tid"),
                fee: try fields.decimal(entry["fee"], at: at + ".fee"),
                feeToken: try fields.optionalString(entry["feeToken"], at: at + ".feeToken") ?? "USDC",
                crossed: try fields.bool(entry["crossed"], at: at + ".crossed"),
                startPosition: try fields.decimal(entry["startPosition"], at: at + ".startPosition"),
                closedPnl: try fields.decimal(entry["closedPnl"], at: at + ".closedPnl"),
                liquidation: liquidation,
                isSnapshot: isSnapshot))
        }
        return fills
    }

    /// `[{"order":{coin,side,limitPx,sz,oid,timestamp,origSz,cloid?},"status","statusTimestamp"},…]`.
    static func orderUpdates(_ data: OrderedJSON?) throws(WireError) -> [OrderUpdate] {
        let fields = WireFields(channel: "orderUpdates", path: "data")
        var updates: [OrderUpdate] = []
        for (i, item) in try fields.array(data).enumerated() {
            let at = "[\(i)]"
            let entry = try fields.object(item, at: at)
            let order = try fields.object(entry["order"], at: at + ".order")
            let o = at + ".order"
            updates.append(OrderUpdate(
                coin: try fields.string(order["coin"], at: o + ".coin"),
                side: try fields.side(order["side"], at: o + ".side"),
                limitPrice: try fields.positiveDecimal(order["limitPx"], at: o + ".limitPx"),
                size: try fields.nonNegativeDecimal(order["sz"], at: o + ".sz"),
                originalSize: try fields.positiveDecimal(order["origSz"], at: o + ".origSz"),
                orderID: try fields.unsignedInteger(order["oid"], at: o + ".oid"),
                clientOrderID: try fields.optionalClientOrderID(order["cloid"], at: o + ".cloid"),
                status: OrderStatus(rawValue: try fields.string(entry["status"], at: at + ".status")),
                statusTime: try fields.integer(entry["statusTimestamp"], at: at + ".statusTimestamp"),
                orderTime: try fields.integer(order["timestamp"], at: o + ".timestamp")))
        }
        return updates
    }

    /// `{"fills":[…]}`, `{"funding":{…}}`, `{"liquidation":{…}}` or `{"nonUserCancel":[…]}`.
    static func user(_ data: OrderedJSON?) throws(WireError) -> InboundFrame {
        let fields = WireFields(channel: "user", path: "data")
        let object = try fields.object(data)
        if let fills = object["fills"] {
            return .fills(try self.fills(fills, fields: fields, isSnapshot: false))
        }
        if let funding = object["funding"] {
            let entry = try fields.object(funding, at: "funding")
            let rateText = try fields.string(entry["fundingRate"], at: "funding.fundingRate")
            let rate: FundingRate = try fields.decimalRate(rateText, at: "funding.fundingRate")
            return .userEvents([.funding(
                coin: try fields.string(entry["coin"], at: "funding.coin"),
                amount: try fields.decimal(entry["usdc"], at: "funding.usdc"),
                positionSize: try fields.decimal(entry["szi"], at: "funding.szi"),
                rate: rate)])
        }
        if let liquidation = object["liquidation"] {
            let entry = try fields.object(liquidation, at: "liquidation")
            return .userEvents([.liquidation(
                id: try fields.unsignedInteger(entry["lid"], at: "liquidation.lid"),
                liquidator: try fields.string(entry["liquidator"], at: "liquidation.liquidator"),
                liquidatedUser: try fields.string(entry["liquidated_user"], at: "liquidation.liquidated_user"),
                notionalPosition: try fields.decimal(entry["liquidated_ntl_pos"], at: "liquidation.liquidated_ntl_pos"),
                accountValue: try fields.decimal(entry["liquidated_account_value"], at: "liquidation.liquidated_account_value"))])
        }
        if let cancels = object["nonUserCancel"] {
            var events: [UserEvent] = []
            for (i, item) in try fields.array(cancels, at: "nonUserCancel").enumerated() {
                let entry = try fields.object(item, at: "nonUserCancel[\(i)]")
                events.append(.nonUserCancel(coin: try fields.string(entry["coin"], at: "nonUserCancel[\(i)].coin"),
                                             orderID: try fields.unsignedInteger(entry["oid"], at: "nonUserCancel[\(i)].oid")))
            }
            return .userEvents(events)
        }
        return .notTranslated(channel: "user")
    }
}
