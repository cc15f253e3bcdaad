import Engine
import Foundation
import Hyperliquid
import Journal
@testable import Live
import TestSupport
import Testing

/// The live loop as a state machine, driven by hand on virtual time. Each test names the
/// behaviour before the live loop became a driver, which it fails on.
@Suite(.tags(.integration)) struct LiveDriverTests {
    static let second: Int64 = 1_000_000_000

    /// Start-up reads the account (journaled as the engine's first input) before the
    /// feed connects; quoting follows the baseline. Nothing reads a clock: the session
    /// runs on whatever times it is given (here 2027).
    @Test func startUpReadsTheAccountBeforeTheFeedAndQuotesOnGivenTime() throws {
        let h = try DriverHarness()
        h.send(.start)
        #expect(h.info.map(\.body).contains { $0.contains("clearinghouseState") } && h.info.map(\.body).contains { $0.contains("openOrders") })
        #expect(!h.effects.contains { if case .connectFeed = $0 { true } else { false } }, "no feed before the account is known")
        h.answerInfo(position: "0.002")
        #expect(h.driver.engine.position(coinIndex: 0) == (try Size(parsing: "0.002")))
        h.send(.feedConnected, after: Self.second)
        #expect(h.effects.contains { if case .sendOnFeed(let text) = $0 { text.contains(#""type":"userFills""#) } else { false } })
        h.run(seconds: 12)
        #expect(!h.pendingPlaces.isEmpty, "quotes after the 10 s warm-up of given time")
        #expect(h.driver.engine.state.time > DriverHarness.start)
        #expect(try h.verifies())
    }

    /// Orders carry `expiresAfter`; a place whose answer is lost stays tracked as
    /// unknown (counted as live: its slot is not re-quoted), is looked up by cloid, and
    /// is tracked as resting when the venue has it. Before, a lost answer was a
    /// rejection: the order was forgotten while it rested at the venue.
    @Test func aLostPlaceIsLookedUpAndFound() throws {
        let h = try DriverHarness()
        try h.startQuoting()
        let place = try #require(h.pendingPlaces.first)
        #expect(place.expiresAfter == place.nonce + 5_000)
        let ids = place.items.compactMap(\.clientOrderID)
        h.exchange.removeAll { $0.id == place.id }
        h.send(.exchangeFailed(id: place.id, reason: "timed out"), after: 10 * Self.second)
        #expect(h.tracked.filter { ids.contains($0.clientOrderID) }.allSatisfy { $0.state == .unknown }, "\(h.tracked)")
        let lookups = h.info.filter { $0.body.contains("orderStatus") }
        #expect(lookups.count == ids.count)
        h.acknowledgeAll()
        h.run(seconds: 2)
        #expect(!h.pendingPlaces.contains { $0.items.contains { ids.contains($0.clientOrderID!) } }, "not placed again")
        let found = Dictionary(uniqueKeysWithValues: ids.enumerated().map { i, id in
            (id, #"{"status":"order","order":{"order":{"coin":"BTC","side":"B","limitPx":"99990.0","sz":"0.001","oid":\#(5_000 + i),"timestamp":1,"origSz":"0.001","cloid":"\#(id)"},"status":"open","statusTimestamp":2}}"#)
        })
        h.answerInfo(lookups: found)
        #expect(h.tracked.filter { ids.contains($0.clientOrderID) }.allSatisfy { $0.state == .resting && $0.orderID != nil })
        #expect(h.driver.counters.unknownOutcomes == 1)
        #expect(try h.verifies())
    }

    /// A lost place the venue does not know after its `expiresAfter` has passed never
    /// rested: it is forgotten (and a lookup before that is asked again later).
    @Test func aLostPlaceNotFoundAfterItExpiredIsForgotten() throws {
        let h = try DriverHarness()
        try h.startQuoting()
        let place = try #require(h.pendingPlaces.first)
        let ids = Set(place.items.compactMap(\.clientOrderID))
        h.exchange.removeAll { $0.id == place.id }
        h.send(.exchangeFailed(id: place.id, reason: "connection reset"), after: Self.second)
        h.answerInfo()  // unknownOid, asked 1 s after sending: the request may still arrive
        #expect(h.tracked.filter { ids.contains($0.clientOrderID) }.count == ids.count, "not forgotten before it expired")
        h.run(seconds: 8)
        h.answerInfo()  // asked again after the expiry: it never rested
        #expect(h.tracked.filter { ids.contains($0.clientOrderID) }.isEmpty)
        let forgotten = try h.journaled(.decision).contains { if case .decision(let d) = $0 { d.fields.first?.value == .text("lost_order_forgotten") } else { false } }
        #expect(forgotten)
    }

    /// A kill sends a cancel for every order and a cancel-all, and asks the venue for
    /// its open orders until nothing of ours is left; a cancel whose answer is lost is
    /// retried with backoff until the venue confirms it. Before, the dead man's switch,
    /// cancel-all and safety net bypassed the engine and the journal, and a failed cancel
    /// closed the order for good.
    /// A trip by a risk monitor (not the operator) is logged at error level with its
    /// reason, once.
    @Test func aMonitorTripIsLoggedAtErrorLevelWithItsReason() throws {
        let h = try DriverHarness()
        h.send(.start)
        h.answerInfo(position: "5")  // far over max_inventory
        h.send(.feedConnected, after: Self.second)
        h.run(seconds: 12)
        #expect(h.driver.engine.isKilled)
        let reasons = h.driver.engine.killSwitchCheckpoint.reasons.map(\.name)
        let lines = h.effects.compactMap { if case .log(.error, let text) = $0, text.hasPrefix("KILL SWITCH: ") { text } else { nil } }
        #expect(lines.count == 1, "\(lines)")
        #expect(reasons.contains { name in lines.first?.contains(name) ?? false }, "\(lines) does not name one of \(reasons)")
    }

    @Test func aKillCancelsEverythingAndChecksUntilTheVenueIsFlat() throws {
        let h = try DriverHarness()
        try h.startQuoting()
        h.acknowledgeAll()
        let resting = h.tracked.filter { $0.state == .resting }
        #expect(resting.count >= 2)
        let journaledArms = try h.journaled(.scheduleCancel)
        #expect(!journaledArms.isEmpty, "the dead man's switch is an engine command, journaled")
        h.send(.operatorAction(.kill(reason: "test")), after: Self.second)
        let cancel = try #require(h.exchange.first { $0.kind == .cancel })
        #expect(Set(cancel.orders) == Set(resting.map(\.clientOrderID)))
        #expect(try h.journaled(.cancelAll).count == 1)
        #expect(h.info.contains { $0.body.contains("openOrders") }, "the venue is asked what is still open")
        // The cancel's answer is lost: the orders stay, pending a cancel, and the cancel
        // goes again after the backoff.
        h.exchange.removeAll { $0.id == cancel.id }
        h.send(.exchangeFailed(id: cancel.id, reason: "timed out"), after: Self.second)
        #expect(h.tracked.count == resting.count && h.tracked.allSatisfy { $0.state == .pendingCancel })
        let listed = Self.orders(resting)
        h.answerInfo(orders: listed)
        #expect(!h.driver.engine.isFlatAtVenue)
        h.run(seconds: 3)
        let retry = try #require(h.exchange.first { $0.kind == .cancel }, "the cancel is retried")
        #expect(Set(retry.orders) == Set(resting.map(\.clientOrderID)))
        h.acknowledgeAll()
        #expect(h.tracked.isEmpty)
        h.run(seconds: 3)
        h.answerInfo(orders: "[]")
        #expect(h.driver.engine.isFlatAtVenue, "the venue confirmed nothing is left")
        #expect(!h.exchange.contains { $0.addsExposure }, "nothing that adds exposure after the kill")
        #expect(try h.verifies())
    }

    static func orders(_ orders: [TrackedOrder]) -> String {
        DriverHarness.openOrders(orders.map { ($0.orderID ?? 0, $0.clientOrderID, $0.side == .bid ? "B" : "A", "\($0.price)") })
    }

    /// A cancel for an order whose place is in flight waits for the place's outcome
    /// (before, every request ran on its own task and a cancel could overtake its place).
    @Test func aCancelNeverOvertakesItsPlace() throws {
        let h = try DriverHarness()
        try h.startQuoting()
        let place = try #require(h.pendingPlaces.first)
        h.send(.operatorAction(.kill(reason: "test")))
        #expect(!h.exchange.contains { $0.kind == .cancel && !Set($0.orders).isDisjoint(with: place.orders) }, "held until the place is answered")
        h.acknowledgeAll()
        #expect(h.exchange.contains { $0.kind == .cancel && !Set($0.orders).isDisjoint(with: place.orders) }, "sent once it is")
    }

    /// Periodically and after every reconnect the venue is asked for positions and open
    /// orders; fills made while disconnected arrive in the userFills snapshot and are
    /// booked once. Before, there was one snapshot at start, and snapshot fills were
    /// marked seen but never booked.
    @Test func aReconnectReconcilesAndBooksTheFillsItMissed() throws {
        let h = try DriverHarness()
        try h.startQuoting()
        h.acknowledgeAll()
        let bid = try #require(h.tracked.first { $0.side == .bid && $0.state == .resting })
        h.info.removeAll()
        h.send(.feedClosed(reason: "reset"), after: Self.second)
        h.run(seconds: 1.5)
        h.send(.feedConnected)
        #expect(h.info.contains { $0.body.contains("clearinghouseState") }, "reconcile after the reconnect")
        let fill = #"{"coin":"BTC","px":"\#(bid.price)","sz":"0.001","side":"B","time":\#(h.now / 1_000_000 - 1_500),"startPosition":"0.0","dir":"Open Long","closedPnl":"0.0","hash":"0x01","oid":\#(bid.orderID!),"crossed":false,"fee":"0.01","tid":777,"cloid":"\#(bid.clientOrderID)","feeToken":"USDC"}"#
        let snapshot = #"{"channel":"userFills","data":{"isSnapshot":true,"user":"\#(DriverHarness.address)","fills":[\#(fill)]}}"#
        h.send(.frame(snapshot), after: 2_000_000)
        #expect(h.driver.engine.position(coinIndex: 0) == (try Size(parsing: "0.001")), "the missed fill is booked")
        h.send(.frame(snapshot), after: 2_000_000)
        #expect(h.driver.engine.position(coinIndex: 0) == (try Size(parsing: "0.001")), "once")
        h.answerInfo(position: "0.001", orders: Self.orders(h.tracked))
        #expect(h.driver.engine.state.reconcileMismatches == 0)
        #expect(try h.verifies())
    }

    /// Trades resent on every subscribe are given to the engine once (before, the live
    /// path counted them again after each reconnect; only the importer de-duplicated).
    /// A book sent again is kept: with its own receive time it refreshes the book's age.
    @Test func resentTradesReachTheEngineOnce() throws {
        let h = try DriverHarness()
        h.send(.start)
        h.answerInfo()
        h.send(.feedConnected)
        let trades = #"{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"100000.0","sz":"0.1","time":1,"hash":"0x1","tid":11,"users":["0x1","0x2"]},{"coin":"BTC","side":"A","px":"100000.0","sz":"0.2","time":2,"hash":"0x2","tid":12,"users":["0x1","0x2"]}]}"#
        h.send(.frame(trades))
        let inputs = h.driver.session.inputs
        h.send(.feedClosed(reason: "reset"))
        h.run(seconds: 1.5)
        h.send(.feedConnected)
        let before = h.driver.session.inputs
        h.send(.frame(trades))
        h.send(.frame(h.bookFrame(bid: "100000", ask: "100001")))
        h.send(.frame(h.bookFrameRepeat()), after: 1_000_000)
        #expect(h.driver.session.inputs == before + 2, "the resent trades add nothing, each book counts: \(inputs) \(before) \(h.driver.session.inputs)")
    }

    /// Was: the start-up line read the engine before its first input restored the
    /// checkpoint, and said "kill switch clear (checkpoint loaded)" for a tripped one.
    @Test(arguments: [LiveMode.run, .paper]) func theStartLineSaysATrippedCheckpointIsLatched(mode: LiveMode) throws {
        let restored = KillSwitchCheckpoint(triggered: true, reasons: [.maxLoss(loss: 600, limit: 500)], time: DriverHarness.start - 3_600 * Self.second,
                                            triggeredAt: DriverHarness.start - 7_200 * Self.second)
        let h = try DriverHarness(mode: mode, checkpoint: restored)
        h.send(.start)
        if mode == .run { h.answerInfo() }
        let start = h.effects.compactMap { if case .log(.info, let text) = $0, text.hasPrefix("start: ") { text } else { nil } }
        #expect(start.count == 1, "\(start)")
        #expect(start.first?.contains("TRIPPED") == true && start.first?.contains("MaxLoss") == true, "\(start)")
        #expect(start.first?.contains("clear") == false, "\(start)")
        let clear = try DriverHarness(mode: mode)
        clear.send(.start)
        if mode == .run { clear.answerInfo() }
        #expect(clear.effects.contains { if case .log(.info, let text) = $0 { text.hasPrefix("start: ") && text.contains("kill switch clear (no checkpoint loaded)") } else { false } })
    }

    /// The checkpoint is written at the trip and at the reset, before any request of
    /// that step, and never before the engine restored the one it started from.
    @Test func theCheckpointIsWrittenAtEveryTripAndReset() throws {
        let restored = KillSwitchCheckpoint(triggered: true, reasons: [.maxLoss(loss: 600, limit: 500)], time: DriverHarness.start - 3_600 * Self.second,
                                            triggeredAt: DriverHarness.start - 7_200 * Self.second)
        let h = try DriverHarness(checkpoint: restored)
        h.send(.start)
        #expect(!h.effects.contains { if case .writeCheckpoint = $0 { true } else { false } }, "nothing written before the engine restored it")
        h.answerInfo()
        #expect(h.driver.engine.isKilled, "restored: killed from the first input")
        #expect(!h.effects.contains { if case .writeCheckpoint = $0 { true } else { false } }, "unchanged: the trip time stays the first trip's")
        let reset = h.send(.operatorAction(.forceResetKillSwitch), after: Self.second)
        guard case .writeCheckpoint(let cleared)? = reset.first else { Issue.record("no checkpoint first: \(reset)"); return }
        #expect(!cleared.triggered)
        h.send(.feedConnected)
        h.run(seconds: 12)
        let trip = h.send(.operatorAction(.kill(reason: "again")), after: Self.second)
        guard case .writeCheckpoint(let tripped)? = trip.first else { Issue.record("no checkpoint first: \(trip)"); return }
        #expect(tripped.triggered && tripped.triggeredAt == h.now)
        let firstRequest = trip.firstIndex { if case .postExchange = $0 { true } else { false } }
        #expect(firstRequest.map { $0 > 0 } ?? true)
    }

    /// Issue 16: a recorder's shutdown does not claim to cancel orders (it sends none);
    /// a trading session's does.
    @Test func onlyTradingSessionsSayTheyCancelAtShutdown() throws {
        func shutdownLog(_ mode: LiveMode) throws -> String {
            let h = try DriverHarness(mode: mode)
            let effects = h.send(.shutdown(reason: "SIGTERM"), after: Self.second)
            return effects.compactMap { if case .log(_, let text) = $0, text.hasPrefix("shutting down") { text } else { nil } }.joined()
        }
        #expect(try shutdownLog(.record) == "shutting down: SIGTERM")
        #expect(try shutdownLog(.run).contains("cancelling every order"))
    }

    /// A journal write failure stops quoting and runs the cancel-all path.
    @Test func aJournalFailureKillsAndCancelsEverything() throws {
        let h = try DriverHarness()
        try h.startQuoting()
        h.acknowledgeAll()
        try h.writer.close()  // every append fails from now on
        let effects = h.send(.frame(h.bookFrame(bid: "100000", ask: "100001")), after: Self.second)
        #expect(h.driver.engine.isKilled)
        #expect(h.driver.session.journalFailure != nil)
        #expect(effects.contains { if case .log(.error, let text) = $0 { text.contains("journal write failed") } else { false } })
        #expect(h.exchange.contains { $0.kind == .cancel })
    }

    /// A silent feed (no pong within 10 s of a ping) is closed and reconnected with the
    /// runbook's backoff.
    @Test func aMissingPongReconnects() throws {
        let h = try DriverHarness()
        h.send(.start)
        h.answerInfo()
        h.send(.feedConnected)
        h.run(seconds: 31)
        #expect(h.effects.contains { if case .sendOnFeed(let text) = $0 { text == #"{"method":"ping"}"# } else { false } })
        h.run(seconds: 11)
        #expect(h.effects.contains { if case .closeFeed = $0 { true } else { false } })
        h.send(.feedClosed(reason: "closed by us"))
        h.run(seconds: 1.1)
        #expect(h.effects.filter { if case .connectFeed = $0 { true } else { false } }.count == 2, "reconnect after 1 s")
    }

    /// `--orphans adopt` tracks the orders an earlier session left and manages them like
    /// its own; `cancel` cancels them (before, adopt behaved like cancel).
    @Test(arguments: [true, false]) func orphansAreAdoptedOrCancelled(adopt: Bool) throws {
        let h = try DriverHarness { $0.safety.adoptOrphans = adopt }
        let old = ClientOrderID(high: 0x4D4D_0000_0000_0100, low: 3)
        try h.startQuoting(orders: DriverHarness.openOrders([(9_001, old, "B", "99990.0"), (9_002, nil, "A", "100011.0")]))
        let cancelledByOid = h.exchange.filter { $0.label.hasPrefix("cancel-by-oid") }.flatMap(\.items).compactMap(\.orderID)
        if adopt {
            #expect(h.tracked.contains { $0.clientOrderID == old && $0.orderID == 9_001 })
            #expect(h.tracked.contains { $0.orderID == 9_002 && $0.namedByOrderID })
            #expect(!cancelledByOid.contains(9_001))
        } else {
            #expect(Set(cancelledByOid).isSuperset(of: [9_001, 9_002]))
            #expect(!h.tracked.contains { $0.orderID == 9_001 || $0.orderID == 9_002 })
        }
    }
}

extension DriverHarness {
    /// The last book frame again (same exchange time and levels): a resend.
    func bookFrameRepeat() -> String {
        #"{"channel":"l2Book","data":{"coin":"BTC","time":\#(self.bookTime),"levels":[[{"px":"100000","sz":"1.0","n":1}],[{"px":"100001","sz":"1.0","n":1}]]}}"#
    }
}
