import Engine
import Foundation
@testable import Hyperliquid
import JSON
import TestSupport
import Testing

/// Rebuilds the vectors' actions from engine values: the builder must write exactly the
/// bytes the official SDK signs.
@Suite(.tags(.unit)) struct ExchangeActionTests {
    /// Assets named "A<n>" at index n, so a vector's asset numbers map back to coins.
    static func directory(sizeDecimals: Int = 0) -> AssetDirectory {
        AssetDirectory(universe: (0..<200).map { ("A\($0)", sizeDecimals) })
    }

    static func coin(_ value: OrderedJSON?) -> String { "A\(value?.intValue ?? 999)" }

    /// A vector's limit order (with cloid) as the engine's OrderRequest.
    static func request(from order: OrderedJSON) throws -> OrderRequest? {
        guard case .object(let limit)? = order["t"], limit.first?.key == "limit",
              let tif = TimeInForce.allCases.first(where: { $0.wireName == order["t"]?["limit"]?["tif"]?.stringValue }),
              let cloidText = order["c"]?.stringValue, let cloid = ClientOrderID(hex: cloidText) else { return nil }
        return OrderRequest(clientOrderID: cloid, coin: coin(order["a"]), side: order["b"]?.boolValue == true ? .bid : .ask,
                            price: try Price(parsing: order["p"]!.stringValue!), size: try Size(parsing: order["s"]!.stringValue!),
                            timeInForce: tif, reduceOnly: order["r"]?.boolValue == true)
    }

    /// Every limit order with a cloid in the SDK-generated and official vectors, rebuilt
    /// from engine values, has the vector's exact text (key order, number text); whole
    /// order actions rebuilt from them sign to the official signature.
    @Test func ordersMatchTheSDKsWireForm() throws {
        let generated = try Vectors.load("hl_sign_vectors.json").arrayValue
        let official = try Vectors.load("sdk_test_vectors.json")["vectors"]!.arrayValue
        var elements = 0, wholeActions = 0
        for vector in generated + official {
            guard let action = vector["action"], action["type"]?.stringValue == "order" || action["type"]?.stringValue == "batchModify" else { continue }
            let orders = action["orders"]?.arrayValue ?? (action["modifies"]?.arrayValue.compactMap { $0["order"] } ?? [])
            // A size with d decimals is on the lot grid of szDecimals d (the vectors use
            // made-up assets, so take the finest grid their sizes need).
            let decimals = orders.map { $0["s"]?.stringValue?.split(separator: ".").dropFirst().first?.count ?? 0 }.max() ?? 0
            let assets = Self.directory(sizeDecimals: decimals)
            var rebuilt: [OrderRequest] = []
            for order in orders {
                guard let request = try Self.request(from: order) else { continue }
                // The Rust SDK's own test writes "2000.0" by hand, which its client (like the
                // Python one) never sends: only canonical number text is comparable.
                guard WireDecimal.text(of: request.price) == order["p"]?.stringValue,
                      WireDecimal.text(of: request.size) == order["s"]?.stringValue else { continue }
                guard (try? ExchangeAction.order([request], assets: assets)) != nil else { continue }  // random price off this grid
                let wire = try ExchangeAction.order([request], assets: assets)["orders"]!.arrayValue[0]
                #expect(wire.text == order.text)
                elements += 1
                rebuilt.append(request)
            }
            if action["type"]?.stringValue == "order", rebuilt.count == orders.count, action["grouping"]?.stringValue == "na",
               let keyText = (vector["privateKey"] ?? vector["private_key"])?.stringValue {
                let built = try ExchangeAction.order(rebuilt, assets: assets)
                #expect(built.text == action.text)
                let key = try PrivateKey(hex: keyText)
                let nonce = vector["nonce"]!.intValue!
                let mainnet = (vector["isMainnet"] ?? vector["is_mainnet"])?.boolValue ?? true
                #expect(try L1ActionSigner.sign(action: built, nonce: nonce, vaultAddress: nil, expiresAfter: nil, isMainnet: mainnet, key: key)
                        == L1ActionSigner.sign(action: action, nonce: nonce, vaultAddress: nil, expiresAfter: nil, isMainnet: mainnet, key: key))
                wholeActions += 1
            }
        }
        #expect(elements >= 5)
        #expect(wholeActions >= 1)
    }

    /// cancel, cancelByCloid, updateLeverage and scheduleCancel vectors rebuilt from engine values have the
    /// exact text, hence the SDK's signature.
    @Test func cancelsAndScheduleCancelMatchTheSDK() throws {
        let assets = Self.directory()
        var checked = 0
        for vector in try Vectors.load("hl_sign_vectors.json").arrayValue {
            let action = vector["action"]!
            let rebuilt: OrderedJSON
            switch action["type"]?.stringValue {
            case "cancel":
                rebuilt = try ExchangeAction.cancel(action["cancels"]!.arrayValue.map { (Self.coin($0["a"]), $0["o"]!.intValue!) }, assets: assets)
            case "cancelByCloid":
                rebuilt = try ExchangeAction.cancelByClientID(action["cancels"]!.arrayValue.map {
                    (Self.coin($0["asset"]), ClientOrderID(hex: $0["cloid"]!.stringValue!)!)
                }, assets: assets)
            case "updateLeverage":
                rebuilt = try ExchangeAction.updateLeverage(coin: Self.coin(action["asset"]), isCross: action["isCross"]!.boolValue!,
                                                            leverage: Int(action["leverage"]!.intValue!), assets: assets)
            case "scheduleCancel":
                rebuilt = ExchangeAction.scheduleCancel(deadline: action["time"].map { Int64($0.intValue!) })
            default: continue
            }
            #expect(rebuilt.text == action.text)
            checked += 1
        }
        #expect(checked >= 14)
        #expect(ExchangeAction.scheduleCancel(deadline: nil).text == #"{"type":"scheduleCancel"}"#)
    }

    /// Orders off the grid, unknown coins and empty batches are refused with a reason, not
    /// rounded.
    @Test func invalidOrdersAreRefused() throws {
        let assets = AssetDirectory(universe: [("BTC", 5), ("ETH", 4)])
        func order(_ coin: String, _ price: String, _ size: String) throws -> OrderRequest {
            OrderRequest(clientOrderID: ClientOrderID(high: 0, low: 1), coin: coin, side: .bid, price: try Price(parsing: price),
                         size: try Size(parsing: size), timeInForce: .alo, reduceOnly: false)
        }
        #expect(try ExchangeAction.order([order("BTC", "105055", "0.001")], assets: assets).text
                == #"{"type":"order","orders":[{"a":0,"b":true,"p":"105055","s":"0.001","r":false,"t":{"limit":{"tif":"Alo"}},"c":"0x00000000000000000000000000000001"}],"grouping":"na"}"#)
        #expect(throws: ExchangeActionError.priceOffGrid(coin: "BTC", price: try Price(parsing: "105055.5"))) {
            try ExchangeAction.order([order("BTC", "105055.5", "0.001")], assets: assets)
        }
        #expect(throws: ExchangeActionError.sizeOffLot(coin: "ETH", size: try Size(parsing: "0.00001"))) {
            try ExchangeAction.order([order("ETH", "3000.1", "0.00001")], assets: assets)
        }
        #expect(throws: ExchangeActionError.unknownCoin("SOL")) { try ExchangeAction.order([order("SOL", "100", "1")], assets: assets) }
        #expect(throws: ExchangeActionError.empty) { try ExchangeAction.order([], assets: assets) }
        // `validate` refuses exactly what the builder refuses, without building.
        try ExchangeAction.validate(order("BTC", "105055", "0.001"), assets: assets)
        #expect(throws: ExchangeActionError.priceOffGrid(coin: "BTC", price: try Price(parsing: "105055.5"))) {
            try ExchangeAction.validate(order("BTC", "105055.5", "0.001"), assets: assets)
        }
        #expect(throws: ExchangeActionError.sizeOffLot(coin: "ETH", size: try Size(parsing: "0.00001"))) {
            try ExchangeAction.validate(order("ETH", "3000.1", "0.00001"), assets: assets)
        }
        #expect(throws: ExchangeActionError.unknownCoin("SOL")) { try ExchangeAction.validate(order("SOL", "100", "1"), assets: assets) }
    }

    /// The wire's cloid text is the id's description (0x + 32 lowercase hex digits) for
    /// every nibble in every place.
    @Test func cloidTextMatchesTheDescription() {
        var random = SplitMix64(seed: 18)
        var ids = [ClientOrderID(high: 0, low: 0), ClientOrderID(high: .max, low: .max), ClientOrderID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)]
        for _ in 0..<2_000 { ids.append(ClientOrderID(high: random.next(), low: random.next())) }
        for id in ids { #expect(ExchangeAction.cloid(id) == id.description) }
    }

    /// The testnet meta response gives asset numbers and szDecimals; a bad one names the field.
    @Test func metaBuildsTheDirectory() throws {
        let meta = try OrderedJSON(parsing: #"{"universe":[{"szDecimals":2,"name":"SOL","maxLeverage":10},{"szDecimals":5,"name":"BTC","maxLeverage":40}],"collateralToken":0}"#)
        let assets = try AssetDirectory(meta: meta)
        #expect(assets.asset(named: "BTC")?.index == 1)
        #expect(assets.asset(named: "BTC")?.rules == PriceRules(sizeDecimals: 5))
        #expect(assets.asset(named: "DOGE") == nil)
        let bad = try OrderedJSON(parsing: #"{"universe":[{"szDecimals":"2","name":"SOL"}]}"#)
        #expect(throws: WireError.self) { try AssetDirectory(meta: bad) }
        do { _ = try AssetDirectory(meta: bad) } catch { #expect(error.description.contains("universe[0].szDecimals")) }
    }
}
