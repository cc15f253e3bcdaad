import Engine
import Hyperliquid
import JSON
import TestSupport
import Testing

/// Every order action of the signing vectors (limit and trigger orders, with and without
/// cloid, groupings na/normalTpsl/positionTpsl) rebuilt from typed `WireOrder`s has the
/// vector's exact text and signs to the vector's signature.
@Suite(.tags(.unit)) struct WireOrderTests {
    static func wireOrder(_ order: OrderedJSON) throws -> WireOrder {
        let kind: WireOrder.Kind
        if let tif = order["t"]?["limit"]?["tif"]?.stringValue {
            kind = .limit(try #require(TimeInForce.allCases.first { $0.wireName == tif }))
        } else {
            let trigger = try #require(order["t"]?["trigger"])
            kind = .trigger(isMarket: trigger["isMarket"]?.boolValue == true, triggerPrice: try Price(parsing: trigger["triggerPx"]!.stringValue!),
                            takeProfit: trigger["tpsl"]?.stringValue == "tp")
        }
        return WireOrder(asset: Int(order["a"]!.intValue!), isBuy: order["b"]?.boolValue == true, price: try Price(parsing: order["p"]!.stringValue!),
                         size: try Size(parsing: order["s"]!.stringValue!), reduceOnly: order["r"]?.boolValue == true, kind: kind,
                         clientOrderID: order["c"]?.stringValue.flatMap { ClientOrderID(hex: $0) })
    }

    @Test func orderActionsOfEveryKindMatchTheVectors() throws {
        var rebuilt = 0
        var groupings: Set<String> = []
        var triggers = 0
        for vector in try Vectors.load("hl_sign_vectors.json").arrayValue {
            guard let action = vector["action"], action["type"]?.stringValue == "order" else { continue }
            let orders = try action["orders"]!.arrayValue.map(Self.wireOrder)
            let grouping = try #require(OrderGrouping(rawValue: action["grouping"]!.stringValue!))
            let built = try ExchangeAction.order(orders, grouping: grouping)
            #expect(built.text == action.text)
            let key = try PrivateKey(hex: vector["privateKey"]!.stringValue!)
            let vault = vector["vaultAddress"]?.stringValue
            let expires = vector["expiresAfter"]?.intValue
            let mainnet = vector["isMainnet"]?.boolValue ?? true
            let signature = try L1ActionSigner.sign(action: built, nonce: vector["nonce"]!.intValue!, vaultAddress: vault, expiresAfter: expires,
                                                    isMainnet: mainnet, key: key)
            // The SDK prints r and s without leading zeros.
            let expected = try RecoverableSignature(rHex: vector["signature"]!["r"]!.stringValue!, sHex: vector["signature"]!["s"]!.stringValue!,
                                                    v: Int(vector["signature"]!["v"]!.intValue!))
            #expect(signature == expected)
            rebuilt += 1
            groupings.insert(grouping.rawValue)
            triggers += orders.filter { if case .trigger = $0.kind { true } else { false } }.count
        }
        #expect(rebuilt >= 5)
        #expect(groupings == ["na", "normalTpsl", "positionTpsl"])
        #expect(triggers >= 3)
    }

    @Test func builderFeeAndEmptyActions() throws {
        let order = WireOrder(asset: 0, isBuy: true, price: Price(rawValue: 105_000 * FixedPoint.scale), size: Size(rawValue: 100_000),
                              reduceOnly: false, kind: .trigger(isMarket: true, triggerPrice: Price(rawValue: 104_000 * FixedPoint.scale), takeProfit: false))
        let action = try ExchangeAction.order([order], grouping: .normalTakeProfitStopLoss,
                                              builder: BuilderFee(address: "0xABCDEF0123456789abcdef0123456789ABCDEF01", tenthsOfBasisPoint: 10))
        #expect(action.text == #"{"type":"order","orders":[{"a":0,"b":true,"p":"105000","s":"0.001","r":false,"t":{"trigger":{"isMarket":true,"triggerPx":"104000","tpsl":"sl"}}}],"grouping":"normalTpsl","builder":{"b":"0xabcdef0123456789abcdef0123456789abcdef01","f":10}}"#)
        #expect(throws: ExchangeActionError.empty) { try ExchangeAction.order([WireOrder](), grouping: .none) }
    }
}
