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

/// The account's margin state and positions (Hyperliquid's clearinghouse state).
public struct AccountSnapshot: Hashable, Sendable {
    /// Milliseconds since the epoch.
    public var exchangeTime: Int64
    public var accountValue: Amount
    public var totalMarginUsed: Amount
    public var withdrawable: Amount
    public var positions: [PositionSnapshot]

    public init(exchangeTime: Int64, accountValue: Amount, totalMarginUsed: Amount, withdrawable: Amount, positions: [PositionSnapshot]) {
        self.exchangeTime = exchangeTime
        self.accountValue = accountValue
        self.totalMarginUsed = totalMarginUsed
        self.withdrawable = withdrawable
        self.positions = positions
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
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(exchangeTime: try reader.read(), accountValue: try reader.read(), totalMarginUsed: try reader.read(),
                  withdrawable: try reader.read(),
                  positions: try reader.readArray(minimumElementSize: 20) { (r) throws(BinaryDecodingError) in try PositionSnapshot(from: &r) })
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("exchange_time", self.exchangeTime)
        json.field("account_value", self.accountValue)
        json.field("total_margin_used", self.totalMarginUsed)
        json.field("withdrawable", self.withdrawable)
        json.field("positions", objects: self.positions)
    }
}
