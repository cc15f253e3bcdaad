import Engine
import TestSupport
import Testing

/// Every monitor just below, at, and just above each of its thresholds.
@Suite(.tags(.unit)) struct RiskMonitorTests {
    let risk = EngineConfig.Risk()
    var monitors: RiskMonitors { RiskMonitors(self.risk) }

    func inputs(_ edit: (inout RiskInputs) -> Void) -> RiskInputs {
        var x = RiskInputs()
        edit(&x)
        return x
    }

    @Test(arguments: [(499.99, RiskAction.normal), (500.0, .normal), (500.01, .kill)])
    func loss(loss: Double, expected: RiskAction) {
        let result = self.monitors.loss.evaluate(self.inputs { $0.dailyPnL = -loss })
        #expect(result.action == expected)
        if expected == .kill { #expect(result.killReason == .maxLoss(loss: loss, limit: 500)) }
    }

    @Test(arguments: [(0.0499, RiskAction.normal), (0.05, .normal), (0.0501, .kill)])
    func drawdown(drawdown: Double, expected: RiskAction) {
        // Peak 100, account 10,000: PnL = 100 − drawdown × 10,000.
        let x = self.inputs { $0.peakPnL = 100; $0.pnl = 100 - drawdown * 10_000; $0.accountValue = 10_000 }
        #expect(self.monitors.drawdown.evaluate(x).action == expected)
    }

    @Test func drawdownIsSkippedBelowTheMinimumPeakAndUsesAccountValue() {
        // Peak $0.02, PnL −$1: the display bug would say 5,100%; below min peak: skipped.
        let tiny = self.inputs { $0.peakPnL = 0.02; $0.pnl = -1; $0.accountValue = 10_000 }
        #expect(self.monitors.drawdown.evaluate(tiny).action == .normal)
        #expect(KillSwitch.drawdown(peak: 0.02, pnl: -1, accountValue: 10_000, minPeak: 1) == nil)
        #expect(KillSwitch.drawdown(peak: 1, pnl: -99, accountValue: 10_000, minPeak: 1) == 0.01)
        #expect(KillSwitch.drawdown(peak: 1, pnl: 0, accountValue: nil, minPeak: 1) == nil)
    }

    @Test(arguments: [(9_999.0, RiskAction.normal), (10_000, .normal), (10_001, .reduceOnly), (20_000, .reduceOnly), (20_001, .kill)])
    func position(value: Double, expected: RiskAction) {
        let result = self.monitors.position.evaluate(self.inputs { $0.positionValue = value })
        #expect(result.action == expected)
        if expected == .kill { #expect(result.killReason?.name == "MaxPosition") }
    }

    @Test func positionRunawayIsTransient() {
        let x = self.inputs { $0.positionValue = 5_001; $0.accountValue = 1_000 }
        let result = self.monitors.position.evaluate(x)
        #expect(result.action == .kill && result.killReason?.name == "PositionRunaway" && result.killReason?.isTransient == true)
        let hoisted1 = self.inputs { (x: inout RiskInputs) in x.positionValue = 5_000; x.accountValue = 1_000 }
        #expect(self.monitors.position.evaluate(hoisted1).action == .normal)
    }

    @Test(arguments: [(0.49, RiskAction.normal), (0.5, .warn), (0.99, .warn), (1.0, .pullQuotes), (1.99, .pullQuotes), (2.0, .kill)])
    func positionVelocity(velocity: Double, expected: RiskAction) {
        let hoisted2 = self.inputs { (x: inout RiskInputs) in x.positionVelocity = velocity }
        #expect(self.monitors.positionVelocity.evaluate(hoisted2).action == expected)
    }

    @Test(arguments: [(29.9, Int64(0), false, RiskAction.normal), (30.0, 0, false, .normal), (30.1, 0, false, .kill),
                      (30.1, 5, false, .pullQuotes), (30.1, 6, false, .kill), (1.0, 1, false, .pullQuotes), (1.0, 0, true, .kill)])
    func dataStaleness(age: Double, attempts: Int64, failed: Bool, expected: RiskAction) {
        let x = self.inputs { $0.dataAge = age; $0.reconnectAttempts = attempts; $0.connectionFailed = failed }
        #expect(self.monitors.dataStaleness.evaluate(x).action == expected)
    }

    @Test func productionStaleThresholdIsTenSeconds() {
        let production = RiskMonitors(EngineConfig(profile: .production).risk)
        let hoisted3 = self.inputs { (x: inout RiskInputs) in x.dataAge = 10.0 }
        #expect(production.dataStaleness.evaluate(hoisted3).action == .normal)
        let hoisted4 = self.inputs { (x: inout RiskInputs) in x.dataAge = 10.01 }
        #expect(production.dataStaleness.evaluate(hoisted4).action == .kill)
        let hoisted5 = self.inputs { (x: inout RiskInputs) in x.rateLimitErrors = 2 }
        #expect(production.rateLimit.evaluate(hoisted5).action == .kill)
        let hoisted6 = self.inputs { (x: inout RiskInputs) in x.rateLimitErrors = 1 }
        #expect(production.rateLimit.evaluate(hoisted6).action == .normal)
    }

    @Test(arguments: [(0.79, RiskAction.normal), (0.8, .pullQuotes), (4.99, .pullQuotes), (5.0, .kill)])
    func cascade(severity: Double, expected: RiskAction) {
        let hoisted7 = self.inputs { (x: inout RiskInputs) in x.cascadeSeverity = severity }
        #expect(self.monitors.cascade.evaluate(hoisted7).action == expected)
    }

    @Test(arguments: [(0.049, RiskAction.normal), (0.05, .pullQuotes), (0.149, .pullQuotes), (0.15, .kill)])
    func priceVelocity(velocity: Double, expected: RiskAction) {
        let hoisted8 = self.inputs { (x: inout RiskInputs) in x.priceVelocity = velocity }
        #expect(self.monitors.priceVelocity.evaluate(hoisted8).action == expected)
    }

    @Test(arguments: [(Int64(2), RiskAction.normal), (3, .kill), (4, .kill)])
    func rateLimit(errors: Int64, expected: RiskAction) {
        let hoisted9 = self.inputs { (x: inout RiskInputs) in x.rateLimitErrors = errors }
        #expect(self.monitors.rateLimit.evaluate(hoisted9).action == expected)
    }

    @Test func theAggregatorTakesTheMostSevere() {
        let x = self.inputs { $0.positionVelocity = 0.6; $0.cascadeSeverity = 0.9; $0.positionValue = 15_000 }
        let worst = self.monitors.assess(x)
        #expect(worst.action == .pullQuotes && worst.monitor == "cascade")  // warn < reduce-only < pull
        let kill = self.monitors.assess(self.inputs { $0.cascadeSeverity = 0.9; $0.rateLimitErrors = 3 })
        #expect(kill.action == .kill && kill.killReason?.name == "RateLimit")
        #expect(RiskAggregator.combine([.normal("a"), RiskAssessment(action: .warn, monitor: "b", detail: "", killReason: nil)]).monitor == "b")
        #expect(self.monitors.assess(RiskInputs()).action == .normal)
    }
}

@Suite(.tags(.unit)) struct KillSwitchTests {
    let hour: Int64 = 3_600_000_000_000

    @Test func latchesAndResetsOnlyByReset() {
        var ks = KillSwitch()
        #expect(!ks.isTriggered)
        let first = ks.trigger(.cascadeDetected(severity: 6), at: 10)
        let again = ks.trigger(.cascadeDetected(severity: 7), at: 11)  // same reason: once
        let other = ks.trigger(.manual(reason: "ops"), at: 12)
        #expect(first && !again && other)
        #expect(ks.isTriggered && ks.triggeredAt == 10 && ks.reasons.map(\.name) == ["CascadeDetected", "Manual"])
        ks.reset()
        #expect(!ks.isTriggered && ks.reasons.isEmpty)
    }

    @Test(arguments: [(23, true), (24, false), (25, false)])
    func checkpointsYoungerThan24HoursAreRestored(hoursOld: Int64, restored: Bool) {
        var original = KillSwitch()
        original.trigger(.maxLoss(loss: 600, limit: 500), at: 0)
        let checkpoint = original.checkpoint(at: 0)
        var fresh = KillSwitch()
        fresh.restore(checkpoint, now: hoursOld * self.hour - (hoursOld == 23 ? 0 : 0), maxAge: 24 * self.hour)
        #expect(fresh.isTriggered == restored)
    }

    @Test func transientReasonsAreNotRestored() {
        var original = KillSwitch()
        original.trigger(.positionRunaway(value: 9, limit: 5), at: 0)
        var fresh = KillSwitch()
        let transientOnly = fresh.restore(original.checkpoint(at: 0), now: self.hour, maxAge: 24 * self.hour)
        #expect(!transientOnly)
        original.trigger(.staleData(seconds: 31, threshold: 30), at: 1)
        let withStale = fresh.restore(original.checkpoint(at: 1), now: self.hour, maxAge: 24 * self.hour)
        #expect(withStale)
        #expect(fresh.reasons.map(\.name) == ["StaleData"])
    }

    @Test func checkpointsAreCodable() throws {
        var ks = KillSwitch()
        ks.trigger(.liquidationDetected(positionDelta: 0.5, maxPosition: 1), at: 5)
        let checkpoint = ks.checkpoint(at: 9)
        let data = try JSONEncoderLite.encode(checkpoint)
        #expect(try JSONEncoderLite.decode(KillSwitchCheckpoint.self, data) == checkpoint)
    }
}
