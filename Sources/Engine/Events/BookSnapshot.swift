/// One price level of an L2 book: price, total size, and number of orders.
public struct BookLevel: Hashable, Sendable, Codable {
    public var price: Price
    public var size: Size
    /// Number of resting orders at this price (Hyperliquid's `n`).
    public var orders: UInt32

    public init(price: Price, size: Size, orders: UInt32) {
        self.price = price
        self.size = size
        self.orders = orders
    }
}

/// A full L2 book snapshot for one coin, as Hyperliquid's `l2Book` channel sends it:
/// bids best (highest) first, asks best (lowest) first.
public struct BookSnapshot: Hashable, Sendable, Codable {
    /// The asset name ("BTC", "ETH", "@107", "xyz:TSLA").
    public var coin: String
    /// The exchange's timestamp in milliseconds since the Unix epoch (0 when absent).
    public var exchangeTime: Int64
    public var bids: [BookLevel]
    public var asks: [BookLevel]

    public init(coin: String, exchangeTime: Int64, bids: [BookLevel], asks: [BookLevel]) {
        self.coin = coin
        self.exchangeTime = exchangeTime
        self.bids = bids
        self.asks = asks
    }
}

extension BookLevel: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.price)
        writer.write(self.size)
        writer.write(self.orders)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(price: try reader.read(), size: try reader.read(), orders: try reader.read())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("px", self.price)
        json.field("sz", self.size)
        json.field("n", self.orders)
    }
}

extension BookSnapshot: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        writer.write(self.exchangeTime)
        writer.writeArray(self.bids) { $1.encode(to: &$0) }
        writer.writeArray(self.asks) { $1.encode(to: &$0) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(
            coin: try reader.readString(),
            exchangeTime: try reader.read(),
            bids: try reader.readArray(minimumElementSize: 20) { (r) throws(BinaryDecodingError) in try BookLevel(from: &r) },
            asks: try reader.readArray(minimumElementSize: 20) { (r) throws(BinaryDecodingError) in try BookLevel(from: &r) }
        )
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("exchange_time", self.exchangeTime)
        json.field("bids", objects: self.bids)
        json.field("asks", objects: self.asks)
    }
}
