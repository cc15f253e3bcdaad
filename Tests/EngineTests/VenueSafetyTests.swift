import Engine
import TestSupport
import Testing

/// The engine's side of live safety: client ids unique per session, the dead man's
/// switch and the kill's cancel-all as commands, reconciliation cadence, fills against
/// the adopted baseline, operator config changes, checkpoint trip times.
@Suite(.tags(.unit)) struct VenueSafetyTests {
    static let second: Int64 = 1_000_000_000

    /// Client ids carry the session discriminator: two sessions never issue the same id,
    /// and a fill for an id of ours from another session is an orphan, not ours (before,
    /// every session counted from 1 under the same prefix).
    @Test func clientIDsAreUniqueAcrossSessionsAndOthersAreOrphans() throws {
        var first = Script { $0.general.session = 1 }
        var second = Script { $0.general.session = 2 }
        let a = first.send(Script.book(bid: "100000", ask: "100001")).places
        let b = second.send(Script.book(bid: "100000", ask: "100001")).places
        #expect(!a.isEmpty && Set(a.map(\.clientOrderID)).isDisjoint(with: Set(b.map(\.clientOrderID))))
        #expect(a[0].clientOrderID.high >> 48 == 0x4D4D && (a[0].clientOrderID.high >> 8) & 0xFFFF_FFFF == 1)
        // A fill of session 1's order reaching session 2 is an orphan.
        _ = second.send(Script.fill(a[0], side: a[0].side, price: "100000", size: "0.001", tid: 99))
        #expect(second.engine.state.coins[0].orphanFills == 1 && second.engine.state.coins[0].lateFills == 0)
        // The same session's own closed order is late.
        _ = first.send(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: a[0].clientOrderID, orderID: nil, outcome: .rejected(message: "x"))))
        _ = first.send(Script.fill(a[0], side: a[0].side, price: "100000", size: "0.001", tid: 98))
        #expect(first.engine.state.coins[0].lateFills == 1)
    }

    /// While orders are open the engine arms the venue's dead man's switch 60 s ahead and
    /// renews it every 10 s of virtual time: a journaled command, not a side timer.
    @Test func theDeadMansSwitchIsACommand() throws {
        var s = Script()
        var arms: [(time: Int64, deadline: Int64)] = []
        for i in 0..<50 {
            for command in s.send(Script.book(bid: "100000", ask: "100001"), after: i == 0 ? 0 : Self.second / 2) {
                if case .scheduleCancel(let deadline?) = command { arms.append((s.time, deadline)) }
            }
        }
        #expect(arms.count == 3, "at the first order, then every 10 s: \(arms.count)")
        #expect(arms.allSatisfy { $0.deadline == $0.time + 60 * Self.second })
        #expect(zip(arms, arms.dropFirst()).allSatisfy { $1.time - $0.time == 10 * Self.second })
    }

    /// The engine asks the venue for its account every `reconcile_interval_s`, and after
    /// a reconnect.
    @Test func reconciliationRunsOnTheClockAndAfterReconnects() throws {
        var s = Script()
        var queries: [Int64] = []
        func count(_ commands: [Command]) { for case .query(.account) in commands { queries.append(s.time) } }
        for i in 0..<70 { count(s.send(.tick, after: i == 0 ? 0 : Self.second / 2)) }
        #expect(queries.count == 2, "every 15 s: \(queries)")
        count(s.send(.connection(ConnectionEvent(feed: "ws", state: .disconnected(reason: "x")))))
        #expect(queries.count == 2)
        count(s.send(.connection(ConnectionEvent(feed: "ws", state: .connected)), after: Self.second))
        #expect(queries.count == 3, "after the reconnect")
    }

    /// A kill cancels each order, sends a cancel-all and asks the venue; it asks again
    /// every 2 s until the venue lists nothing, then says so once.
    @Test func aKillChecksWithTheVenueUntilFlat() throws {
        var s = Script()
        let placed = s.send(Script.book(bid: "100000", ask: "100001")).places
        for (i, order) in placed.enumerated() { _ = s.send(Script.ack(order, oid: UInt64(100 + i))) }
        let kill = s.send(.operator(.kill(reason: "test")), after: Self.second)
        #expect(kill.cancels.count == placed.count)
        #expect(kill.contains(.cancelAll(coin: nil)) && kill.contains(.query(.account)))
        #expect(!s.engine.isFlatAtVenue)
        s.confirmCancels(in: kill)
        let empty = AccountSnapshot(exchangeTime: 0, accountValue: try Amount(parsing: "1000"), totalMarginUsed: .zero, withdrawable: .zero,
                                    positions: [], openOrders: [])
        // Still listed at the venue (a cancel not yet processed): cancelled again by oid.
        let stale = OpenOrderSnapshot(coin: "BTC", side: .bid, limitPrice: placed[0].price, size: placed[0].size, orderID: 100, clientOrderID: placed[0].clientOrderID)
        var listing = empty
        listing.openOrders = [stale]
        #expect(s.send(.account(listing)).cancels == [.exchange(100)])
        #expect(!s.engine.isFlatAtVenue)
        let again = s.send(.tick, after: 2 * Self.second)
        #expect(again.contains(.query(.account)))
        let flat = s.send(.account(empty))
        #expect(s.engine.isFlatAtVenue)
        #expect(flat.decisions.contains { $0.fields.first?.value == .text("venue_flat") })
    }

    /// Fills already in the adopted baseline position are not booked again; later ones
    /// are, once; a fill in the baseline's millisecond counts unless the baseline shows
    /// the position before it.
    @Test func fillsAreBookedAgainstTheBaseline() throws {
        var s = Script()
        func fill(tid: UInt64, time: Int64, start: String, snapshot: Bool) -> Event {
            .fill(Fill(coin: "BTC", side: .bid, price: try! Price(parsing: "100000"), size: try! Size(parsing: "0.001"), exchangeTime: time,
                       orderID: 1, clientOrderID: nil, tradeID: tid, fee: .zero, feeToken: "USDC", crossed: false,
                       startPosition: try! Size(parsing: start), closedPnl: .zero, liquidation: nil, isSnapshot: snapshot))
        }
        let baseline = AccountSnapshot(exchangeTime: 5_000, accountValue: try Amount(parsing: "1000"), totalMarginUsed: .zero, withdrawable: .zero,
                                       positions: [PositionSnapshot(coin: "BTC", size: try Size(parsing: "0.002"), entryPrice: nil, unrealizedPnl: .zero, liquidationPrice: nil)])
        _ = s.send(.account(baseline))
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        _ = s.send(fill(tid: 1, time: 4_000, start: "0.001", snapshot: true))   // before: in the baseline
        _ = s.send(fill(tid: 2, time: 5_000, start: "0.001", snapshot: true))   // same ms, baseline shows it
        #expect(s.engine.position(coinIndex: 0) == (try Size(parsing: "0.002")))
        _ = s.send(fill(tid: 3, time: 5_000, start: "0.002", snapshot: true))   // same ms, baseline before it
        _ = s.send(fill(tid: 4, time: 6_000, start: "0.003", snapshot: true))   // after: missed while away
        #expect(s.engine.position(coinIndex: 0) == (try Size(parsing: "0.004")))
        _ = s.send(fill(tid: 4, time: 6_000, start: "0.003", snapshot: false))  // resent
        #expect(s.engine.position(coinIndex: 0) == (try Size(parsing: "0.004")))
    }

    /// `configChange` applies through the config table (validated; restart-only fields
    /// refused) and a replay of the same inputs applies it identically (before, it was
    /// journaled and ignored).
    @Test func operatorConfigChangesApplyOrAreRefused() throws {
        var s = Script()
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        let applied = s.send(.operator(.configChange(path: "quoting.levels", value: "1")))
        #expect(s.engine.config.quoting.levels == 1)
        #expect(applied.decisions.contains { $0.fields.first?.value == .text("config_change") })
        let next = s.send(.tick, after: Self.second)
        #expect(next.cancels.count == 4, "levels beyond the new ladder are cancelled")
        for (path, value) in [("risk.max_daily_loss", "-5"), ("estimators.toxicity_buckets", "3"), ("no.such", "1"), ("quoting.levels", "\"x\"")] {
            let refused = s.send(.operator(.configChange(path: path, value: value)))
            #expect(refused.decisions.contains { $0.fields.first?.value == .text("config_change_refused") }, "\(path)")
        }
        #expect(s.engine.config.risk.maxDailyLoss == 500)
        #expect(s.send(.operator(.configChange(path: "risk.max_daily_loss", value: "1_000"))).decisions.contains { $0.fields.first?.value == .text("config_change") })
        #expect(s.engine.config.risk.maxDailyLoss == 1_000)
    }

    /// The 24 h rule counts from the trip, not from the last save: a checkpoint saved
    /// again and again (each exit) keeps its trip time, and a trip older than 24 h is
    /// not restored (before, the saving time counted, so the kill never aged out, and
    /// restarts reset the clock of a recent one).
    @Test func theCheckpointAgesFromTheTrip() throws {
        let day: Int64 = 86_400 * Self.second
        let now: Int64 = 1_800_000_000 * Self.second
        let recentTrip = KillSwitchCheckpoint(triggered: true, reasons: [.maxLoss(loss: 600, limit: 500)], time: now - 60 * Self.second, triggeredAt: now - day / 2)
        var engine = try Engine(config: EngineConfig(), restoring: recentTrip)
        _ = engine.handle(Stamped(seq: 1, time: now, event: .tick))
        #expect(engine.isKilled)
        #expect(engine.killSwitchCheckpoint.triggeredAt == now - day / 2, "saving it again keeps the trip time")
        let oldTrip = KillSwitchCheckpoint(triggered: true, reasons: [.maxLoss(loss: 600, limit: 500)], time: now - 60 * Self.second, triggeredAt: now - day - 1)
        var fresh = try Engine(config: EngineConfig(), restoring: oldTrip)
        _ = fresh.handle(Stamped(seq: 1, time: now, event: .tick))
        #expect(!fresh.isKilled, "a trip older than 24 h is not restored, however recently it was saved")
    }
}
