@testable import Engine
import TestSupport
import Testing

/// The cross-venue signals' parts: the lead-lag estimator, cross-venue flow, their
/// integration under the 20 bps cap, the calibration and the model gating it drives.
@Suite(.tags(.unit)) struct SignalTests {
    static let second: Int64 = 1_000_000_000
    static let step: Int64 = 50_000_000

    /// Feeds an estimator a reference random walk and our mid following it `lag` steps
    /// later (plus noise of `noise` of a step's size), one sample per step.
    static func follow(lag: Int, noise: Double, steps: Int, seed: UInt64) -> LeadLagEstimator {
        var random = Xoshiro256StarStar(seed: seed)
        var estimator = LeadLagEstimator(step: Self.step, window: 600, maxLag: 20, warmup: 200)
        var reference = [100.0]
        for _ in 0..<steps { reference.append(reference.last! * (1 + (random.nextUnit() - 0.5) * 2e-4)) }
        var ours = 100.0
        for i in 0...steps {
            let followed = reference[max(0, i - lag)]
            ours = followed * (1 + (random.nextUnit() - 0.5) * 2e-4 * noise)
            estimator.advance(to: Int64(i) * Self.step, ours: ours, theirs: reference[i])
        }
        return estimator
    }

    /// A known lag is recovered exactly at every lag the window can see, with noise.
    @Test(arguments: [1, 4, 7, 19])
    func leadLagRecoversAKnownLag(lag: Int) throws {
        let estimator = Self.follow(lag: lag, noise: 0.5, steps: 2_000, seed: UInt64(lag) &* 7919)
        let estimate = try #require(estimator.estimate)
        #expect(estimate.lag == lag)
        #expect(estimate.correlation > 0.5 && estimate.correlation <= 1)
        #expect(abs(estimate.beta - 1) < 0.3, "beta \(estimate.beta): our mid follows the reference one for one")
    }

    /// Before warm-up there is no estimate; unrelated walks show no strong lag.
    @Test func leadLagNeedsWarmupAndARelation() throws {
        let cold = Self.follow(lag: 4, noise: 0.5, steps: 150, seed: 3)
        #expect(cold.estimate == nil && !cold.everWarm)
        var random = Xoshiro256StarStar(seed: 11)
        var estimator = LeadLagEstimator(step: Self.step, window: 600, maxLag: 20, warmup: 200)
        var a = 100.0
        var b = 100.0
        for i in 0...2_000 {
            a *= 1 + (random.nextUnit() - 0.5) * 2e-4
            b *= 1 + (random.nextUnit() - 0.5) * 2e-4
            estimator.advance(to: Int64(i) * Self.step, ours: a, theirs: b)
        }
        let estimate = try #require(estimator.estimate)
        #expect(estimate.correlation < 0.2, "independent walks: correlation \(estimate.correlation)")
    }

    /// A gap of a whole window or more is a window of flat samples at once: the same
    /// figures as walking it sample by sample (sums recomputed, nothing drifts).
    @Test func aLongGapIsAWindowOfFlatSamples() throws {
        var a = LeadLagEstimator(step: Self.step, window: 100, maxLag: 5, warmup: 50)
        var random = Xoshiro256StarStar(seed: 9)
        var ours = 100.0
        var theirs = 100.0
        for i in 0...300 {
            theirs *= 1 + (random.nextUnit() - 0.5) * 2e-4
            ours *= 1 + (random.nextUnit() - 0.5) * 2e-4
            a.advance(to: Int64(i) * Self.step, ours: ours, theirs: theirs)
        }
        var b = a
        let last = 300 * Self.step
        for i in 1...250 { b.advance(to: last + Int64(i) * Self.step, ours: ours, theirs: theirs) }
        a.advance(to: last + 250 * Self.step, ours: ours, theirs: theirs)
        #expect(a.estimate == nil && b.estimate == nil, "a window of flat samples: nothing to estimate")
        #expect(a.isWarm && b.isWarm && a.nextSample == b.nextSample)
        // Both pick up again identically.
        for i in 251...400 {
            theirs *= 1 + (random.nextUnit() - 0.5) * 2e-4
            a.advance(to: last + Int64(i) * Self.step, ours: theirs, theirs: theirs)
            b.advance(to: last + Int64(i) * Self.step, ours: theirs, theirs: theirs)
        }
        let ea = try #require(a.estimate)
        let eb = try #require(b.estimate)
        #expect(ea.lag == eb.lag && abs(ea.correlation - eb.correlation) < 1e-9)
    }

    /// Flow: decayed buy and sell volumes; warm after the configured trades.
    @Test func crossVenueFlowDecaysWithItsHalfLife() {
        var flow = CrossVenueFlow(halfLife: 2 * Self.second, warmupTrades: 3)
        flow.record(side: .bid, size: 10, at: 0)
        #expect(flow.imbalance(at: 0) == 1 && !flow.isWarm)
        flow.record(side: .ask, size: 5, at: 2 * Self.second)  // buys decayed to 5
        #expect(abs(flow.imbalance(at: 2 * Self.second)) < 1e-12)
        flow.record(side: .ask, size: 5, at: 2 * Self.second)
        #expect(flow.isWarm)
        #expect(abs(flow.imbalance(at: 2 * Self.second) - (5.0 - 10) / 15) < 1e-12)
        #expect(flow.imbalance(at: 1_000 * Self.second) == 0, "everything decays away")
    }

    /// Integration: the sum of the signals, capped at ±20 bps (the runbook's cap), and
    /// nothing from a model that proved uninformative.
    @Test(arguments: [(19.99, 19.99), (20, 20), (20.01, 20), (-25, -20), (0, 0)])
    func theAdjustmentIsCappedAtTwentyBps(edge: Double, adjustment: Double) {
        let result = CoinSignals.integrate(leadLagBps: edge - 0.5, flowBps: 0.5, cap: 20, distrusted: false)
        #expect(abs(result.edge - edge) < 1e-9)
        #expect(abs(result.adjustment - adjustment) < 1e-9)
        #expect(CoinSignals.integrate(leadLagBps: edge, flowBps: 0, cap: 20, distrusted: true).adjustment == 0)
        #expect(CoinSignals.integrate(leadLagBps: .infinity, flowBps: 0, cap: 20, distrusted: false) == (0, 0))
    }

    /// Calibration: a predictor that is always right scores Brier 0, hit rate 1; one that
    /// is always wrong Brier 1, hit rate 0 and a negative information ratio.
    @Test func calibrationScoresPredictionsAtTheirHorizon() {
        var right = ModelCalibration(window: 50)
        var wrong = ModelCalibration(window: 50)
        var mid = 100.0
        for i in 0..<60 {
            let t = Int64(i) * Self.second
            let up = i % 3 != 0
            right.predict(edgeBps: up ? 4 : -4, scaleBps: 4, mid: mid, due: t + Self.second)
            wrong.predict(edgeBps: up ? -4 : 4, scaleBps: 4, mid: mid, due: t + Self.second)
            mid *= up ? 1.0001 : 0.9999
            right.resolve(at: t + Self.second, mid: mid)
            wrong.resolve(at: t + Self.second, mid: mid)
        }
        let good = right.figures
        let bad = wrong.figures
        #expect(good.count == 50 && bad.count == 50)
        #expect(good.brier < 1e-12 && good.hitRate == 1 && good.informationRatio > 0)
        #expect(abs(bad.brier - 1) < 1e-12 && bad.hitRate == 0 && bad.informationRatio < 0)
        // No move at the horizon: not scored.
        var flat = ModelCalibration(window: 10)
        flat.predict(edgeBps: 2, scaleBps: 4, mid: 100, due: Self.second)
        flat.resolve(at: Self.second, mid: 100)
        #expect(flat.figures.count == 0 && flat.waiting == 0)
    }

    /// Model gating within 1.5-2.0x from the calibration, at its thresholds.
    @Test(arguments: [
        // (brier, ir, count, models warm, expected)
        (0.20, 0.5, 49, true, 1.5),     // uncalibrated: below model_min_predictions (50)
        (0.20, 0.5, 50, true, 1.0),     // calibrated and informative
        (0.2499, 0.05, 50, true, 1.0),  // at the IR threshold, Brier just under a coin flip
        (0.2499, 0.0499, 50, true, 1.5), // IR just under the threshold: uninformative
        (0.25, 1.0, 50, true, 1.5),     // Brier at a coin flip's: not calibrated better than chance
        (0.275, 0.0, 50, true, 1.75),   // halfway to model_brier_max
        (0.30, -1.0, 50, true, 2.0),    // at model_brier_max
        (0.40, -1.0, 50, true, 2.0),    // capped
        (0.20, 0.5, 50, false, 1.5),    // volatility or kappa warming: never below 1.5
    ])
    func modelGatingFollowsCalibration(brier: Double, ir: Double, count: Int, warm: Bool, expected: Double) {
        let config = EngineConfig()
        let value = ModelGating.multiplier(modelsWarm: warm, calibration: (brier, ir, count), gates: config.gates, signals: config.signals)
        #expect(abs(value - expected) < 1e-12, "brier \(brier), ir \(ir), n \(count): \(value)")
        // Without a signal model: the warm-up rule only.
        #expect(ModelGating.multiplier(modelsWarm: true, calibration: nil, gates: config.gates, signals: config.signals) == 1)
        #expect(ModelGating.multiplier(modelsWarm: false, calibration: nil, gates: config.gates, signals: config.signals) == 1.5)
    }

    /// The no-edge gate when flat: the half-spread less the fee and the recent adverse
    /// selection, plus the directional edge on its side.
    @Test func noEdgeFlatReadsAdverseSelectionAndTheDirectionalEdge() {
        var x = QuoteGateInputs()
        x.headroom = 1
        x.marketDataSeconds = 100
        x.halfSpreadBps = 3
        x.makerFeeBps = 1.5
        x.adverseSelectionBps = 1.5  // net exactly 0: no edge
        let gates = EngineConfig().gates
        #expect(QuoteGate.decide(x, gates: gates, maxLevels: 3).decision == .noQuote(.noEdgeFlat))
        x.adverseSelectionBps = 1.49
        #expect(QuoteGate.decide(x, gates: gates, maxLevels: 3).decision == .quote)
        x.adverseSelectionBps = 1.5
        x.directionalEdgeBps = 0.5  // a rise predicted: only the bid earns
        #expect(QuoteGate.decide(x, gates: gates, maxLevels: 3).decision == .oneSided(.bid))
        x.directionalEdgeBps = -0.5
        #expect(QuoteGate.decide(x, gates: gates, maxLevels: 3).decision == .oneSided(.ask))
        x.position = 1  // not flat: the no-edge gate does not apply
        #expect(QuoteGate.decide(x, gates: gates, maxLevels: 3).decision == .quote)
        x.position = 0
        x.draw = 0  // a probe keeps learning
        x.directionalEdgeBps = 0
        #expect(QuoteGate.decide(x, gates: gates, maxLevels: 3).probe)
    }

    /// Markouts at 1, 5, 30 and 60 s, judged for the defensive multiplier at its horizon;
    /// the record comes when the last one is known.
    @Test func markoutsAtTheirHorizons() {
        var tracker = EdgeMetricsTracker()
        tracker.record(clientOrderID: "c1", side: .bid, price: 100, mid: 100.01, at: 0, defensiveHorizon: Self.second)
        var judged: [EdgeMetricsTracker.Judgement] = []
        var completed: [EdgeMetricsTracker.Completed] = []
        for (t, mid) in [(Int64(500_000_000), 100.0), (Self.second, 99.99), (5 * Self.second, 100.02), (30 * Self.second, 100.0), (59 * Self.second, 100.0), (60 * Self.second, 100.05)] {
            let result = tracker.resolve(at: t, mid: mid, defensiveHorizon: Self.second)
            judged += result.judged
            completed += result.completed
        }
        #expect(judged.count == 1)
        #expect(abs(judged[0].grossEdge - 1) < 1e-9 && abs(judged[0].markout - -1) < 1e-9)  // bought 1 bp under; mid fell 1 bp under us
        #expect(completed.count == 1 && tracker.pending.isEmpty)
        let m = completed[0].markoutsBps
        #expect(abs(m[0] - -1) < 1e-9 && abs(m[1] - 2) < 1e-9 && abs(m[2]) < 1e-9 && abs(m[3] - 5) < 1e-9)
        #expect(tracker.quality.counts == [1, 1, 1, 1] && abs(tracker.quality.meanAdverseSelectionBps[0] - 2) < 1e-9)
    }
}
