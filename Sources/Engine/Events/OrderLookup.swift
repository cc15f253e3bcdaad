import JSON

/// The venue's answer to an order lookup by client order id (Hyperliquid's
/// `orderStatus`), asked for with ``VenueQuery/orderStatus(coin:clientOrderID:)`` when a
/// request's outcome was lost.
public struct OrderLookup: Hashable, Sendable {
    public var coin: String
    public var clientOrderID: ClientOrderID
    /// The order and its status as the venue knows it; `nil` when the venue does not
    /// know the id (`unknownOid`): the order never reached it, or not yet.
    public var order: OrderUpdate?

    public init(coin: String, clientOrderID: ClientOrderID, order: OrderUpdate?) {
        self.coin = coin
        self.clientOrderID = clientOrderID
        self.order = order
    }
}

extension OrderLookup: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        self.clientOrderID.encode(to: &writer)
        writer.writeOptional(self.order) { $1.encode(to: &$0) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(coin: try reader.readString(), clientOrderID: try ClientOrderID(from: &reader),
                  order: try reader.readOptional { (r) throws(BinaryDecodingError) in try OrderUpdate(from: &r) })
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("cloid", self.clientOrderID.description)
        if let order = self.order {
            json.field("found", true)
            json.field("status", order.status.rawValue)
            json.field("oid", order.orderID)
            json.field("limit_px", order.limitPrice)
            json.field("sz", order.size)
        } else {
            json.field("found", false)
        }
    }
}
