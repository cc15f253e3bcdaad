import Engine
import JSON

/// Builds `/exchange` L1 actions from engine values, with keys in the order the official
/// SDK writes them (the signature hashes that order).
public enum ExchangeAction {
    /// `{"type":"order","orders":[…],"grouping":"na"}` for limit orders.
    public static func order(_ requests: [OrderRequest], assets: AssetDirectory) throws(ExchangeActionError) -> OrderedJSON {
        guard !requests.isEmpty else { throw .empty }
        var orders: [OrderedJSON] = []
        orders.reserveCapacity(requests.count)
        for request in requests { orders.append(try self.wireOrder(request, assets: assets)) }
        return .object([("type", .string("order")), ("orders", .array(orders)), ("grouping", .string("na"))])
    }

    /// `{"type":"cancel","cancels":[{"a":…,"o":…}]}`: cancels by exchange order id.
    public static func cancel(_ orders: [(coin: String, orderID: UInt64)], assets: AssetDirectory) throws(ExchangeActionError) -> OrderedJSON {
        guard !orders.isEmpty else { throw .empty }
        var cancels: [OrderedJSON] = []
        for order in orders {
            let asset = try self.asset(order.coin, assets)
            cancels.append(.object([("a", .integer(Int64(asset.index))), ("o", self.number(order.orderID))]))
        }
        return .object([("type", .string("cancel")), ("cancels", .array(cancels))])
    }

    /// `{"type":"cancelByCloid","cancels":[{"asset":…,"cloid":"0x…"}]}`.
    public static func cancelByClientID(_ orders: [(coin: String, clientOrderID: ClientOrderID)], assets: AssetDirectory) throws(ExchangeActionError) -> OrderedJSON {
        guard !orders.isEmpty else { throw .empty }
        var cancels: [OrderedJSON] = []
        for order in orders {
            let asset = try self.asset(order.coin, assets)
            cancels.append(.object([("asset", .integer(Int64(asset.index))), ("cloid", .string(self.cloid(order.clientOrderID)))]))
        }
        return .object([("type", .string("cancelByCloid")), ("cancels", .array(cancels))])
    }

    /// `{"type":"batchModify","modifies":[{"oid":…,"order":{…}}]}`; `oid` is the exchange
    /// id or the cloid string.
    public static func modify(_ modifies: [(order: OrderReference, replacement: OrderRequest)], assets: AssetDirectory) throws(ExchangeActionError) -> OrderedJSON {
        guard !modifies.isEmpty else { throw .empty }
        var items: [OrderedJSON] = []
        for modify in modifies {
            let id: OrderedJSON = switch modify.order {
            case .exchange(let oid): self.number(oid)
            case .client(let cloid): .string(self.cloid(cloid))
            }
            items.append(.object([("oid", id), ("order", try self.wireOrder(modify.replacement, assets: assets))]))
        }
        return .object([("type", .string("batchModify")), ("modifies", .array(items))])
    }

    /// `{"type":"scheduleCancel","time":…}` (dead-man's switch), or without `time` to
    /// clear it.
    public static func scheduleCancel(deadline: Int64?) -> OrderedJSON {
        var pairs: [(key: String, value: OrderedJSON)] = [("type", .string("scheduleCancel"))]
        if let deadline { pairs.append(("time", .integer(deadline))) }
        return .object(pairs)
    }

    /// `{"type":"updateLeverage","asset":…,"isCross":…,"leverage":…}`.
    public static func updateLeverage(coin: String, isCross: Bool, leverage: Int, assets: AssetDirectory) throws(ExchangeActionError) -> OrderedJSON {
        let asset = try self.asset(coin, assets)
        return .object([("type", .string("updateLeverage")), ("asset", .integer(Int64(asset.index))),
                        ("isCross", .bool(isCross)), ("leverage", .integer(Int64(leverage)))])
    }

    /// Checks that `request` can go on the wire as it is (a known coin, a price on the
    /// tick grid, a positive size in whole lots) without building its action: what
    /// ``order(_:assets:)`` and ``modify(_:assets:)`` would throw for it, or nothing.
    public static func validate(_ request: OrderRequest, assets: AssetDirectory) throws(ExchangeActionError) {
        _ = try self.checkedAsset(request, assets: assets)
    }

    /// The asset of `request`, once its price and size are checked against its grid.
    static func checkedAsset(_ request: OrderRequest, assets: AssetDirectory) throws(ExchangeActionError) -> AssetDirectory.Asset {
        let asset = try self.asset(request.coin, assets)
        guard asset.rules.isValid(request.price) else { throw .priceOffGrid(coin: request.coin, price: request.price) }
        guard request.size.rawValue > 0, asset.rules.sizeRoundedDown(request.size) == request.size else {
            throw .sizeOffLot(coin: request.coin, size: request.size)
        }
        return asset
    }

    /// A client order id as the wire writes it: `0x` + 32 lowercase hex digits (the
    /// text of ``ClientOrderID/description``, written without intermediate arrays).
    static func cloid(_ id: ClientOrderID) -> String {
        String(unsafeUninitializedCapacity: 34) { out in
            out[0] = UInt8(ascii: "0")
            out[1] = UInt8(ascii: "x")
            for i in 0..<16 {
                out[2 + i] = Hex.digit(UInt8(truncatingIfNeeded: id.high >> UInt64(60 - 4 * i)) & 0xF)
                out[18 + i] = Hex.digit(UInt8(truncatingIfNeeded: id.low >> UInt64(60 - 4 * i)) & 0xF)
            }
            return 34
        }
    }

    /// One order in wire form: a, b, p, s, r, t, c.
    static func wireOrder(_ request: OrderRequest, assets: AssetDirectory) throws(ExchangeActionError) -> OrderedJSON {
        let asset = try self.checkedAsset(request, assets: assets)
        return .object([
            ("a", .integer(Int64(asset.index))),
            ("b", .bool(request.side == .bid)),
            ("p", .string(WireDecimal.text(of: request.price))),
            ("s", .string(WireDecimal.text(of: request.size))),
            ("r", .bool(request.reduceOnly)),
            ("t", .object([("limit", .object([("tif", .string(request.timeInForce.wireName))]))])),
            ("c", .string(self.cloid(request.clientOrderID))),
        ])
    }

    /// An id as the JSON integer the SDK would write.
    static func number(_ value: UInt64) -> OrderedJSON {
        value <= UInt64(Int64.max) ? .integer(Int64(value)) : .unsigned(value)
    }

    static func asset(_ coin: String, _ assets: AssetDirectory) throws(ExchangeActionError) -> AssetDirectory.Asset {
        guard let asset = assets.asset(named: coin) else { throw .unknownCoin(coin) }
        return asset
    }
}
