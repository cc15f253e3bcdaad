import Engine
@testable import HLSim
import Hyperliquid
import TestSupport
import Testing
import JSON

@Suite(.tags(.unit)) struct ExchangeActionTests {
    @Test func restingOrderIsListedThenCancelled() throws {
        var fixture = try VenueFixture()
        let cloid = "0x000000000000000000000000000000aa"
        let (answer, pushes) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001", cloid: cloid))
        guard let restingID = answer.firstStatus?["resting"]?["oid"]?.integerValue else { Issue.record("not resting: \(answer.text)"); return }
        let oid = UInt64(restingID)
        #expect(answer.firstStatus?["resting"]?["cloid"]?.stringValue == cloid)
        #expect(pushes.isEmpty, "nobody subscribed, nothing pushed")
        let address = VenueFixture.key.address.lowercased()
        let open = try fixture.info(#"{"type":"openOrders","user":"\#(address)"}"#).arrayValue
        #expect(open.count == 1)
        #expect(open.first?["oid"]?.integerValue == restingID)
        #expect(open.first?["cloid"]?.stringValue == cloid)
        #expect(open.first?["sz"]?.stringValue == "0.001")

        let (cancelled, _) = try fixture.send(VenueFixture.cancel(oid: oid))
        #expect(cancelled.firstStatus == .string("success"))
        #expect(try fixture.info(#"{"type":"openOrders","user":"\#(address)"}"#).arrayValue.isEmpty)
        let (again, _) = try fixture.send(VenueFixture.cancel(oid: oid))
        #expect(again.firstStatus?["error"]?.stringValue == "Order was never placed, already canceled, or filled.")
        let status = try fixture.info(#"{"type":"orderStatus","user":"\#(address)","oid":\#(oid)}"#)
        #expect(status["order"]?["status"]?.stringValue == "canceled")
    }

    @Test func crossingIocFillsAgainstTheBookAndOpensAPosition() throws {
        var fixture = try VenueFixture()
        let ask = fixture.book().asks[0]
        let (answer, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: 50), size: "0.001", tif: "Ioc"))
        let filled = try #require(answer.firstStatus?["filled"])
        #expect(filled["totalSz"]?.stringValue == "0.001")
        #expect(filled["avgPx"]?.stringValue == SimWire.decimal(ask.price.rawValue).stringValue)
        let address = VenueFixture.key.address.lowercased()
        let state = try fixture.info(#"{"type":"clearinghouseState","user":"\#(address)"}"#)
        let position = try #require(state["assetPositions"]?.arrayValue.first?["position"])
        #expect(position["szi"]?.stringValue == "0.001")
        #expect(position["coin"]?.stringValue == "BTC")
        let fills = try fixture.info(#"{"type":"userFills","user":"\#(address)"}"#).arrayValue
        #expect(fills.count == 1)
        #expect(fills.first?["dir"]?.stringValue == "Open Long")
        #expect(fills.first?["crossed"] == .bool(true))
        // The position's snapshot parses with the live side's decoder.
        let snapshot = try InfoResponse.accountSnapshot(clearinghouseState: state.text, openOrders: "[]")
        #expect(snapshot.positions.first?.size == Size(rawValue: 100_000))
    }

    @Test func exchangeRulesGiveTheExchangesErrors() throws {
        var fixture = try VenueFixture()
        let (alo, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: 50), size: "0.001", tif: "Alo"))
        #expect(alo.firstStatus?["error"]?.stringValue?.hasPrefix("Post only order would have immediately matched, bbo was ") == true)
        let (tick, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500) + ".5", size: "0.001"))
        #expect(tick.firstStatus?["error"]?.stringValue == "Price must be divisible by tick size.")
        let (small, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.00001"))
        #expect(small.firstStatus?["error"]?.stringValue == "Order must have minimum value of $10.")
        let (ioc, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001", tif: "Ioc"))
        #expect(ioc.firstStatus?["error"]?.stringValue == "Order could not immediately match against any resting orders.")
        let (margin, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "100"))
        #expect(margin.firstStatus?["error"]?.stringValue == "Insufficient margin to place order.")
        let (negative, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "-1"))
        #expect(negative.firstStatus?["error"]?.stringValue == "Order has invalid size.")
    }

    @Test func modifyMovesTheOrderAndKeepsItsID() throws {
        var fixture = try VenueFixture()
        let (placed, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001"))
        let oid = try #require(placed.firstStatus?["resting"]?["oid"]?.integerValue)
        guard case .array(let orders)? = VenueFixture.order(buy: true, price: fixture.price(fromBid: -400), size: "0.002")["orders"] else {
            Issue.record("VenueFixture.order has no \"orders\" array"); return
        }
        let modify = OrderedJSON.object([("type", .string("batchModify")), ("modifies", .array([.object([("oid", .integer(oid)), ("order", orders[0])])]))])
        let (answer, _) = try fixture.send(modify)
        #expect(answer.firstStatus?["resting"]?["oid"]?.integerValue == oid)
        let open = try fixture.info(#"{"type":"openOrders","user":"\#(VenueFixture.key.address.lowercased())"}"#).arrayValue
        #expect(open.first?["sz"]?.stringValue == "0.002")
        #expect(open.first?["limitPx"]?.stringValue == fixture.price(fromBid: -400) + ".0", "a whole-dollar price is written with \".0\", as the venue does")
    }

    @Test func scheduledCancelFiresAtItsTime() throws {
        var fixture = try VenueFixture()
        _ = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001"))
        let tooSoon = OrderedJSON.object([("type", .string("scheduleCancel")), ("time", .integer(fixture.now / 1_000_000 + 1_000))])
        #expect(try fixture.send(tooSoon).0["status"]?.stringValue == "err")
        let deadline = OrderedJSON.object([("type", .string("scheduleCancel")), ("time", .integer(fixture.now / 1_000_000 + 6_000))])
        #expect(try fixture.send(deadline).0["response"]?["type"]?.stringValue == "default")
        let address = VenueFixture.key.address.lowercased()
        try fixture.wait(milliseconds: 5_000)
        #expect(try fixture.info(#"{"type":"openOrders","user":"\#(address)"}"#).arrayValue.count == 1)
        try fixture.wait(milliseconds: 1_500)
        #expect(try fixture.info(#"{"type":"openOrders","user":"\#(address)"}"#).arrayValue.isEmpty)
    }

    @Test func updateLeverageChecksTheCoinsMaximum() throws {
        var fixture = try VenueFixture()
        let ok = OrderedJSON.object([("type", .string("updateLeverage")), ("asset", .integer(0)), ("isCross", .bool(true)), ("leverage", .integer(10))])
        #expect(try fixture.send(ok).0["status"]?.stringValue == "ok")
        let tooHigh = OrderedJSON.object([("type", .string("updateLeverage")), ("asset", .integer(0)), ("isCross", .bool(true)), ("leverage", .integer(41))])
        #expect(try fixture.send(tooHigh).0["response"]?.stringValue == "Invalid leverage value")
    }
}

@Suite(.tags(.unit)) struct ModifyByClientIDTests {
    @Test func aModifyMayKeepTheOrdersOwnCloid() throws {
        var fixture = try VenueFixture()
        let cloid = "0x0000000000000000000000000000abcd"
        let (placed, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001", cloid: cloid))
        #expect(placed.firstStatus?["resting"] != nil)
        guard case .array(let orders)? = VenueFixture.order(buy: true, price: fixture.price(fromBid: -450), size: "0.001", cloid: cloid)["orders"] else {
            Issue.record("VenueFixture.order has no \"orders\" array"); return
        }
        let modify = OrderedJSON.object([("type", .string("batchModify")), ("modifies", .array([.object([("oid", .string(cloid)), ("order", orders[0])])]))])
        let (answer, _) = try fixture.send(modify)
        #expect(answer.firstStatus?["resting"]?["cloid"]?.stringValue == cloid, "\(answer.text)")
        // A new order with the cloid of an open one is still refused.
        let (duplicate, _) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -600), size: "0.001", cloid: cloid))
        #expect(duplicate.firstStatus?["error"]?.stringValue == "Duplicate cloid.")
    }
}
