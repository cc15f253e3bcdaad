import Engine
import TestSupport
import Testing

/// The runbook's risk behaviours fixed in the risk-system issue, each with a test that
/// fails on the old behaviour, and the thresholds that had no test at the threshold.
@Suite(.tags(.unit)) struct RunbookRiskTests {
    static let second: Int64 = 1_000_000_000
    let gates = EngineConfig.Gates()

    func account(_ position: String, time: Int64 = 0) -> AccountSnapshot {
        AccountSnapshot(exchangeTime: time, accountValue: try! Amount(parsing: "10000"), totalMarginUsed: .zero, withdrawable: .zero,
                        positions: position == "0" ? [] : [PositionSnapshot(coin: "BTC", size: try! Size(parsing: position), entryPrice: nil,
                                                                           unrealizedPnl: .zero, liquidationPrice: nil)])
    }

    func reasons(_ commands: [Command]) -> [String] {
        commands.decisions.compactMap { d -> String? in if case .text(let r)? = d.fields.first?.value { r } else { nil } }
    }

    // MARK: 1. A restart with inventory

    /// A start-up snapshot holding 80 % of max_inventory is the baseline: no
    /// LiquidationDetected (before: killed at once, the position adopted with no fill),
    /// no position velocity read from it, and quoting resumes with the bids that would
    /// pass the limit left out.
    @Test func aRestartWithInventoryQuotes() {
        var s = Script()
        _ = s.send(.account(self.account("0.008")))
        let cycle = s.send(Script.book(bid: "100000", ask: "100001"), after: Self.second)
        #expect(s.engine.state.killReason == nil)
        #expect(cycle.cycles.last?.riskAction == .normal, "no velocity from the adopted position")
        #expect(cycle.places.filter { $0.side == .ask }.count == 3)
        #expect(cycle.places.filter { $0.side == .bid }.count == 2, "0.008 + 0.001 × 2 ≤ 0.01: two bids")
        // Over the limit: only the reducing side.
        var over = Script()
        _ = over.send(.account(self.account("0.012")))
        let reducing = over.send(Script.book(bid: "100000", ask: "100001"), after: Self.second)
        #expect(reducing.places.allSatisfy { $0.side == .ask } && !reducing.places.isEmpty)
    }

    // MARK: 5. Velocities per elapsed time

    /// A 2 % move across a 20 s hole in the data is 0.1 %/s, not 2 %/s (before, any
    /// move was divided by one second).
    @Test func priceVelocityIsPerElapsedTime() {
        var s = Script { $0.risk.priceVelocityPull = 0.015 }
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        let later = s.send(Script.book(bid: "102000", ask: "102001"), after: 20 * Self.second)
        #expect(!self.reasons(later).contains("risk_pull"), "\(self.reasons(later))")
        // The same move within a second pulls.
        var fast = Script { $0.risk.priceVelocityPull = 0.015 }
        _ = fast.send(Script.book(bid: "100000", ask: "100001"))
        let quick = fast.send(Script.book(bid: "102000", ask: "102001"), after: Self.second / 2)
        #expect(self.reasons(quick).contains("risk_pull"))
    }

    /// Position velocity counts the change over the last minute whatever the fill rate
    /// (before, more than 128 fills a minute emptied the ring and the whole position read
    /// as one minute's change, or none).
    @Test func positionVelocityHoldsAtAnyFillRate() {
        var s = Script { $0.coins[0].maxInventory = try! Size(parsing: "1") }
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        // 300 fills of +0.001 then 300 of −0.001 within 60 s: a net change of 0.
        var tid: UInt64 = 1
        for k in 0..<600 {
            _ = s.send(Script.fill(nil, side: k < 300 ? .bid : .ask, price: "100000", size: "0.001", tid: tid), after: Self.second / 12)
            tid += 1
        }
        let quiet = s.send(.tick, after: Self.second / 10)
        let action = quiet.cycles.last?.riskAction
        #expect(action == .normal, "net zero over the minute: \(String(describing: action))")
    }

    // MARK: 3. Rate-limit counting and backoff

    /// One rate-limited batch of N orders is one error (before, N: in production any
    /// batch of 2 killed); HTTP 429 counts; streaks of refusals back new orders off.
    @Test func rateLimitErrorsCountPerRequest() {
        var s = Script { $0.risk.rateLimitKillErrors = 2 }
        let placed = s.send(Script.book(bid: "100000", ask: "100001")).places
        for order in placed {
            _ = s.send(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: nil,
                                                    outcome: .rateLimited(message: "Too many cumulative requests sent (11 > 10)"))))
        }
        _ = s.send(.tick, after: Self.second)
        #expect(s.engine.state.killReason == nil, "six orders of one request: one error")
        _ = s.send(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: nil, orderID: nil, outcome: .rateLimited(message: "HTTP 429: Too Many Requests"))))
        _ = s.send(.tick, after: Self.second)
        #expect(s.engine.state.killReason?.contains("RateLimit") == true, "the 429 is the second error")
    }

    @Test func aStreakOfRejectionsBacksOff() {
        #expect(ExchangeErrorClass.backoff(streak: 2) == 0)
        #expect(ExchangeErrorClass.backoff(streak: 3) == Self.second)
        #expect(ExchangeErrorClass.backoff(streak: 4) == 2 * Self.second)
        #expect(ExchangeErrorClass.backoff(streak: 20) == 30 * Self.second)
        #expect(ExchangeErrorClass(.unknown(message: "timeout")) == .transport)
        #expect(ExchangeErrorClass(.cancelRejected(message: "gone")) == nil)
        var s = Script { $0.quoting.levels = 1 }
        let placed = s.send(Script.book(bid: "100000", ask: "100001")).places
        // Three requests refused (answers at three times): the third starts a 1 s backoff.
        for (round, order) in (placed + placed).prefix(3).enumerated() {
            _ = s.send(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: order.clientOrderID, orderID: nil,
                                                    outcome: .rejected(message: "Post only order would have immediately matched \(round)"))), after: 1_000_000)
        }
        let waiting = s.send(Script.book(bid: "100000", ask: "100001"), after: Self.second / 2)
        #expect(waiting.places.isEmpty, "backing off after three rejections")
        #expect(self.reasons(waiting).contains("rejection_backoff"), "\(self.reasons(waiting))")
        let resumed = s.send(Script.book(bid: "100000", ask: "100001"), after: Self.second)
        #expect(!resumed.places.isEmpty, "back after the backoff")
    }

    // MARK: 2. The connection supervisor

    /// A connected feed whose data stops: two stale readings (over 10 s) ask for a
    /// reconnect (before, the supervisor was not wired and a silent feed went straight to
    /// a StaleData kill); while reconnecting the staleness monitor pulls instead of
    /// killing.
    @Test func aSilentFeedIsReconnectedBeforeItIsKilled() {
        var s = Script()
        _ = s.send(.connection(ConnectionEvent(feed: "ws", state: .connected)))
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        var reconnects: [Int64] = []
        let start = s.time
        for _ in 0..<14 {
            for case .reconnect(let feed) in s.send(.tick, after: Self.second) where feed == "ws" { reconnects.append(s.time - start) }
        }
        #expect(reconnects == [12 * Self.second], "the second reading over 10 s: \(reconnects)")
        _ = s.send(.connection(ConnectionEvent(feed: "ws", state: .disconnected(reason: "stale"))))
        _ = s.send(.connection(ConnectionEvent(feed: "ws", state: .reconnecting(attempt: 1))))
        for _ in 0..<20 { _ = s.send(.tick, after: Self.second) }
        #expect(s.engine.state.killReason == nil, "pulled, not killed, while reconnecting within the grace")
        _ = s.send(.connection(ConnectionEvent(feed: "ws", state: .connected)))
        _ = s.send(.tick, after: Self.second)
        #expect(s.engine.state.killReason?.contains("StaleData") == true, "still stale once connected again: killed")
    }

    // MARK: 8. Operator safety

    /// A reset is refused while the runbook's "when not to reset" holds, and says which;
    /// `forceResetKillSwitch` overrides. A reset records what it cleared.
    @Test func resetsAreRefusedWhileUnsafe() {
        var s = Script()
        _ = s.send(.account(self.account("0.02")))  // twice max_inventory
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        _ = s.send(.operator(.kill(reason: "test")))
        let refused = s.send(.operator(.resetKillSwitch), after: Self.second)
        #expect(s.engine.isKilled)
        let why = refused.decisions.first { $0.fields.first?.value == .text("kill_switch_reset_refused") }?.fields.first { $0.name == "why" }?.value
        #expect("\(String(describing: why))".contains("above max_inventory"))
        let forced = s.send(.operator(.forceResetKillSwitch), after: Self.second)
        #expect(!s.engine.isKilled)
        let reset = forced.decisions.compactMap { if case .killSwitchReset(let r) = $0.decision { r } else { nil } }.first
        #expect(reset?.cleared == "Manual: test" && reset?.forced == true)
        // Stale data blocks too.
        var stale = Script()
        _ = stale.send(Script.book(bid: "100000", ask: "100001"))
        _ = stale.send(.operator(.kill(reason: "test")))
        _ = stale.send(.operator(.resetKillSwitch), after: 16 * Self.second)
        #expect(stale.engine.isKilled)
    }

    // MARK: 11. Thresholds at the threshold

    @Test(arguments: [(0.999, false), (1.0, true)])
    func minPeakForDrawdown(peak: Double, evaluated: Bool) {
        #expect((KillSwitch.drawdown(peak: peak, pnl: -500, accountValue: 10_000, minPeak: 1) != nil) == evaluated)
    }

    /// A jump of exactly 20 % of max_inventory is not a liquidation; above it is; a fill
    /// of ours exactly 5 s before the jump was first seen explains it, 5.001 s does not.
    @Test(arguments: [("0.002", 0 as Int64, false), ("0.00201", 0, true), ("0.003", 5_000_000_000, false), ("0.003", 5_001_000_000, true)])
    func liquidationAtItsThresholds(jump: String, fillBefore: Int64, kills: Bool) {
        var s = Script()
        _ = s.send(.account(self.account("0")))
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        if fillBefore > 0 {
            _ = s.send(.fill(Fill(coin: "BTC", side: .bid, price: try! Price(parsing: "100000"), size: try! Size(parsing: "0.001"),
                                  exchangeTime: s.time / 1_000_000 + 1, orderID: 1, clientOrderID: nil, tradeID: 1, fee: .zero, feeToken: "USDC",
                                  crossed: false, startPosition: .zero, closedPnl: .zero, liquidation: nil, isSnapshot: false)), after: 2_000_000)
            _ = s.send(.tick, after: fillBefore)
        } else {
            _ = s.send(.tick, after: 10 * Self.second)
        }
        let position = fillBefore > 0 ? "-" + jump : "-" + jump
        let expected = fillBefore > 0 ? (try! Size(parsing: position)) : (try! Size(parsing: position))
        _ = s.send(.account(self.account(position)))
        _ = s.send(.account(self.account(position)), after: 6 * Self.second)
        #expect(s.engine.position(coinIndex: 0) == expected)
        #expect((s.engine.state.killReason?.contains("LiquidationDetected") ?? false) == kills, "\(jump) \(fillBefore)")
    }

    @Test func theComposedCapAtExactlyTen() {
        var x = SpreadChainInputs()
        x.toxicityWarm = true
        x.vpin = 0.3 + 4.5 / 2  // toxicity 1 + 2 × 2.25 = 5.5… kept below the toxic-flow veto in the gate
        x.modelsWarm = false     // × 1.5 = 8.25
        var gates = self.gates
        gates.maxComposedSpreadMult = 8.25
        #expect(SpreadMultiplierChain.compute(x, gates: gates).total == 8.25)
        gates.maxComposedSpreadMult = 8.2
        #expect(SpreadMultiplierChain.compute(x, gates: gates).total == 8.2)
    }

    /// Epsilon probes are allowed at exactly 10 % headroom and blocked just below.
    @Test(arguments: [(0.1, true), (0.0999, false)])
    func epsilonProbeAtTenPercent(headroom: Double, probes: Bool) {
        var x = QuoteGateInputs()
        x.marketDataSeconds = 100
        x.halfSpreadBps = 1
        x.makerFeeBps = 1.5
        x.draw = 0.01
        x.headroom = headroom
        #expect(QuoteGate.decide(x, gates: self.gates, maxLevels: 3).probe == probes)
    }

    /// Circuit breakers: above their values, not at them.
    @Test func circuitBreakersAtTheirValues() {
        func breaker(_ edit: (inout SpreadChainInputs) -> Void) -> Double {
            var x = SpreadChainInputs()
            edit(&x)
            return SpreadMultiplierChain.compute(x, gates: self.gates).circuitBreaker
        }
        #expect(breaker { $0.fundingRate = 0.001 } == 1 && breaker { $0.fundingRate = -0.0010001 } == 1.5)
        #expect(breaker { $0.marketSpreadBps = 50 } == 1 && breaker { $0.marketSpreadBps = 50.0001 } == 2)
        #expect(breaker { $0.fillsPerMinute = 30 } == 1 && breaker { $0.fillsPerMinute = 31 } == 1.5)
    }

    /// Toxicity: 1 at the threshold, slope 2 per unit of VPIN above it, only when warm.
    @Test func toxicitySlope() {
        func toxicity(_ vpin: Double, warm: Bool = true) -> Double {
            var x = SpreadChainInputs()
            x.vpin = vpin
            x.toxicityWarm = warm
            return SpreadMultiplierChain.compute(x, gates: self.gates).toxicity
        }
        #expect(toxicity(0.3) == 1)
        #expect(abs(toxicity(0.35) - 1.1) < 1e-12)
        #expect(toxicity(0.9, warm: false) == 1)
    }

    /// The defensive multiplier ramps in over the first 5 fills and counts only fills
    /// within the window (strictly after now − window).
    @Test func defensiveRampAndWindow() {
        var x = SpreadChainInputs()
        x.recentFills = 1
        x.negativeEdgeShare = 1.0 * (1.0 / 5)
        #expect(abs(SpreadMultiplierChain.compute(x, gates: self.gates).defensive - 1.8) < 1e-12)
        var s = Script { $0.gates.defensiveWindowSeconds = 300 }
        _ = s.send(Script.book(bid: "100000", ask: "100001"))
        _ = s.send(Script.fill(nil, side: .bid, price: "100001", size: "0.001", tid: 1))  // bought above mid: adverse
        func defensive(_ commands: [Command]) -> Double? {
            commands.cycles.last?.multipliers?.defensive
        }
        let inside = s.send(Script.book(bid: "100000", ask: "100001"), after: 299 * Self.second)
        #expect(defensive(inside).map { $0 > 1 } ?? false)
        let outside = s.send(Script.book(bid: "100000", ask: "100001"), after: Self.second)
        #expect(defensive(outside) == 1, "the fill exactly 300 s old is out of the window")
    }

    /// The spread oracle's guards switch at their boundaries and stay finite.
    @Test func oracleGuardsAtTheirBoundaries() {
        let k = 1.0
        let taylor = SpreadOracle.halfSpreadTerm(gamma: 1e-12, kappa: k)         // ratio exactly 1e-12: Taylor
        let exact = SpreadOracle.halfSpreadTerm(gamma: 1.0000001e-12, kappa: k)   // just above: log1p
        #expect(abs(taylor - (1 - 1e-12 / 2)) < 1e-15 && abs(exact - taylor) < 1e-12)
        let capped = SpreadOracle.inventoryTerm(gamma: 1e-3, kappa: 1e-9, arrivalIntensity: 1)  // exponent far above 700: capped
        #expect(capped.isFinite && capped > 0)
        let floored = SpreadOracle.inventoryTerm(gamma: 1, kappa: 1e-300, arrivalIntensity: 1e-300)  // denominator floored at 1e-15
        #expect(floored.isFinite)
    }
}
