import Engine
import Foundation
import Hyperliquid
import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct InfoResponseTests {
    /// The raw response bodies of one of the Python SDK's recorded cassettes.
    static func responses(_ name: String) throws -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/hyperliquid/python_sdk_cassettes/\(name).json").standardized.path
        let cassette = try OrderedJSON(parsing: try String(contentsOfFile: path, encoding: .utf8))
        return cassette.arrayValue.compactMap { $0["response_raw"]?.stringValue }
    }

    /// A real mainnet clearinghouseState: account value, margin, withdrawable, every
    /// position with its signed size, exactly.
    @Test func clearinghouseStateTranslates() throws {
        let text = try #require(try Self.responses("test_get_user_state").first)
        let account = try InfoResponse.accountSnapshot(clearinghouseState: text)
        #expect(try account.accountValue == Amount(parsing: "1182.312496"))
        #expect(try account.totalMarginUsed == Amount(parsing: "171.740766"))
        #expect(try account.withdrawable == Amount(parsing: "1010.57173"))
        #expect(account.positions.count == 12 && account.openOrders == nil)
        #expect(try account.positions[0] == PositionSnapshot(coin: "BTC", size: Size(parsing: "-0.00785"), entryPrice: Price(parsing: "26951"),
                                                             unrealizedPnl: Amount(parsing: "-0.08007"), liquidationPrice: Price(parsing: "173198.69592357")))
    }

    /// Real openOrders (196 orders) and frontendOpenOrders responses, attached to the
    /// account snapshot for reconciliation.
    @Test func openOrdersTranslate() throws {
        let state = try #require(try Self.responses("test_get_user_state").first)
        let open = try #require(try Self.responses("test_get_open_orders").first)
        let account = try InfoResponse.accountSnapshot(clearinghouseState: state, openOrders: open)
        let orders = try #require(account.openOrders)
        #expect(orders.count == 196)
        #expect(try orders[0] == OpenOrderSnapshot(coin: "MATIC", side: .bid, limitPrice: Price(parsing: "1.0357"), size: Size(parsing: "208.7"),
                                                   orderID: 62_269_971, clientOrderID: nil))
        let frontend = try #require(try Self.responses("test_get_frontend_open_orders").first)
        #expect(try InfoResponse.openOrders(frontend).first?.coin == "INJ")
    }

    /// userRateLimit and the REST l2Book snapshot.
    @Test func rateLimitAndBookTranslate() throws {
        let limit = try #require(try Self.responses("test_user_rate_limit").first)
        #expect(try InfoResponse.rateLimit(limit) == RateLimitStatus(used: 36_589_831_368, cap: 170_043_731_737))
        let book = try InfoResponse.book(try #require(try Self.responses("test_get_l2_snapshot").last))
        #expect(book.coin == "DYDX" && !book.bids.isEmpty && !book.asks.isEmpty)
        #expect(try book.bids[0] == BookLevel(price: Price(parsing: "2.111"), size: Size(parsing: "134.4"), orders: 1))
    }

    /// Malformed responses name the request type and field.
    @Test func malformedResponsesNameTheField() throws {
        let state = try #require(try Self.responses("test_get_user_state").first)
        for (bad, path) in [
            (state.replacingOccurrences(of: #""szi":"-0.00785""#, with: #""szi":"abc""#), "clearinghouseState: assetPositions[0].position.szi"),
            (state.replacingOccurrences(of: #""withdrawable""#, with: #""withdrawn""#), "clearinghouseState: missing field withdrawable"),
        ] {
            do { _ = try InfoResponse.accountSnapshot(clearinghouseState: bad); Issue.record("accepted") } catch {
                #expect(error.description.contains(path), "\(error)")
            }
        }
        #expect(throws: WireError.self) { try InfoResponse.rateLimit(#"{"nRequestsUsed":-1,"nRequestsCap":10}"#) }
        #expect(throws: WireError.self) { try InfoResponse.openOrders("null") }
        #expect(throws: WireError.self) { try InfoResponse.book("{") }
    }

    /// The account channels carry the same objects: `clearinghouseState` (bare or wrapped
    /// with user and dex) and `openOrders` (`{dex, user, orders}`).
    @Test func accountChannelsTranslate() throws {
        let state = try #require(try Self.responses("test_get_user_state").first)
        let expected = try InfoResponse.accountSnapshot(clearinghouseState: state)
        #expect(try InboundFrame(decoding: #"{"channel":"clearinghouseState","data":"# + state + "}") == .account(expected))
        let wrapped = #"{"channel":"clearinghouseState","data":{"dex":"","user":"0x1","clearinghouseState":"# + state + "}}"
        #expect(try InboundFrame(decoding: wrapped) == .account(expected))
        let open = try #require(try Self.responses("test_get_open_orders").first)
        let frame = #"{"channel":"openOrders","data":{"dex":"","user":"0x1","orders":"# + open + "}}"
        #expect(try InboundFrame(decoding: frame) == .openOrders(try InfoResponse.openOrders(open)))
        do { _ = try InboundFrame(decoding: #"{"channel":"openOrders","data":{"orders":[{"coin":"BTC"}]}}"#); Issue.record("accepted") } catch {
            #expect(error.description.contains("openOrders: missing field data.orders[0].side"), "\(error)")
        }
    }
}
