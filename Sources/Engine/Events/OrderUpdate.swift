import JSON

/// An order status as Hyperliquid names it ("open", "filled", "canceled", "rejected",
/// "marginCanceled", ...). Kept as text so statuses added by the exchange later still
/// round-trip; the common ones are constants.
public struct OrderStatus: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { self.rawValue }

    public static let open = OrderStatus(rawValue: "open")
    public static let filled = OrderStatus(rawValue: "filled")
    public static let canceled = OrderStatus(rawValue: "canceled")
    public static let triggered = OrderStatus(rawValue: "triggered")
    public static let rejected = OrderStatus(rawValue: "rejected")
    public static let marginCanceled = OrderStatus(rawValue: "marginCanceled")

    /// Whether the order can no longer fill.
    public var isTerminal: Bool { self != .open && self != .triggered }
}

/// An update of one of our orders (Hyperliquid's `orderUpdates` channel).
public struct OrderUpdate: Hashable, Sendable {
    public var coin: String
    public var side: Side
    public var limitPrice: Price
    /// Remaining (unfilled) size; on a terminal update, what was left when it ended.
    public var size: Size
    public var originalSize: Size
    public var orderID: UInt64
    public var clientOrderID: ClientOrderID?
    public var status: OrderStatus
    /// When the status changed (milliseconds).
    public var statusTime: Int64
    /// When the order was created (milliseconds).
    public var orderTime: Int64

    public init(coin: String, side: Side, limitPrice: Price, size: Size, originalSize: Size, orderID: UInt64,
                clientOrderID: ClientOrderID?, status: OrderStatus, statusTime: Int64, orderTime: Int64) {
        self.coin = coin
        self.side = side
        self.limitPrice = limitPrice
        self.size = size
        self.originalSize = originalSize
        self.orderID = orderID
        self.clientOrderID = clientOrderID
        self.status = status
        self.statusTime = statusTime
        self.orderTime = orderTime
    }
}

extension OrderUpdate: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        self.side.encode(to: &writer)
        writer.write(self.limitPrice)
        writer.write(self.size)
        writer.write(self.originalSize)
        writer.write(self.orderID)
        writer.writeOptional(self.clientOrderID) { $1.encode(to: &$0) }
        writer.write(self.status.rawValue)
        writer.write(self.statusTime)
        writer.write(self.orderTime)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(
            coin: try reader.readString(), side: try Side(from: &reader), limitPrice: try reader.read(),
            size: try reader.read(), originalSize: try reader.read(), orderID: try reader.read(),
            clientOrderID: try reader.readOptional { (r) throws(BinaryDecodingError) in try ClientOrderID(from: &r) },
            status: OrderStatus(rawValue: try reader.readString()), statusTime: try reader.read(), orderTime: try reader.read())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("side", self.side.wireCode)
        json.field("limit_px", self.limitPrice)
        json.field("sz", self.size)
        json.field("orig_sz", self.originalSize)
        json.field("oid", self.orderID)
        json.field("cloid", self.clientOrderID?.description)
        json.field("status", self.status.rawValue)
        json.field("status_time", self.statusTime)
        json.field("order_time", self.orderTime)
    }
}
