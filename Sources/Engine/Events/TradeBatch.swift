import JSON

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

extension Trade {
    /// Size of one encoded trade: side u8, price i64, size i64, time i64, tid u64.
    static let encodedSize = 33

    /// Reads a `UInt32` count and that many trades in one pass (one bounds check).
    static func readArray(_ reader: inout BinaryReader) throws(BinaryDecodingError) -> [Trade] {
        let count = Int(try reader.read(UInt32.self))
        let (total, overflow) = count.multipliedReportingOverflow(by: Self.encodedSize)
        if overflow || total > reader.remaining {
            throw .truncated(what: reader.context, offset: reader.offset, needed: overflow ? Int.max : total, available: reader.remaining)
        }
        let start = reader.offset
        let raw = try reader.readBytes(total)
        for i in 0..<count where raw[i * Self.encodedSize] > 1 {
            throw .invalidValue(what: reader.context, offset: start + i * Self.encodedSize,
                                reason: "side byte \(raw[i * Self.encodedSize]) is neither 0 (bid) nor 1 (ask)")
        }
        var values: [Trade] = []
        values.reserveCapacity(count)
        do {
            for i in 0..<count {
                let at = i * Self.encodedSize
                values.append(Trade(
                    side: raw[at] == 0 ? .bid : .ask,
                    price: Price(rawValue: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 1, as: Int64.self))),
                    size: Size(rawValue: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 9, as: Int64.self))),
                    exchangeTime: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 17, as: Int64.self)),
                    tradeID: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 25, as: UInt64.self))))
            }
        }
        return values
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
        self.init(coin: try reader.readString(), trades: try Trade.readArray(&reader))
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("trades", objects: self.trades)
    }
}
