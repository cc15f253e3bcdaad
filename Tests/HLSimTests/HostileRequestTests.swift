import Engine
@testable import HLSim
import Hyperliquid
import TestSupport
import Testing
import JSON

/// Requests a hostile or buggy client may send: each costs its sender a bounded amount
/// of work and gets a clear answer; none stalls the venue for the others.
@Suite(.tags(.unit)) struct HostileRequestTests {
    /// A body of one object with `keys` distinct keys.
    static func wideObject(keys: Int, prefix: String = #"{"type":"meta","#) -> [UInt8] {
        var text = prefix
        for i in 0..<keys { text += "\"k\(i)\":0," }
        text += #""end":0}"#
        return Array(text.utf8)
    }

    /// 200,000 keys in one `/info` body were ~O(n²) in the duplicate-key check (a
    /// 40,000-key body blocked hl-sim for ~32 s); now the parse is O(n log n).
    @Test(.timeLimit(.minutes(1))) func aWideInfoBodyIsAnsweredQuickly() throws {
        let fixture = try VenueFixture()
        let body = Self.wideObject(keys: 200_000)
        let start = ContinuousClock.now
        let answer = fixture.venue.info(body: body, now: fixture.now)
        let elapsed = ContinuousClock.now - start
        #expect(answer.status == 200, "a meta request with extra keys is answered: \(answer.status)")
        #expect(elapsed < .seconds(10), "parsing 200,000 keys took \(elapsed)")
    }

    /// Duplicate keys are still found in objects large enough to use the set.
    @Test func duplicateKeysAreFoundInLargeObjects() {
        var text = "{"
        for i in 0..<100 { text += "\"k\(i)\":0," }
        text += #""k57":1}"#
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: text) }
    }

    /// An action of more orders than hl-sim takes is refused before its signature is
    /// even checked (a 10,000-order batch took ~22 s).
    @Test(.timeLimit(.minutes(1))) func oversizedBatchesAreRefusedCheaply() throws {
        var fixture = try VenueFixture()
        let one = VenueFixture.order(buy: true, price: "1000", size: "0.001")
        guard case .array(let orders)? = one["orders"] else { Issue.record("no orders"); return }
        let many = OrderedJSON.object([("type", .string("order")),
                                       ("orders", .array(Array(repeating: orders[0], count: SimVenue.maxItemsPerAction + 1))),
                                       ("grouping", .string("na"))])
        let (answer, _) = try fixture.send(many)
        #expect(answer.text.contains("at most \(SimVenue.maxItemsPerAction) orders per action"))
        let cancels = OrderedJSON.object([("type", .string("cancel")),
                                          ("cancels", .array(Array(repeating: .object([("a", .integer(0)), ("o", .integer(1))]), count: 5_000)))])
        let (refused, _) = try fixture.send(cancels)
        #expect(refused.text.contains("cancels per action"))
    }

    /// A batch at the limit is carried out, and account frames go out once per action
    /// (they went out once per resting order: O(n²) bytes for a subscriber).
    @Test(.timeLimit(.minutes(2))) func aFullBatchPushesTheAccountOnce() throws {
        var fixture = try VenueFixture()
        let address = VenueFixture.key.address.lowercased()
        var session = WebSocketSession(openedAt: fixture.now)
        _ = fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"openOrders","user":"\#(address)"}}"#,
                                 session: &session, now: fixture.now)
        let price = fixture.price(fromBid: -500)
        let one = VenueFixture.order(buy: true, price: price, size: "0.0001")
        guard case .array(let orders)? = one["orders"] else { Issue.record("no orders"); return }
        let batch = OrderedJSON.object([("type", .string("order")), ("orders", .array(Array(repeating: orders[0], count: 500))),
                                        ("grouping", .string("na"))])
        let (answer, pushes) = try fixture.send(batch)
        #expect(answer.text.components(separatedBy: "resting").count - 1 == 500)
        #expect(pushes.filter { $0.topic == "openOrders:\(address)" }.count == 1)
    }

    /// One connection may hold at most 1,000 subscriptions and name 10 users.
    @Test func subscriptionsAreCapped() throws {
        let fixture = try VenueFixture()
        var session = WebSocketSession(openedAt: fixture.now)
        for i in 0..<10 {
            let user = "0x" + String(repeating: String(i), count: 40)
            let reply = fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"orderUpdates","user":"\#(user)"}}"#,
                                             session: &session, now: fixture.now)
            #expect(!"\(reply)".contains("Cannot track"))
        }
        let eleventh = "0x" + String(repeating: "a", count: 40)
        let refused = fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"orderUpdates","user":"\#(eleventh)"}}"#,
                                           session: &session, now: fixture.now)
        #expect("\(refused)".contains("Cannot track more than 10 total users"))
        #expect(session.topics.count == 10)
    }

    /// Was: the venue kept a follower count for every topic ever subscribed, decremented
    /// but never removed (~180 bytes per distinct topic, never freed; found by the soak
    /// run). Unsubscribing and closing now forget topics nobody follows.
    @Test func topicsNobodyFollowsAreForgotten() throws {
        let fixture = try VenueFixture()
        var session = WebSocketSession(openedAt: fixture.now)
        for i in 0..<500 {
            let user = "0x" + String(String(i, radix: 16).reversed()).padding(toLength: 40, withPad: "0", startingAt: 0)
            let subscription = #"{"type":"orderUpdates","user":"\#(user)"}"#
            _ = fixture.venue.handle(message: #"{"method":"subscribe","subscription":\#(subscription)}"#, session: &session, now: fixture.now)
            _ = fixture.venue.handle(message: #"{"method":"unsubscribe","subscription":\#(subscription)}"#, session: &session, now: fixture.now)
        }
        #expect(fixture.venue.followers.isEmpty)
        _ = fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}"#, session: &session, now: fixture.now)
        var other = WebSocketSession(openedAt: fixture.now)
        _ = fixture.venue.handle(message: #"{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}"#, session: &other, now: fixture.now)
        fixture.venue.close(session)
        #expect(fixture.venue.isFollowed("l2Book:BTC"))
        fixture.venue.close(other)
        #expect(fixture.venue.followers.isEmpty)
    }

    /// Amounts beyond the fixed-point range are shown at its bound (this trapped).
    @Test func hugeAmountsDoNotTrap() {
        #expect(SimWire.amount(1e30).text.hasPrefix("\"92233720368"))
        #expect(SimWire.amount(-1e30).text.hasPrefix("\"-92233720368"))
        #expect(String(format2: 1e300).hasPrefix("92233720368547758"))
    }

    /// Without an account list, hl-sim opens at most ``SimVenue/maxOpenAccounts``
    /// accounts, and only for requests that pass every check.
    @Test func accountsOpenOnlyForAdmittedRequests() throws {
        var fixture = try VenueFixture()
        let before = fixture.venue.accounts.count
        let body = try fixture.body(VenueFixture.cancel(oid: 1))
        // Replaying the same nonce: refused, and opens nothing new.
        _ = fixture.venue.admit(body: body, now: fixture.now)
        let count = fixture.venue.accounts.count
        _ = fixture.venue.admit(body: body, now: fixture.now)
        #expect(fixture.venue.accounts.count == count)
        #expect(count <= before + 1)
        #expect(fixture.venue.mayHoldAccount("0x" + String(repeating: "b", count: 40)))
    }
}
