import JSON

/// A funding rate per hour (e.g. 0.0000125), compared and hashed by bit pattern so that
/// every value, NaN included, equals its own decoded copy.
public struct FundingRate: Hashable, Sendable, CustomStringConvertible {
    public var value: Double

    public init(_ value: Double) { self.value = value }

    public static func == (lhs: FundingRate, rhs: FundingRate) -> Bool { lhs.value.bitPattern == rhs.value.bitPattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(self.value.bitPattern) }
    public var description: String { self.value.description }
}

/// A non-fill event of our account (Hyperliquid's `user` channel).
public enum UserEvent: Hashable, Sendable {
    /// An hourly funding payment.
    case funding(coin: String, amount: Amount, positionSize: Size, rate: FundingRate)
    /// A liquidation that involved our account.
    case liquidation(id: UInt64, liquidator: String, liquidatedUser: String, notionalPosition: Amount, accountValue: Amount)
    /// The exchange cancelled one of our orders (not at our request).
    case nonUserCancel(coin: String, orderID: UInt64)
}

extension UserEvent: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .funding(let coin, let amount, let positionSize, let rate):
            writer.write(UInt8(0)); writer.write(coin); writer.write(amount); writer.write(positionSize); writer.write(rate.value)
        case .liquidation(let id, let liquidator, let liquidatedUser, let notional, let accountValue):
            writer.write(UInt8(1)); writer.write(id); writer.write(liquidator); writer.write(liquidatedUser)
            writer.write(notional); writer.write(accountValue)
        case .nonUserCancel(let coin, let orderID):
            writer.write(UInt8(2)); writer.write(coin); writer.write(orderID)
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        switch try reader.read(UInt8.self) {
        case 0:
            self = .funding(coin: try reader.readString(), amount: try reader.read(), positionSize: try reader.read(), rate: FundingRate(try reader.readDouble()))
        case 1:
            self = .liquidation(id: try reader.read(), liquidator: try reader.readString(), liquidatedUser: try reader.readString(),
                                notionalPosition: try reader.read(), accountValue: try reader.read())
        case 2:
            self = .nonUserCancel(coin: try reader.readString(), orderID: try reader.read())
        case let tag:
            throw .unknownTag(what: "\(reader.context).userEvent", tag: UInt64(tag))
        }
    }
    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .funding(let coin, let amount, let positionSize, let rate):
            json.field("kind", "funding"); json.field("coin", coin); json.field("usdc", amount)
            json.field("szi", positionSize); json.field("rate", rate.value)
        case .liquidation(let id, let liquidator, let liquidatedUser, let notional, let accountValue):
            json.field("kind", "liquidation"); json.field("lid", id); json.field("liquidator", liquidator)
            json.field("liquidated_user", liquidatedUser); json.field("liquidated_ntl_pos", notional)
            json.field("liquidated_account_value", accountValue)
        case .nonUserCancel(let coin, let orderID):
            json.field("kind", "nonUserCancel"); json.field("coin", coin); json.field("oid", orderID)
        }
    }
}
