import JSON

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

extension BookSnapshot {
    /// Becomes a copy of `other` whose level arrays are this snapshot's own: the levels
    /// are copied in place (no allocation once the arrays are large enough), so `other`'s
    /// arrays are only read, never retained. Replay and backtest decode events on another
    /// core; taking a reference would write their reference counts from this one.
    public mutating func assign(_ other: BookSnapshot) {
        self.coin = other.coin
        self.exchangeTime = other.exchangeTime
        other.bids.withUnsafeBufferPointer { BookLevel.replace(&self.bids, with: $0) }
        other.asks.withUnsafeBufferPointer { BookLevel.replace(&self.asks, with: $0) }
    }
}

extension BookLevel {
    /// Makes `levels` a copy of `source`, in place when the counts match (books keep their
    /// depth from one snapshot to the next: one copy, no resizing), otherwise by clearing
    /// and appending (keeping the capacity). Through a buffer pointer, `source`'s array
    /// (if any) is only read: appending the array itself retained it, an atomic write to
    /// a cache line the decoding core owns.
    @inline(__always)
    package static func replace(_ levels: inout [BookLevel], with source: UnsafeBufferPointer<BookLevel>) {
        if levels.count == source.count {
            guard let from = source.baseAddress else { return }
            levels.withUnsafeMutableBufferPointer { $0.baseAddress.unsafelyUnwrapped.update(from: from, count: source.count) }
        } else {
            levels.removeAll(keepingCapacity: true)
            levels.append(contentsOf: source)
        }
    }
}

extension BookLevel {
    /// Size of one encoded level: price i64, size i64, orders u32.
    static let encodedSize = 20

    /// Reads a `UInt32` count and that many levels in one pass (one bounds check).
    static func readArray(_ reader: inout BinaryReader) throws(BinaryDecodingError) -> [BookLevel] {
        let count = Int(try reader.read(UInt32.self))
        let (total, overflow) = count.multipliedReportingOverflow(by: Self.encodedSize)
        if overflow || total > reader.remaining {
            throw .truncated(what: reader.context, offset: reader.offset, needed: overflow ? Int.max : total, available: reader.remaining)
        }
        let raw = try reader.readBytes(total)
        var values: [BookLevel] = []
        values.reserveCapacity(count)
        do {
            for i in 0..<count {
                let at = i * Self.encodedSize
                values.append(BookLevel(
                    price: Price(rawValue: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))),
                    size: Size(rawValue: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: Int64.self))),
                    orders: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self))))
            }
        }
        return values
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
            bids: try BookLevel.readArray(&reader),
            asks: try BookLevel.readArray(&reader)
        )
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("exchange_time", self.exchangeTime)
        json.field("bids", objects: self.bids)
        json.field("asks", objects: self.asks)
    }
}
