import Engine
import Hyperliquid
import JSON

/// The exchange's JSON shapes, built from hl-sim's state. Keys are written in the order
/// the real API writes them (see Tests/Fixtures/hyperliquid).
enum SimWire {
    /// A decimal as the API prints it: trailing zeros stripped but at least one
    /// fractional digit ("105055.0", "0.00037").
    static func decimal(_ raw: Int64) -> OrderedJSON {
        var text = FixedPoint.format(raw)
        if !text.contains(".") { text += ".0" }
        return .string(text)
    }

    /// A Double amount (USDC figures) with at most 6 decimals, API style.
    static func amount(_ value: Double) -> OrderedJSON {
        guard value.isFinite else { return .string("0.0") }
        // Amounts beyond the fixed-point range (about ±9.2e10) are shown at its bounds.
        let micro = Int64(saturating: (value * 1_000_000).rounded())
        let (raw, overflow) = micro.multipliedReportingOverflow(by: 100)
        return self.decimal(overflow ? (micro < 0 ? Int64.min + 1 : Int64.max) : raw)
    }

    static func side(_ side: Side) -> OrderedJSON { .string(side == .bid ? "B" : "A") }

    static func milliseconds(_ nanoseconds: Int64) -> OrderedJSON { .integer(nanoseconds / 1_000_000) }

    /// `{"coin","time","levels":[[bids],[asks]]}`.
    static func book(_ book: BookSnapshot, time: Int64) -> OrderedJSON {
        func levels(_ side: [BookLevel]) -> OrderedJSON {
            .array(side.prefix(20).map { .object([("px", self.decimal($0.price.rawValue)), ("sz", self.decimal($0.size.rawValue)),
                                                   ("n", .integer(Int64($0.orders)))]) })
        }
        return .object([("coin", .string(book.coin)), ("time", self.milliseconds(time)),
                        ("levels", .array([levels(book.bids), levels(book.asks)]))])
    }

    /// `{"coin","time","bbo":[bid|null, ask|null]}`.
    static func bbo(_ book: BookSnapshot, time: Int64) -> OrderedJSON {
        func level(_ level: BookLevel?) -> OrderedJSON {
            guard let level else { return .null }
            return .object([("px", self.decimal(level.price.rawValue)), ("sz", self.decimal(level.size.rawValue)), ("n", .integer(Int64(level.orders)))])
        }
        return .object([("coin", .string(book.coin)), ("time", self.milliseconds(time)), ("bbo", .array([level(book.bids.first), level(book.asks.first)]))])
    }

    /// One `trades` row. `users` are the two sides; hl-sim's market is anonymous.
    static func trade(_ trade: Trade, coin: String, time: Int64) -> OrderedJSON {
        .object([("coin", .string(coin)), ("side", self.side(trade.side)), ("px", self.decimal(trade.price.rawValue)),
                 ("sz", self.decimal(trade.size.rawValue)), ("time", self.milliseconds(time)), ("hash", .string(self.hash(trade.tradeID))),
                 ("tid", .unsigned(trade.tradeID)),
                 ("users", .array([.string("0x0000000000000000000000000000000000000001"), .string("0x0000000000000000000000000000000000000002")]))])
    }

    /// A transaction-hash-shaped string derived from a trade id.
    static func hash(_ id: UInt64) -> String {
        var digits = String(id, radix: 16)
        digits = String(repeating: "0", count: max(0, 64 - digits.count)) + digits
        return "0x" + digits
    }

    /// An open order as `openOrders` lists it (and `orderUpdates` nests it).
    static func order(coin: String, side: Side, price: Price, remaining: Int64, originalSize: Int64, orderID: UInt64,
                      placedAt: Int64, clientID: ClientOrderID?) -> OrderedJSON {
        var pairs: [(key: String, value: OrderedJSON)] = [
            ("coin", .string(coin)), ("side", self.side(side)), ("limitPx", self.decimal(price.rawValue)), ("sz", self.decimal(remaining)),
            ("oid", .unsigned(orderID)), ("timestamp", self.milliseconds(placedAt)), ("origSz", self.decimal(originalSize)),
        ]
        if let clientID { pairs.append(("cloid", .string(clientID.description))) }
        return .object(pairs)
    }

    /// The `frontendOpenOrders` row: the `openOrders` fields plus order type details.
    static func frontendOrder(_ base: OrderedJSON, reduceOnly: Bool, timeInForce: String) -> OrderedJSON {
        guard case .object(var pairs) = base else { return base }
        pairs.append(contentsOf: [
            ("isPositionTpsl", .bool(false)), ("isTrigger", .bool(false)), ("orderType", .string("Limit")), ("reduceOnly", .bool(reduceOnly)),
            ("triggerCondition", .string("N/A")), ("triggerPx", .string("0.0")), ("tif", .string(timeInForce)), ("children", .array([])),
        ])
        return .object(pairs)
    }

    /// A `userFills` / `userEvents.fills` row.
    static func fill(_ record: FillRecord) -> OrderedJSON {
        let fill = record.fill
        var pairs: [(key: String, value: OrderedJSON)] = [
            ("coin", .string(fill.coin)), ("px", self.decimal(fill.price.rawValue)), ("sz", self.decimal(fill.size.rawValue)),
            ("side", self.side(fill.side)), ("time", .integer(fill.exchangeTime)), ("startPosition", self.decimal(fill.startPosition.rawValue)),
            ("dir", .string(record.direction)), ("closedPnl", self.amount(record.closedPnl)), ("hash", .string(self.hash(fill.tradeID))),
            ("oid", .unsigned(fill.orderID)), ("crossed", .bool(fill.crossed)), ("fee", self.amount(record.fee)), ("tid", .unsigned(fill.tradeID)),
        ]
        if let cloid = record.visibleClientID { pairs.append(("cloid", .string(cloid.description))) }
        pairs.append(("feeToken", .string(fill.feeToken)))
        return .object(pairs)
    }

    /// `{"channel":NAME,"data":DATA}` as text.
    static func frame(_ channel: String, _ data: OrderedJSON) -> String {
        OrderedJSON.object([("channel", .string(channel)), ("data", data)]).text
    }
}
