import JSON

/// Liquidation details attached to a fill that was part of a liquidation.
public struct FillLiquidation: Hashable, Sendable {
    /// The liquidated account, when the exchange names it.
    public var liquidatedUser: String?
    public var markPrice: Price
    /// "market" or "backstop".
    public var method: String

    public init(liquidatedUser: String?, markPrice: Price, method: String) {
        self.liquidatedUser = liquidatedUser
        self.markPrice = markPrice
        self.method = method
    }
}

/// One of our fills (from `userFills` or the `user` channel).
public struct Fill: Hashable, Sendable {
    public var coin: String
    /// Our side: `.bid` when we bought.
    public var side: Side
    public var price: Price
    public var size: Size
    /// Milliseconds since the epoch, as the exchange stamped it.
    public var exchangeTime: Int64
    /// The exchange's order id.
    public var orderID: UInt64
    /// Our client order id, when the order had one.
    public var clientOrderID: ClientOrderID?
    /// The exchange's trade id; fills are deduplicated by it.
    public var tradeID: UInt64
    /// Fee paid (negative: rebate received).
    public var fee: Amount
    public var feeToken: String
    /// Whether we crossed the spread (taker).
    public var crossed: Bool
    /// Signed position before this fill.
    public var startPosition: Size
    public var closedPnl: Amount
    public var liquidation: FillLiquidation?
    /// Whether the fill came in a snapshot (replayed on subscribe) rather than live.
    public var isSnapshot: Bool

    public init(coin: String, side: Side, price: Price, size: Size, exchangeTime: Int64, orderID: UInt64,
                clientOrderID: ClientOrderID?, tradeID: UInt64, fee: Amount, feeToken: String, crossed: Bool,
                startPosition: Size, closedPnl: Amount, liquidation: FillLiquidation?, isSnapshot: Bool) {
        self.coin = coin
        self.side = side
        self.price = price
        self.size = size
        self.exchangeTime = exchangeTime
        self.orderID = orderID
        self.clientOrderID = clientOrderID
        self.tradeID = tradeID
        self.fee = fee
        self.feeToken = feeToken
        self.crossed = crossed
        self.startPosition = startPosition
        self.closedPnl = closedPnl
        self.liquidation = liquidation
        self.isSnapshot = isSnapshot
    }
}

extension FillLiquidation: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.writeOptional(self.liquidatedUser) { $0.write($1) }
        writer.write(self.markPrice)
        writer.write(self.method)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(liquidatedUser: try reader.readOptional { (r) throws(BinaryDecodingError) in try r.readString() },
                  markPrice: try reader.read(), method: try reader.readString())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("liquidated_user", self.liquidatedUser)
        json.field("mark_px", self.markPrice)
        json.field("method", self.method)
    }
}

extension Fill: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        self.side.encode(to: &writer)
        writer.write(self.price)
        writer.write(self.size)
        writer.write(self.exchangeTime)
        writer.write(self.orderID)
        writer.writeOptional(self.clientOrderID) { $1.encode(to: &$0) }
        writer.write(self.tradeID)
        writer.write(self.fee)
        writer.write(self.feeToken)
        writer.write(self.crossed)
        writer.write(self.startPosition)
        writer.write(self.closedPnl)
        writer.writeOptional(self.liquidation) { $1.encode(to: &$0) }
        writer.write(self.isSnapshot)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(
            coin: try reader.readString(), side: try Side(from: &reader), price: try reader.read(),
            size: try reader.read(), exchangeTime: try reader.read(), orderID: try reader.read(),
            clientOrderID: try reader.readOptional { (r) throws(BinaryDecodingError) in try ClientOrderID(from: &r) },
            tradeID: try reader.read(), fee: try reader.read(), feeToken: try reader.readString(),
            crossed: try reader.readBool(), startPosition: try reader.read(), closedPnl: try reader.read(),
            liquidation: try reader.readOptional { (r) throws(BinaryDecodingError) in try FillLiquidation(from: &r) },
            isSnapshot: try reader.readBool())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("side", self.side.wireCode)
        json.field("px", self.price)
        json.field("sz", self.size)
        json.field("exchange_time", self.exchangeTime)
        json.field("oid", self.orderID)
        json.field("cloid", self.clientOrderID?.description)
        json.field("tid", self.tradeID)
        json.field("fee", self.fee)
        json.field("fee_token", self.feeToken)
        json.field("crossed", self.crossed)
        json.field("start_position", self.startPosition)
        json.field("closed_pnl", self.closedPnl)
        json.key("liquidation")
        if let liquidation = self.liquidation { json.object(liquidation) } else { json.null() }
        json.field("is_snapshot", self.isSnapshot)
    }
}
