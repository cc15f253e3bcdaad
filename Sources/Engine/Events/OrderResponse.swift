import JSON

/// What the exchange answered to one order, cancel or modify request.
public enum OrderOutcome: Hashable, Sendable {
    /// The order rests on the book.
    case resting
    /// The order filled immediately (in whole or in part) at an average price.
    case filled(totalSize: Size, averagePrice: Price)
    /// The order was refused, with the exchange's message.
    case rejected(message: String)
    /// The request was refused for rate limits, with the exchange's message.
    case rateLimited(message: String)
    /// The cancel succeeded.
    case cancelled
    /// The cancel failed (already filled or cancelled, unknown order), with the message.
    case cancelRejected(message: String)
    /// The modify succeeded.
    case modified
    /// The request's answer was lost (transport error, timeout, an HTTP status other than
    /// 200, an undecodable body): it may or may not have taken effect. Only the venue can
    /// say (order lookup, order updates, fills, the open-order listing); until it does,
    /// the order stays tracked as live.
    case unknown(message: String)

    /// Whether the request may have taken effect without the engine knowing how.
    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }
}

/// The exchange's response to one of our requests, fed back to the engine.
public struct OrderResponse: Hashable, Sendable {
    public var coin: String
    /// The client order id the request named, when it had one.
    public var clientOrderID: ClientOrderID?
    /// The exchange's order id, when the response carries one.
    public var orderID: UInt64?
    public var outcome: OrderOutcome

    public init(coin: String, clientOrderID: ClientOrderID?, orderID: UInt64?, outcome: OrderOutcome) {
        self.coin = coin
        self.clientOrderID = clientOrderID
        self.orderID = orderID
        self.outcome = outcome
    }
}

extension OrderOutcome: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .resting: writer.write(UInt8(0))
        case .filled(let size, let price): writer.write(UInt8(1)); writer.write(size); writer.write(price)
        case .rejected(let message): writer.write(UInt8(2)); writer.write(message)
        case .rateLimited(let message): writer.write(UInt8(3)); writer.write(message)
        case .cancelled: writer.write(UInt8(4))
        case .cancelRejected(let message): writer.write(UInt8(5)); writer.write(message)
        case .modified: writer.write(UInt8(6))
        case .unknown(let message): writer.write(UInt8(7)); writer.write(message)
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        switch try reader.read(UInt8.self) {
        case 0: self = .resting
        case 1: self = .filled(totalSize: try reader.read(), averagePrice: try reader.read())
        case 2: self = .rejected(message: try reader.readString())
        case 3: self = .rateLimited(message: try reader.readString())
        case 4: self = .cancelled
        case 5: self = .cancelRejected(message: try reader.readString())
        case 6: self = .modified
        case 7: self = .unknown(message: try reader.readString())
        case let tag: throw .unknownTag(what: "\(reader.context).outcome", tag: UInt64(tag))
        }
    }

    /// The outcome's name in JSON renderings.
    public var name: String {
        switch self {
        case .resting: return "resting"
        case .filled: return "filled"
        case .rejected: return "rejected"
        case .rateLimited: return "rateLimited"
        case .cancelled: return "cancelled"
        case .cancelRejected: return "cancelRejected"
        case .modified: return "modified"
        case .unknown: return "unknown"
        }
    }
}

extension OrderResponse: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        writer.writeOptional(self.clientOrderID) { $1.encode(to: &$0) }
        writer.writeOptional(self.orderID) { $0.write($1) }
        self.outcome.encode(to: &writer)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(
            coin: try reader.readString(),
            clientOrderID: try reader.readOptional { (r) throws(BinaryDecodingError) in try ClientOrderID(from: &r) },
            orderID: try reader.readOptional { (r) throws(BinaryDecodingError) in try r.read(UInt64.self) },
            outcome: try OrderOutcome(from: &reader))
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.field("cloid", self.clientOrderID?.description)
        json.field("oid", self.orderID)
        json.field("outcome", self.outcome.name)
        switch self.outcome {
        case .filled(let size, let price):
            json.field("total_sz", size)
            json.field("avg_px", price)
        case .rejected(let message), .rateLimited(let message), .cancelRejected(let message), .unknown(let message):
            json.field("message", message)
        case .resting, .cancelled, .modified:
            break
        }
    }
}
