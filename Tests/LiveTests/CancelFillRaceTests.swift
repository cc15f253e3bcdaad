import ConfigFile
import Engine
import Foundation
import Journal
import LiveSimulation
import Replay
import TestSupport
import Testing

/// The live driver against hl-sim's venue on virtual time (the `mm-live simulate`
/// harness) with cancels that take 4 s to take effect and kill drills that cancel
/// everything: cancel-fill races happen, the journals show them (a fill between the
/// cancel and its refusal), and `verify` reproduces every session.
@Suite(.tags(.endToEnd)) struct CancelFillRaceTests {
    @Test func delayedCancelsRaceFillsAndVerifyReproducesThem() throws {
        let directory = temporaryPath("race")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = FaultSettings()
        settings.cancelDelayMilliseconds = 4_000...4_000
        settings.operatorKillMeanSeconds = 45
        let report = try Simulation.runOne(SimulationOptions(seed: 12, settings: settings, duration: 1_200, keepDirectory: directory))
        #expect(report.violations.isEmpty, "\(report.violations)")
        var cancels = 0
        var races = 0
        for path in report.journals {
            let reader = try JournalReader(path: path)
            var cancelled: Set<ClientOrderID> = []
            var filledAfterCancel: Set<ClientOrderID> = []
            while let record = try reader.next() {
                guard EngineRecord.isKnown(tag: record.type) else { continue }
                switch try record.decode() {
                case .output(.cancel(_, .client(let cloid))): cancelled.insert(cloid); cancels += 1
                case .input(.fill(let fill)):
                    if let cloid = fill.clientOrderID, cancelled.contains(cloid) { filledAfterCancel.insert(cloid) }
                case .input(.orderResponse(let response)):
                    if case .cancelRejected = response.outcome, let cloid = response.clientOrderID, filledAfterCancel.contains(cloid) { races += 1 }
                default: break
                }
            }
            let config = try #require(try ConfigFile.recordedConfig(of: path))
            guard case .identical = try VerifyRunner(config: config).run(path: path) else { Issue.record("\(path) does not verify"); continue }
        }
        #expect(cancels > 0)
        #expect(races >= 1, "no cancel-fill race in \(cancels) delayed cancels")
    }
}
