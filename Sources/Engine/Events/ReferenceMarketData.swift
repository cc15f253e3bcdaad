import JSON

/// A price for a coin from another venue or index (optional cross-venue feed). Drives
/// only the staleness multiplier; the signals read ``ReferenceQuote`` and
/// ``ReferenceTrades``.
public struct ReferencePrice: Hashable, Sendable {
    /// Where it came from ("binance", "oracle").
    public var source: String
    public var coin: String
    public var price: Price

    public init(source: String, coin: String, price: Price) {
        self.source = source
        self.coin = coin
        self.price = price
    }
}

extension ReferencePrice: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) { writer.write(self.source); writer.write(self.coin); writer.write(self.price) }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(source: try reader.readString(), coin: try reader.readString(), price: try reader.read())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("source", self.source)
        json.field("coin", self.coin)
        json.field("px", self.price)
    }
}

/// The best bid and ask of a reference venue's market for a coin (Binance USD-M
/// `bookTicker`), mapped to the coin name the engine quotes ("BTC" for BTCUSDT).
public struct ReferenceQuote: Hashable, Sendable {
    /// Where it came from ("binance").
    public var source: String
    /// The engine's coin this market is the reference of.
    public var coin: String
    public var bidPrice: Price
    public var bidSize: Size
    public var askPrice: Price
    public var askSize: Size
    /// The venue's timestamp in milliseconds (0 when the message carries none).
    public var exchangeTime: Int64

    public init(source: String, coin: String, bidPrice: Price, bidSize: Size, askPrice: Price, askSize: Size, exchangeTime: Int64) {
        self.source = source
        self.coin = coin
        self.bidPrice = bidPrice
        self.bidSize = bidSize
        self.askPrice = askPrice
        self.askSize = askSize
        self.exchangeTime = exchangeTime
    }

    /// The mid, or `nil` when a side is empty or the quote is crossed.
    public var mid: Double? {
        guard self.bidPrice.rawValue > 0, self.askPrice.rawValue >= self.bidPrice.rawValue else { return nil }
        return (self.bidPrice.doubleValue + self.askPrice.doubleValue) / 2
    }
}

extension ReferenceQuote: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.source)
        writer.write(self.coin)
        writer.write(self.bidPrice)
        writer.write(self.bidSize)
        writer.write(self.askPrice)
        writer.write(self.askSize)
        writer.write(self.exchangeTime)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(source: try reader.readString(), coin: try reader.readString(), bidPrice: try reader.read(), bidSize: try reader.read(),
                  askPrice: try reader.read(), askSize: try reader.read(), exchangeTime: try reader.read())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("source", self.source)
        json.field("coin", self.coin)
        json.field("bid_px", self.bidPrice)
        json.field("bid_sz", self.bidSize)
        json.field("ask_px", self.askPrice)
        json.field("ask_sz", self.askSize)
        json.field("exchange_time", self.exchangeTime)
    }
}

/// Public trades of a reference venue's market for a coin (Binance USD-M `aggTrade` or
/// `trade`), in the venue's order. `side` is the aggressor's (`.bid`: a buyer lifted the
/// offer; on Binance, `m == false`); `tradeID` is the venue's (aggregate) trade id.
public struct ReferenceTrades: Hashable, Sendable {
    /// Where it came from ("binance").
    public var source: String
    /// The engine's coin this market is the reference of.
    public var coin: String
    public var trades: [Trade]

    public init(source: String, coin: String, trades: [Trade]) {
        self.source = source
        self.coin = coin
        self.trades = trades
    }
}

extension ReferenceTrades: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.source)
        writer.write(self.coin)
        writer.writeArray(self.trades) { $1.encode(to: &$0) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(source: try reader.readString(), coin: try reader.readString(), trades: try Trade.readArray(&reader))
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("source", self.source)
        json.field("coin", self.coin)
        json.field("trades", objects: self.trades)
    }
}
