import JSON

/// One open position in an account snapshot.
public struct PositionSnapshot: Hashable, Sendable {
    public var coin: String
    /// Signed size: negative for a short.
    public var size: Size
    public var entryPrice: Price?
    public var unrealizedPnl: Amount
    public var liquidationPrice: Price?

    public init(coin: String, size: Size, entryPrice: Price?, unrealizedPnl: Amount, liquidationPrice: Price?) {
        self.coin = coin
        self.size = size
        self.entryPrice = entryPrice
        self.unrealizedPnl = unrealizedPnl
        self.liquidationPrice = liquidationPrice
    }
}

/// One resting order as the exchange lists it (Hyperliquid's `openOrders`).
public struct OpenOrderSnapshot: Hashable, Sendable {
    public var coin: String
    public var side: Side
    public var limitPrice: Price
    /// Remaining size.
    public var size: Size
    public var orderID: UInt64
    public var clientOrderID: ClientOrderID?

    public init(coin: String, side: Side, limitPrice: Price, size: Size, orderID: UInt64, clientOrderID: ClientOrderID?) {
        self.coin = coin
        self.side = side
        self.limitPrice = limitPrice
        self.size = size
        self.orderID = orderID
        self.clientOrderID = clientOrderID
    }
}

/// The account's margin state and positions (Hyperliquid's clearinghouse state), and,
/// when the driver fetched them, its open orders.
public struct AccountSnapshot: Hashable, Sendable {
    /// Milliseconds since the epoch.
    public var exchangeTime: Int64
    public var accountValue: Amount
    public var totalMarginUsed: Amount
    public var withdrawable: Amount
    public var positions: [PositionSnapshot]
    /// Every open order of the account; `nil` when this snapshot does not include them.
    public var openOrders: [OpenOrderSnapshot]?

    public init(exchangeTime: Int64, accountValue: Amount, totalMarginUsed: Amount, withdrawable: Amount, positions: [PositionSnapshot],
                openOrders: [OpenOrderSnapshot]? = nil) {
        self.exchangeTime = exchangeTime
        self.accountValue = accountValue
        self.totalMarginUsed = totalMarginUsed
        self.withdrawable = withdrawable
        self.positions = positions
        self.openOrders = openOrders
    }
}

extension OpenOrderSnapshot: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        self.side.encode(to: &writer)
        writer.write(self.limitPrice)
        writer.write(self.size)
        writer.write(self.orderID)
        writer.writeOptional(self.clientOrderID) { $1.encode(to: &$0) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(coin: try reader.readString(), side: try Side(from: &reader), limitPrice: try reader.read(), size: try reader.read(),
                  orderID: try reader.read(),
                  clientOrderID: try reader.readOptional { (r) throws(BinaryDecodingError) in try ClientOrderID(from: &r) })
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("side", self.side.wireCode)
        json.field("limit_px", self.limitPrice)
        json.field("sz", self.size)
        json.field("oid", self.orderID)
        json.field("cloid", self.clientOrderID?.description)
    }
}

extension PositionSnapshot: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        writer.write(self.size)
        writer.writeOptional(self.entryPrice) { $0.write($1) }
        writer.write(self.unrealizedPnl)
        writer.writeOptional(self.liquidationPrice) { $0.write($1) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(
            coin: try reader.readString(), size: try reader.read(),
            entryPrice: try reader.readOptional { (r) throws(BinaryDecodingError) in try r.read(Price.self) },
            unrealizedPnl: try reader.read(),
            liquidationPrice: try reader.readOptional { (r) throws(BinaryDecodingError) in try r.read(Price.self) })
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("szi", self.size)
        json.field("entry_px", self.entryPrice)
        json.field("unrealized_pnl", self.unrealizedPnl)
        json.field("liquidation_px", self.liquidationPrice)
    }
}

extension AccountSnapshot: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.exchangeTime)
        writer.write(self.accountValue)
        writer.write(self.totalMarginUsed)
        writer.write(self.withdrawable)
        writer.writeArray(self.positions) { $1.encode(to: &$0) }
        writer.writeOptional(self.openOrders) { w, orders in w.writeArray(orders) { $1.encode(to: &$0) } }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(exchangeTime: try reader.read(), accountValue: try reader.read(), totalMarginUsed: try reader.read(),
                  withdrawable: try reader.read(),
                  positions: try reader.readArray(minimumElementSize: 20) { (r) throws(BinaryDecodingError) in try PositionSnapshot(from: &r) },
                  openOrders: try reader.readOptional { (r) throws(BinaryDecodingError) in
                      try r.readArray(minimumElementSize: 28) { (o) throws(BinaryDecodingError) in try OpenOrderSnapshot(from: &o) }
                  })
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("exchange_time", self.exchangeTime)
        json.field("account_value", self.accountValue)
        json.field("total_margin_used", self.totalMarginUsed)
        json.field("withdrawable", self.withdrawable)
        json.field("positions", objects: self.positions)
        json.key("open_orders")
        if let orders = self.openOrders {
            json.beginArray()
            for order in orders { json.object(order) }
            json.endArray()
        } else {
            json.null()
        }
    }
}
