import Engine
import JSON

/// One order of an `order` action at the wire level: any order type the exchange takes,
/// by asset number. (``ExchangeAction/order(_:assets:)`` builds limit orders from engine
/// requests and checks the tick and lot grid; this type is for everything else, such as
/// take-profit and stop-loss triggers.)
public struct WireOrder: Sendable, Equatable {
    /// What kind of order, with its parameters.
    public enum Kind: Sendable, Equatable {
        /// `{"limit":{"tif":…}}`.
        case limit(TimeInForce)
        /// `{"trigger":{"isMarket":…,"triggerPx":…,"tpsl":"tp"|"sl"}}` (keys in the
        /// SDK's order, which is the hashed order).
        case trigger(isMarket: Bool, triggerPrice: Price, takeProfit: Bool)
    }

    /// The asset number (index in `meta`, 10000 + index for spot).
    public var asset: Int
    public var isBuy: Bool
    public var price: Price
    public var size: Size
    public var reduceOnly: Bool
    public var kind: Kind
    public var clientOrderID: ClientOrderID?

    public init(asset: Int, isBuy: Bool, price: Price, size: Size, reduceOnly: Bool, kind: Kind, clientOrderID: ClientOrderID? = nil) {
        self.asset = asset
        self.isBuy = isBuy
        self.price = price
        self.size = size
        self.reduceOnly = reduceOnly
        self.kind = kind
        self.clientOrderID = clientOrderID
    }

    /// `{"a","b","p","s","r","t","c"}`, `c` only with a cloid.
    public var json: OrderedJSON {
        let type: OrderedJSON = switch self.kind {
        case .limit(let tif):
            .object([("limit", .object([("tif", .string(tif.wireName))]))])
        case .trigger(let isMarket, let triggerPrice, let takeProfit):
            .object([("trigger", .object([("isMarket", .bool(isMarket)), ("triggerPx", .string(WireDecimal.text(of: triggerPrice))),
                                         ("tpsl", .string(takeProfit ? "tp" : "sl"))]))])
        }
        var pairs: [(key: String, value: OrderedJSON)] = [
            ("a", .integer(Int64(self.asset))), ("b", .bool(self.isBuy)), ("p", .string(WireDecimal.text(of: self.price))),
            ("s", .string(WireDecimal.text(of: self.size))), ("r", .bool(self.reduceOnly)), ("t", type),
        ]
        if let cloid = self.clientOrderID { pairs.append(("c", .string(cloid.description))) }
        return .object(pairs)
    }
}

/// How the orders of one `order` action relate.
public enum OrderGrouping: String, Sendable, CaseIterable {
    /// Independent orders.
    case none = "na"
    /// A parent order with take-profit/stop-loss children sized like it.
    case normalTakeProfitStopLoss = "normalTpsl"
    /// Take-profit/stop-loss orders attached to the position, resized with it.
    case positionTakeProfitStopLoss = "positionTpsl"
}

/// A builder fee on an order action: `{"b":address,"f":tenths of a basis point}`.
public struct BuilderFee: Sendable, Equatable {
    /// The builder's lowercased address.
    public var address: String
    /// Fee in tenths of a basis point.
    public var tenthsOfBasisPoint: Int

    public init(address: String, tenthsOfBasisPoint: Int) {
        self.address = address.lowercased()
        self.tenthsOfBasisPoint = tenthsOfBasisPoint
    }
}

extension ExchangeAction {
    /// `{"type":"order","orders":[…],"grouping":…}` plus `builder` when set, for any mix
    /// of limit and trigger orders.
    public static func order(_ orders: [WireOrder], grouping: OrderGrouping, builder: BuilderFee? = nil) throws(ExchangeActionError) -> OrderedJSON {
        guard !orders.isEmpty else { throw .empty }
        var pairs: [(key: String, value: OrderedJSON)] = [("type", .string("order")), ("orders", .array(orders.map(\.json))),
                                                          ("grouping", .string(grouping.rawValue))]
        if let builder {
            pairs.append(("builder", .object([("b", .string(builder.address)), ("f", .integer(Int64(builder.tenthsOfBasisPoint)))])))
        }
        return .object(pairs)
    }
}
