import Engine
@testable import HLSim
import Hyperliquid
import TestSupport
import Testing
import JSON

@Suite(.tags(.unit)) struct AdmissionTests {
    static let noop = OrderedJSON.object([("type", .string("noop"))])

    @Test func theSignerIsRecoveredFromTheSignature() throws {
        var fixture = try VenueFixture()
        let body = try fixture.body(Self.noop)
        guard case .accepted(let prepared) = fixture.venue.admit(body: body, now: fixture.now) else { Issue.record("refused"); return }
        #expect(prepared.signer == VenueFixture.key.address.lowercased())
        #expect(prepared.account == prepared.signer)
    }

    @Test func unknownSignersAreRefusedUnderAnAccountList() throws {
        var fixture = try VenueFixture(admitted: [VenueFixture.key.address])
        #expect(try fixture.send(Self.noop).0["status"]?.stringValue == "ok")
        let (refused, _) = try fixture.send(Self.noop, key: VenueFixture.otherKey)
        #expect(refused["status"]?.stringValue == "err")
        #expect(refused["response"]?.stringValue == "User or API Wallet \(VenueFixture.otherKey.address.lowercased()) does not exist.")
    }

    @Test func tamperedSignaturesAreRefused() throws {
        var fixture = try VenueFixture(admitted: [VenueFixture.key.address])
        let text = String(decoding: try fixture.body(Self.noop), as: UTF8.self)
        guard case .object(var pairs) = try OrderedJSON(parsing: text), let i = pairs.firstIndex(where: { $0.key == "signature" }),
              case .object(var signature) = pairs[i].value, case .string(let r) = signature[0].value else { Issue.record("shape"); return }
        // Flip the last hex digit of r.
        let last = r.last!
        signature[0].value = .string(String(r.dropLast()) + (last == "0" ? "1" : "0"))
        pairs[i].value = .object(signature)
        let answer: HTTPAnswer
        switch fixture.venue.admit(body: Array(OrderedJSON.object(pairs).text.utf8), now: fixture.now) {
        case .refused(let refusal): answer = refusal
        case .accepted: Issue.record("a tampered signature was accepted"); return
        }
        let json = try OrderedJSON(parsing: answer.body)
        #expect(json["status"]?.stringValue == "err")
        #expect(json["response"]?.stringValue?.hasPrefix("User or API Wallet 0x") == true || json["response"]?.stringValue?.hasPrefix("Invalid signature") == true)
        #expect(json["response"]?.stringValue?.contains(VenueFixture.key.address.lowercased()) == false)
    }

    @Test func theActionIsHashedInTheKeyOrderItArrivedIn() throws {
        // Reordering the action's keys after signing changes the hash: another signer.
        var fixture = try VenueFixture(admitted: [VenueFixture.key.address])
        let action = VenueFixture.order(buy: true, price: fixture.price(fromBid: -500), size: "0.001")
        let text = String(decoding: try fixture.body(action), as: UTF8.self)
        guard case .object(var pairs) = try OrderedJSON(parsing: text), case .object(let actionPairs) = pairs[0].value else {
            Issue.record("the signed body is not {\"action\": {...}, ...}: \(text)"); return
        }
        pairs[0].value = .object(actionPairs.reversed())
        guard case .refused = fixture.venue.admit(body: Array(OrderedJSON.object(pairs).text.utf8), now: fixture.now) else {
            Issue.record("reordered action accepted"); return
        }
    }

    @Test func nonceRules() throws {
        var fixture = try VenueFixture()
        let nowMs = UInt64(fixture.now / 1_000_000)
        let body = try fixture.body(Self.noop, nonce: nowMs)
        guard case .accepted = fixture.venue.admit(body: body, now: fixture.now) else { Issue.record("first use refused"); return }
        guard case .refused(let duplicate) = fixture.venue.admit(body: body, now: fixture.now) else { Issue.record("replay accepted"); return }
        #expect(duplicate.body.contains("Invalid nonce: duplicate nonce \(nowMs)"))
        let stale = try fixture.body(Self.noop, nonce: nowMs - 3 * 86_400_000)
        guard case .refused(let old) = fixture.venue.admit(body: stale, now: fixture.now) else { Issue.record("stale nonce accepted"); return }
        #expect(old.body.contains("Invalid nonce"))
    }

    @Test func nonceWindowKeepsTheHundredHighest() {
        var window = NonceWindow()
        let now: Int64 = 1_795_000_000_000
        for n in 1...100 { #expect(window.admit(UInt64(now) + UInt64(n), nowMilliseconds: now) == nil) }
        // Lower than the smallest kept: refused; higher: accepted and evicts the smallest.
        #expect(window.admit(UInt64(now), nowMilliseconds: now) != nil)
        #expect(window.admit(UInt64(now) + 50, nowMilliseconds: now)?.contains("duplicate") == true)
        #expect(window.admit(UInt64(now) + 101, nowMilliseconds: now) == nil)
        #expect(window.admit(UInt64(now) + 1, nowMilliseconds: now) != nil)
    }

    @Test func malformedBodiesGetTheHTTPLayersError() throws {
        let fixture = try VenueFixture()
        for body in ["{", "[]", #"{"action":{"type":"order"}}"#, #"{"action":{"type":"warp"},"nonce":1,"signature":{"r":"0x1","s":"0x1","v":27}}"#,
                     #"{"action":{"type":"noop"},"nonce":"x","signature":{"r":"0x1","s":"0x1","v":27}}"#] {
            guard case .refused(let answer) = fixture.venue.admit(body: Array(body.utf8), now: fixture.now) else { Issue.record("\(body) accepted"); continue }
            #expect(answer.status == 422, "\(body)")
            #expect(answer.body.hasPrefix("Failed to deserialize the JSON body into the target type"))
        }
        let bad = fixture.venue.info(body: Array(#"{"type":"noSuchInfo"}"#.utf8), now: fixture.now)
        #expect(bad.status == 422)
        let noUser = fixture.venue.info(body: Array(#"{"type":"openOrders"}"#.utf8), now: fixture.now)
        #expect(noUser.body.contains("missing field `user`"))
    }

    @Test func rateLimitRejectionFault() throws {
        var faults = FaultPlan()
        faults.rateLimitRejectionShare = 1
        var fixture = try VenueFixture(faults: faults)
        let (answer, _) = try fixture.send(Self.noop)
        #expect(answer["response"]?.stringValue?.hasPrefix("Too many cumulative requests sent") == true)
    }

    @Test func delayedCancelsCarryTheirDelay() throws {
        var faults = FaultPlan()
        faults.cancelDelayMilliseconds = 300
        faults.extraLatencyMilliseconds = 20
        var fixture = try VenueFixture(faults: faults)
        guard case .accepted(let cancel) = fixture.venue.admit(body: try fixture.body(VenueFixture.cancel(oid: 1)), now: fixture.now),
              case .accepted(let noop) = fixture.venue.admit(body: try fixture.body(Self.noop), now: fixture.now) else { Issue.record("refused"); return }
        #expect(cancel.delayMilliseconds == 320)
        #expect(noop.delayMilliseconds == 20)
    }

    @Test func accountListFormat() throws {
        let text = """
            # traders
            0x5e9ee1089755c3435139848e47e6635505d5a13a 2500.5
            0xAbCdEf0123456789abcdef0123456789ABCDEF01
            """
        let accounts = try AccountList.parse(text, defaultBalance: Amount(rawValue: 7 * FixedPoint.scale))
        #expect(accounts["0x5e9ee1089755c3435139848e47e6635505d5a13a"] == Amount(rawValue: 250_050_000_000))
        #expect(accounts["0xabcdef0123456789abcdef0123456789abcdef01"] == Amount(rawValue: 7 * FixedPoint.scale))
        #expect(throws: AccountListError.self) { try AccountList.parse("0x123 5", defaultBalance: .zero) }
        // Was: "accounts file line 2: the file lists no account" for a one-line file.
        #expect(throws: AccountListError(line: nil, reason: "the file lists no account (one 'ADDRESS [BALANCE]' per line)")) {
            try AccountList.parse("# nothing\n", defaultBalance: .zero)
        }
        #expect(throws: AccountListError.self) { try AccountList.parse("0x5e9ee1089755c3435139848e47e6635505d5a13a NaN", defaultBalance: .zero) }
    }
}
