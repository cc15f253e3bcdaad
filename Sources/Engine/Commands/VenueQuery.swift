import JSON

/// A question the engine asks the venue. Reading changes nothing at the venue, but the
/// engine decides when to ask (periodic reconciliation, after a reconnect, after a kill,
/// when an outcome was lost), so the question is a journaled command like any other and
/// `verify` reproduces it; the answer comes back as an input.
public enum VenueQuery: Hashable, Sendable {
    /// The account's positions, margin and every open order (Hyperliquid's
    /// `clearinghouseState` and `openOrders`): answered by an `account` input whose
    /// snapshot lists the open orders.
    case account
    /// One order by client order id (Hyperliquid's `orderStatus`): answered by an
    /// `orderLookup` input.
    case orderStatus(coin: String, clientOrderID: ClientOrderID)
}

extension VenueQuery: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .account: writer.write(UInt8(0))
        case .orderStatus(let coin, let id): writer.write(UInt8(1)); writer.write(coin); id.encode(to: &writer)
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        switch try reader.read(UInt8.self) {
        case 0: self = .account
        case 1: self = .orderStatus(coin: try reader.readString(), clientOrderID: try ClientOrderID(from: &reader))
        case let tag: throw .unknownTag(what: "\(reader.context).query", tag: UInt64(tag))
        }
    }
    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .account: json.field("query", "account")
        case .orderStatus(let coin, let id):
            json.field("query", "orderStatus")
            json.field("coin", coin)
            json.field("cloid", id.description)
        }
    }
}
