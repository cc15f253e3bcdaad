import Engine
import Foundation
import Journal
@testable import Replay
@testable import SimulatedExchange
import TestSupport
import Testing

/// The acceptance: on a synthetic pair where the reference venue leads by a
/// known lag (200 ms), the engine's lead-lag estimate recovers it, and the signals cut
/// the adverse selection of our fills and raise their mean markout, on seeds no
/// threshold was tuned on.
@Suite(.tags(.endToEnd)) struct SignalBacktestTests {
    /// ETH (a tick of ~0.3 bp: the arbitrageur's sweeps reach our quotes), 200 ms lead.
    static func capture(seed: UInt64, events: Int = 60_000) throws -> String {
        let path = temporaryPath("signal-capture", suffix: ".mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["ETH"]),
                                       options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = LeadingReferenceMarket(seed: seed, coins: ["ETH"], lead: 200_000_000, arbitrage: true)
        for _ in 0..<events {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        return path
    }

    static func run(_ capture: String, signals: Bool, defensive: Bool = true) throws -> BacktestSummary {
        var config = EngineConfig()
        config.coins = [config.coins[1]]
        config.signals.leadLag = signals
        config.signals.crossVenueFlow = signals
        if !defensive { config.gates.defensiveSlope = 0 }
        return try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [capture])
    }

    @Test(arguments: [401 as UInt64, 402])
    func theSignalsFindTheLeadAndCutAdverseSelection(seed: UInt64) throws {
        let capture = try Self.capture(seed: seed)
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let on = try Self.run(capture, signals: true)
        let off = try Self.run(capture, signals: false)
        // The lead, within one 50 ms sample.
        let signals = try #require(on.replay.signals.first?.signals)
        #expect(abs(signals.leadLagMilliseconds - 200) <= 50, "estimated lead \(signals.leadLagMilliseconds) ms")
        #expect(signals.leadLagCorrelation > 0.3 && signals.predictions > 0 && signals.hitRate > 0.5)
        // Less adverse selection one second after our fills.
        let onQuality = on.replay.fillQuality
        let offQuality = off.replay.fillQuality
        #expect(onQuality.fills >= 30 && offQuality.fills >= 30)
        #expect(onQuality.meanAdverseSelectionBps[0] < offQuality.meanAdverseSelectionBps[0],
                "adverse selection at 1 s: \(onQuality.meanAdverseSelectionBps[0]) with signals, \(offQuality.meanAdverseSelectionBps[0]) without")
        // Better markouts: with the defaults, and with the spread's reaction to bad
        // fills (defensive) held fixed.
        #expect(onQuality.meanMarkoutBps[0] > offQuality.meanMarkoutBps[0],
                "markout at 1 s: \(onQuality.meanMarkoutBps[0]) with signals, \(offQuality.meanMarkoutBps[0]) without")
        let onFixed = try Self.run(capture, signals: true, defensive: false).replay.fillQuality
        let offFixed = try Self.run(capture, signals: false, defensive: false).replay.fillQuality
        #expect(onFixed.meanMarkoutBps[0] > offFixed.meanMarkoutBps[0],
                "markout at 1 s: \(onFixed.meanMarkoutBps[0]) with signals, \(offFixed.meanMarkoutBps[0]) without")
    }
}
