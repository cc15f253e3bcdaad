import Engine
@testable import HLSim
import Hyperliquid
import TestSupport
import Testing

@Suite(.tags(.unit)) struct WebSocketTests {
    func replies(_ outputs: [WebSocketOutput]) -> [String] {
        outputs.compactMap { if case .reply(let text) = $0 { text } else { nil } }
    }

    @Test func subscribeAcknowledgesThenSendsTheSnapshotAndUpdates() throws {
        var fixture = try VenueFixture()
        var session = WebSocketSession(openedAt: fixture.now)
        let sent = self.replies(fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}"#,
                                                     session: &session, now: fixture.now))
        #expect(sent.first == #"{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}}"#)
        #expect(sent.count == 2)
        guard case .book(let book) = try InboundFrame(decoding: sent[1]) else { Issue.record("snapshot is not a book"); return }
        #expect(book.coin == "BTC")
        #expect(book.bids.count == 20 && book.asks.count == 20)
        let pushes = try fixture.wait(milliseconds: 1_000).filter { session.follows($0.topic) }
        #expect(pushes.count >= 5, "about ten books a second")
        for push in pushes {
            guard case .book = try InboundFrame(decoding: push.text) else { Issue.record("not a book: \(push.text)"); continue }
        }
    }

    @Test func protocolMessages() throws {
        let fixture = try VenueFixture()
        var session = WebSocketSession(openedAt: fixture.now)
        #expect(self.replies(fixture.venue.handle(message: #"{"method":"ping"}"#, session: &session, now: fixture.now)) == [#"{"channel":"pong"}"#])
        let unknown = #"{"method": "subscribe", "subscription": {"type": "noSuchType", "coin": "BTC"}}"#
        #expect(self.replies(fixture.venue.handle(message: unknown, session: &session, now: fixture.now))
                == [SimWire.frame("error", .string("Error parsing JSON into valid websocket request: \(unknown)"))])
        let trades = #"{"method":"subscribe","subscription":{"type":"trades","coin":"ETH"}}"#
        _ = fixture.venue.handle(message: trades, session: &session, now: fixture.now)
        let twice = self.replies(fixture.venue.handle(message: trades, session: &session, now: fixture.now))
        #expect(twice.first?.contains("Already subscribed") == true)
        let off = #"{"method":"unsubscribe","subscription":{"type":"trades","coin":"ETH"}}"#
        #expect(self.replies(fixture.venue.handle(message: off, session: &session, now: fixture.now)).first?.contains(#""method":"unsubscribe""#) == true)
        #expect(self.replies(fixture.venue.handle(message: off, session: &session, now: fixture.now)).first?.contains("Already unsubscribed") == true)
        #expect(self.replies(fixture.venue.handle(message: "not json", session: &session, now: fixture.now)).first?.contains(#""channel":"error""#) == true)
    }

    @Test func userChannelsFollowTheAccount() throws {
        var fixture = try VenueFixture()
        let user = VenueFixture.key.address.lowercased()
        var session = WebSocketSession(openedAt: fixture.now)
        var snapshots: [String] = []
        for type in ["orderUpdates", "userFills", "userEvents", "openOrders", "clearinghouseState"] {
            snapshots += self.replies(fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"\#(type)","user":"\#(user)"}}"#,
                                                           session: &session, now: fixture.now))
        }
        #expect(snapshots.contains(#"{"channel":"userFills","data":{"isSnapshot":true,"user":"\#(user)","fills":[]}}"#))
        #expect(snapshots.contains { $0.contains(#""aggregateByTime":false"#) })
        let (placed, pushes) = try fixture.send(VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001"))
        let oid = try #require(placed.firstStatus?["resting"]?["oid"]?.integerValue)
        let updates = pushes.filter { $0.topic == "orderUpdates:\(user)" }
        #expect(updates.count == 1)
        guard case .orderUpdates(let open)? = try updates.first.map({ try InboundFrame(decoding: $0.text) }) else { Issue.record("no order update"); return }
        #expect(open.first?.orderID == UInt64(oid))
        #expect(pushes.contains { $0.topic == "openOrders:\(user)" })

        let (_, cancelPushes) = try fixture.send(VenueFixture.cancel(oid: UInt64(oid)))
        #expect(cancelPushes.contains { $0.topic == "orderUpdates:\(user)" && $0.text.contains(#""status":"canceled""#) })

        let (_, fillPushes) = try fixture.send(VenueFixture.order(buy: false, price: fixture.price(fromBid: -50), size: "0.001", tif: "Ioc"))
        let fillFrames = fillPushes.filter { $0.topic == "userFills:\(user)" || $0.topic == "user:\(user)" }
        #expect(fillFrames.count == 2)
        for frame in fillFrames {
            guard case .fills(let fills) = try InboundFrame(decoding: frame.text) else { Issue.record("not fills: \(frame.text)"); continue }
            #expect(fills.first?.side == .ask)
            #expect(fills.first?.size == Size(rawValue: 100_000))
        }
        #expect(fillPushes.contains { $0.topic == "orderUpdates:\(user)" && $0.text.contains(#""status":"filled""#) })
        guard let state = fillPushes.first(where: { $0.topic == "clearinghouseState:\(user)" }), case .account(let account) = try InboundFrame(decoding: state.text) else {
            Issue.record("no account push"); return
        }
        #expect(account.positions.first?.size == Size(rawValue: -100_000))
    }

    @Test func postRequestsCarryInfoAndActions() throws {
        var fixture = try VenueFixture()
        var session = WebSocketSession(openedAt: fixture.now)
        let info = self.replies(fixture.venue.handle(message: #"{"method":"post","id":7,"request":{"type":"info","payload":{"type":"l2Book","coin":"BTC"}}}"#,
                                                     session: &session, now: fixture.now))
        #expect(info.first?.hasPrefix(#"{"channel":"post","data":{"id":7,"response":{"type":"info","payload":{"type":"l2Book","data":{"coin":"BTC""#) == true)
        let body = String(decoding: try fixture.body(AdmissionTests.noop), as: UTF8.self)
        let outputs = fixture.venue.handle(message: #"{"method":"post","id":8,"request":{"type":"action","payload":\#(body)}}"#, session: &session, now: fixture.now)
        guard case .action(let id, let prepared)? = outputs.first else { Issue.record("no action"); return }
        let (answer, _) = try fixture.venue.execute(prepared, now: fixture.now)
        #expect(fixture.venue.postReply(id: id, answer: answer) == #"{"channel":"post","data":{"id":8,"response":{"type":"action","payload":{"status":"ok","response":{"type":"default"}}}}}"#)
    }

    @Test func stalledFeedSendsNoMarketData() throws {
        var faults = FaultPlan()
        faults.stallFeedAfterMilliseconds = 2_000
        faults.stallFeedForMilliseconds = 3_000
        var fixture = try VenueFixture(faults: faults)
        var session = WebSocketSession(openedAt: fixture.now)
        _ = fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}"#, session: &session, now: fixture.now)
        #expect(try !fixture.wait(milliseconds: 900).isEmpty)  // 1.9 s after start
        for _ in 0..<3 { #expect(try fixture.wait(milliseconds: 1_000).isEmpty) }  // 2.9, 3.9, 4.9 s: stalled
        #expect(try !fixture.wait(milliseconds: 1_000).isEmpty, "resumes after the stall")
    }
}
