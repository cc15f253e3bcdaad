/// One public trade from Hyperliquid's `trades` channel.
public struct Trade: Hashable, Sendable {
    /// The aggressor's side ("B": a buyer lifted the ask).
    public var side: Side
    public var price: Price
    public var size: Size
    /// The exchange's timestamp in milliseconds.
    public var exchangeTime: Int64
    /// The exchange's trade id (`tid`).
    public var tradeID: UInt64

    public init(side: Side, price: Price, size: Size, exchangeTime: Int64, tradeID: UInt64) {
        self.side = side
        self.price = price
        self.size = size
        self.exchangeTime = exchangeTime
        self.tradeID = tradeID
    }
}

/// The trades of one `trades` message for one coin, in the exchange's order.
public struct TradeBatch: Hashable, Sendable {
    public var coin: String
    public var trades: [Trade]

    public init(coin: String, trades: [Trade]) {
        self.coin = coin
        self.trades = trades
    }
}

extension Trade: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        self.side.encode(to: &writer)
        writer.write(self.price)
        writer.write(self.size)
        writer.write(self.exchangeTime)
        writer.write(self.tradeID)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(side: try Side(from: &reader), price: try reader.read(), size: try reader.read(),
                  exchangeTime: try reader.read(), tradeID: try reader.read())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("side", self.side.wireCode)
        json.field("px", self.price)
        json.field("sz", self.size)
        json.field("exchange_time", self.exchangeTime)
        json.field("tid", self.tradeID)
    }
}

extension TradeBatch: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        writer.writeArray(self.trades) { $1.encode(to: &$0) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(coin: try reader.readString(),
                  trades: try reader.readArray(minimumElementSize: 33) { (r) throws(BinaryDecodingError) in try Trade(from: &r) })
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("trades", objects: self.trades)
    }
}
