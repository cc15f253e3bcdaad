import ConfigFile
import Engine
import Foundation
import Journal
@testable import LiveSimulation
import Replay
import Research
import TestSupport
import Testing

/// `mm-live simulate`: the live driver against hl-sim's venue under every fault, for a
/// bounded set of seeds (the README shows how to run thousands).
@Suite(.tags(.endToEnd)) struct SimulationTests {
    @Test(arguments: [1, 2, 3] as [UInt64]) func everyFaultViolatesNoInvariant(seed: UInt64) throws {
        let report = try Simulation.runOne(SimulationOptions(seed: seed, faults: Set(FaultClass.allCases), duration: 900))
        #expect(report.violations.isEmpty, "\(report.violations.map { "\($0.invariant) at \($0.time): \($0.detail)" })\n\(report.logTail.suffix(20).joined(separator: "\n"))")
        // The faults were really exercised.
        #expect(report.orders > 0 && report.fills > 0 && report.crashes > 0 && report.unknownOutcomes > 0 && report.kills > 0,
                "orders \(report.orders) fills \(report.fills) crashes \(report.crashes) unknown \(report.unknownOutcomes) kills \(report.kills)")
        #expect(report.journals.count == report.crashes + 1)
    }

    /// A seed replays exactly: same counters, same journals' command digests.
    @Test func aSeedReplaysExactly() throws {
        func digests(_ report: SimulationReport) throws -> [String] {
            try report.journals.map { path in
                let config = try #require(try ConfigFile.recordedConfig(of: path))
                return try ReplayRunner(config: config).run(path: path).digest
            }
        }
        let directory = temporaryPath("sim-twice")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try Simulation.runOne(SimulationOptions(seed: 7, faults: Set(FaultClass.allCases), duration: 300, keepDirectory: directory + "/a"))
        let second = try Simulation.runOne(SimulationOptions(seed: 7, faults: Set(FaultClass.allCases), duration: 300, keepDirectory: directory + "/b"))
        #expect((first.orders, first.fills, first.crashes, first.unknownOutcomes, first.kills) == (second.orders, second.fills, second.crashes, second.unknownOutcomes, second.kills))
        #expect(try digests(first) == digests(second))
    }

    /// Importing the raw frames a live session received gives the engine the very inputs
    /// the session journaled (one normalizer: resent trades and books dropped alike).
    @Test func importingTheRawFramesGivesTheSessionsInputs() throws {
        let directory = temporaryPath("sim-import")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = FaultSettings()
        settings.feedDropMeanSeconds = 60  // reconnects: trades and books resent on every subscribe
        var options = SimulationOptions(seed: 4, settings: settings, duration: 300, keepDirectory: directory)
        options.capturePath = directory + "/raw.txt"
        let report = try Simulation.runOne(options)
        #expect(report.violations.isEmpty)
        #expect(report.feedFaults > 0)
        _ = try CaptureImporter().importWebSocket([directory + "/raw.txt"], to: directory + "/imported.mmj")
        func market(_ path: String) throws -> [String] {
            let reader = try JournalReader(path: path)
            var out: [String] = []
            while let record = try reader.next() {
                guard record.type == Event.Kind.book.rawValue || record.type == Event.Kind.trades.rawValue,
                      case .input(let event) = try record.decode() else { continue }
                out.append("\(record.time) \(event)")
            }
            return out
        }
        let live = try market(try #require(report.journals.first))
        let imported = try market(directory + "/imported.mmj")
        #expect(live.count > 1_000)
        #expect(live == imported, "first difference at \(zip(live, imported).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(live.count, imported.count))")
    }

    @Test func faultClassesParse() {
        #expect(FaultClass.parse("all") == Set(FaultClass.allCases))
        #expect(FaultClass.parse("none") == [])
        #expect(FaultClass.parse("network,crash") == [.network, .crash])
        #expect(FaultClass.parse("network,bogus") == nil)
    }
}
