import Engine
import Foundation
import TestSupport
import Testing

/// Foundation's JSON coders, for Codable round trips in tests.
enum JSONEncoderLite {
    static func encode<T: Encodable>(_ value: T) throws -> Data { try JSONEncoder().encode(value) }
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T { try JSONDecoder().decode(type, from: data) }
}

@Suite(.tags(.unit)) struct DataQualityGateTests {
    func book(bid: String, ask: String, at time: Int64) -> BookState {
        var book = BookState()
        book.apply(BookSnapshot(coin: "BTC", exchangeTime: 0,
                                bids: [BookLevel(price: try! Price(parsing: bid), size: Size(rawValue: 1), orders: 1)],
                                asks: [BookLevel(price: try! Price(parsing: ask), size: Size(rawValue: 1), orders: 1)]), at: time)
        return book
    }

    @Test func reasons() {
        #expect(DataQualityGate.check(BookState(), at: 0, thresholdSeconds: 15) == .noDataReceived)
        let good = self.book(bid: "100", ask: "101", at: 0)
        #expect(DataQualityGate.check(good, at: 14_999_999_999, thresholdSeconds: 15) == nil)
        #expect(DataQualityGate.check(good, at: 15_000_000_000, thresholdSeconds: 15) == nil)
        #expect(DataQualityGate.check(good, at: 15_000_000_001, thresholdSeconds: 15)?.name == "stale_data")
        #expect(DataQualityGate.check(self.book(bid: "101", ask: "101", at: 0), at: 0, thresholdSeconds: 15)?.name == "crossed_book")
        #expect(DataQualityGate.check(self.book(bid: "102", ask: "101", at: 0), at: 0, thresholdSeconds: 15)?.name == "crossed_book")
    }

    /// An empty side gates (and cancels) with its own reason; before, it read as
    /// "no data received", which left resting orders alone.
    @Test func oneSidedAndEmptyBooksGate() {
        var book = BookState()
        book.apply(BookSnapshot(coin: "BTC", exchangeTime: 0, bids: [BookLevel(price: try! Price(parsing: "100"), size: Size(rawValue: 1), orders: 1)], asks: []), at: 0)
        #expect(DataQualityGate.check(book, at: 0, thresholdSeconds: 15) == .oneSidedBook(missing: .ask))
        book.apply(BookSnapshot(coin: "BTC", exchangeTime: 0, bids: [], asks: []), at: 0)
        #expect(DataQualityGate.check(book, at: 0, thresholdSeconds: 15) == .emptyBook)
        #expect(book.markMid == nil, "no two-sided book was ever seen, so there is no last good mid")
    }
}

@Suite(.tags(.unit)) struct SpreadMultiplierChainTests {
    let gates = EngineConfig.Gates()

    @Test func threeFactorsOfOnePointFiveCompoundTo3375() {
        var x = SpreadChainInputs()
        x.toxicityWarm = true
        x.vpin = 0.55            // 1 + 2 × (0.55 − 0.3) = 1.5
        x.modelsWarm = false     // 1.5
        x.fillsPerMinute = 31    // fill breaker 1.5
        let m = SpreadMultiplierChain.compute(x, gates: self.gates)
        #expect(abs(m.toxicity - 1.5) < 1e-12 && m.modelGating == 1.5 && m.circuitBreaker == 1.5)
        #expect(abs(m.total - 3.375) < 1e-12)
    }

    @Test func theComposedCapHoldsAtTen() {
        var x = SpreadChainInputs()
        x.toxicityWarm = true
        x.vpin = 1.0                // 2.4
        x.negativeEdgeShare = 1.0   // 5.0
        x.recentFills = 10
        x.modelsWarm = false        // 1.5
        let m = SpreadMultiplierChain.compute(x, gates: self.gates)
        #expect(m.toxicity * m.defensive * m.modelGating > 10)
        #expect(m.total == 10)
    }

    /// The runbook's tiers: none in Full (≥ 50 %), Normal 1–2.5, Minimal 2.5–5,
    /// Conservation 5–10, Critical 10–50 bps (λ = 0.5 / max(h, 0.01)); not capped by the
    /// 20 bps cap of the signal adjustments (before: 0.5–1 bps in Full, 20 bps at most).
    @Test(arguments: [(1.0, 0.0), (0.5, 0.0), (0.4, 1.25), (0.2, 2.5), (0.1, 5.0), (0.05, 10.0), (0.025, 20.0), (0.01, 50.0), (0.0, 50.0)])
    func theShadowSpreadFollowsTheTiers(headroom: Double, shadow: Double) {
        var x = SpreadChainInputs()
        x.headroom = headroom
        let m = SpreadMultiplierChain.compute(x, gates: self.gates)
        #expect(abs(m.shadowBps - shadow) < 1e-9 && abs(m.additiveBps - shadow) < 1e-9)
    }

    @Test(arguments: [(1.0, 1.0), (0.25, 2.0), (0.04, 5.0), (0.01, 5.0)])
    func rateLimitMultiplierIsOneOverRootHeadroomCappedAtFive(headroom: Double, mult: Double) {
        var x = SpreadChainInputs()
        x.headroom = headroom
        #expect(abs(SpreadMultiplierChain.compute(x, gates: self.gates).rateLimit - mult) < 1e-12)
    }

    @Test func stalenessOnlyForASignalThatWasEverWarm() {
        var x = SpreadChainInputs()
        x.signalAge = nil  // never received: disabled, not stale
        #expect(SpreadMultiplierChain.compute(x, gates: self.gates).staleness == 1)
        x.signalAge = 5.0
        #expect(SpreadMultiplierChain.compute(x, gates: self.gates).staleness == 1)
        x.signalAge = 7.5
        #expect(SpreadMultiplierChain.compute(x, gates: self.gates).staleness == 1.5)
        x.signalAge = 100
        #expect(SpreadMultiplierChain.compute(x, gates: self.gates).staleness == 2.0)
    }

    @Test func defensiveAndBreakers() {
        var x = SpreadChainInputs()
        x.recentFills = 4
        x.negativeEdgeShare = 0.25
        x.fundingRate = -0.002
        x.marketSpreadBps = 60
        let m = SpreadMultiplierChain.compute(x, gates: self.gates)
        #expect(m.defensive == 2.0)
        #expect(m.circuitBreaker == 3.0)  // funding 1.5 × spread 2.0
    }
}

@Suite(.tags(.unit)) struct QuoteGateTests {
    let gates = EngineConfig.Gates()

    func decide(_ edit: (inout QuoteGateInputs) -> Void) -> (decision: QuoteDecision, levels: Int, probe: Bool) {
        var x = QuoteGateInputs()
        x.marketDataSeconds = 100
        x.halfSpreadBps = 3
        x.makerFeeBps = 1.5
        edit(&x)
        return QuoteGate.decide(x, gates: self.gates, maxLevels: 4)
    }

    @Test(arguments: [(0.5, HeadroomTier.full), (0.4999, .normal), (0.2, .normal), (0.1999, .minimal), (0.1, .minimal),
                      (0.0999, .conservation), (0.05, .conservation), (0.0499, .critical), (0.01, .critical), (0.0099, .exhausted)])
    func tiers(headroom: Double, tier: HeadroomTier) {
        #expect(HeadroomTier(headroom: headroom) == tier)
    }

    @Test func exhaustedIsAHardVeto() {
        let hoisted1 = self.decide { (x: inout QuoteGateInputs) in x.headroom = 0.0099 }
        #expect(hoisted1.decision == .noQuote(.quotaExhausted))
        let hoisted2 = self.decide { (x: inout QuoteGateInputs) in x.headroom = 0.01 }
        #expect(hoisted2.decision == .quote)
    }

    @Test(arguments: [(1.0, 4), (0.5, 4), (0.125, 2), (0.03, 1), (0.02, 1)])
    func ladderLevelsShrinkWithHeadroom(headroom: Double, levels: Int) {
        #expect(QuoteGate.ladderLevels(headroom: headroom, minHeadroom: 0.5, maxLevels: 4) == levels)
    }

    @Test func inventoryForcingBelowTenPercent() {
        let hoisted3 = self.decide { (x: inout QuoteGateInputs) in x.headroom = 0.0999; x.position = 0.5 }
        #expect(hoisted3.decision == .oneSided(.ask))
        let hoisted4 = self.decide { (x: inout QuoteGateInputs) in x.headroom = 0.0999; x.position = -0.5 }
        #expect(hoisted4.decision == .oneSided(.bid))
        let hoisted5 = self.decide { (x: inout QuoteGateInputs) in x.headroom = 0.1; x.position = 0.5 }
        #expect(hoisted5.decision == .quote)
    }

    @Test func epsilonProbesOnlyAboveTenPercentHeadroom() {
        let probe = self.decide { x in x.halfSpreadBps = 1.5; x.draw = 0.01 }
        #expect(probe.decision == .quote && probe.levels == 1 && probe.probe)
        let blocked = self.decide { x in x.halfSpreadBps = 1.5; x.draw = 0.01; x.headroom = 0.0999 }
        #expect(blocked.decision == .noQuote(.noEdgeFlat))
        let hoisted6 = self.decide { (x: inout QuoteGateInputs) in x.halfSpreadBps = 1.5; x.draw = 0.5 }
        #expect(hoisted6.decision == .noQuote(.noEdgeFlat))
        // With a position to unwind, no edge still quotes.
        let hoisted7 = self.decide { (x: inout QuoteGateInputs) in x.halfSpreadBps = 1.5; x.draw = 0.5; x.position = 1 }
        #expect(hoisted7.decision == .quote)
    }

    @Test func reasons() {
        let hoisted8 = self.decide { (x: inout QuoteGateInputs) in x.paused = true }
        #expect(hoisted8.decision == .noQuote(.manual))
        let hoisted9 = self.decide { (x: inout QuoteGateInputs) in x.risk = .pullQuotes; x.riskMonitor = "cascade" }
        #expect(hoisted9.decision == .noQuote(.cascade))
        let hoisted10 = self.decide { (x: inout QuoteGateInputs) in x.risk = .pullQuotes; x.riskMonitor = "price_velocity" }
        #expect(hoisted10.decision == .noQuote(.riskPull))
        let hoisted11 = self.decide { (x: inout QuoteGateInputs) in x.toxicityWarm = true; x.vpin = 0.85 }
        #expect(hoisted11.decision == .noQuote(.toxicFlow))
        let hoisted12 = self.decide { (x: inout QuoteGateInputs) in x.toxicityWarm = true; x.vpin = 0.8499 }
        #expect(hoisted12.decision == .quote)
        let hoisted13 = self.decide { (x: inout QuoteGateInputs) in x.marketDataSeconds = 9.9 }
        #expect(hoisted13.decision == .noQuote(.warmup))
        let hoisted14 = self.decide { (x: inout QuoteGateInputs) in x.marketDataSeconds = 10 }
        #expect(hoisted14.decision == .quote)
        let hoisted15 = self.decide { (x: inout QuoteGateInputs) in x.risk = .reduceOnly; x.position = -1 }
        #expect(hoisted15.decision == .oneSided(.bid))
        let hoisted16 = self.decide { (x: inout QuoteGateInputs) in x.risk = .warn }
        #expect(hoisted16.decision == .quote)
    }
}

@Suite(.tags(.unit)) struct ConnectionHealthTests {
    @Test func backoffDoublesToSixtySecondsForTenAttempts() {
        let seconds = (1...10).map { ConnectionHealth.backoff(attempt: $0)! / 1_000_000_000 }
        #expect(seconds == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60])
        #expect(ConnectionHealth.backoff(attempt: 11) == nil)
        #expect(ConnectionHealth.backoff(attempt: 0) == nil)
    }

    @Test func healthyStaleReconnectingHealthyOrFailed() {
        var health = ConnectionHealth()
        #expect(health.check(dataAge: 10_000_000_000) == .healthy)  // at 10 s: not stale yet
        #expect(health.check(dataAge: 10_000_000_001) == .marketDataStale)
        #expect(health.state == .stale)
        #expect(health.check(dataAge: 12_000_000_000) == .reconnectRecommended)  // 2nd consecutive
        health.apply(.reconnecting(attempt: 1))
        #expect(health.state == .reconnecting && health.attempts == 1)
        health.apply(.connected)
        #expect(health.state == .healthy && health.attempts == 0)
        #expect(health.check(dataAge: 1) == .healthy)
        health.apply(.reconnecting(attempt: 11))
        #expect(health.state == .failed && health.check(dataAge: 0) == .critical)
        var failed = ConnectionHealth()
        failed.apply(.failed(reason: "gave up"))
        #expect(failed.check(dataAge: nil) == .critical)
    }
}

@Suite(.tags(.unit)) struct CascadeEstimatorTests {
    @Test func liquidationsAddAndDecay() {
        var cascade = CascadeEstimator(halfLifeSeconds: 30)
        cascade.recordLiquidation(at: 0)
        #expect(cascade.severity(at: 0) == 1)
        #expect(abs(cascade.severity(at: 30_000_000_000) - 0.5) < 1e-12)
        for _ in 0..<5 { cascade.recordLiquidation(at: 30_000_000_000) }
        #expect(abs(cascade.severity(at: 30_000_000_000) - 5.5) < 1e-12)
    }

    @Test func tradeBurstsAddAfterABaseline() {
        var cascade = CascadeEstimator(halfLifeSeconds: 30)
        var t: Int64 = 0
        for _ in 0..<60 { cascade.recordTrades(count: 2, at: t); t += 1_000_000_000 }  // baseline 2/s
        #expect(cascade.severity(at: t) == 0)
        cascade.recordTrades(count: 40, at: t)          // a burst second: 20x the baseline
        cascade.recordTrades(count: 1, at: t + 1_000_000_000)
        #expect(cascade.severity(at: t + 1_000_000_000) > 0.5)
    }
}
