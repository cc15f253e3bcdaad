@testable import ConfigFile
import Engine
import Foundation
import Journal
@testable import Replay
@testable import Research
@testable import SimulatedExchange
import TestSupport
import Testing

/// Inputs that pass validation must not crash, hang or stall replay and backtests; the
/// inputs that fall outside the limits are refused with a message naming them.
@Suite(.tags(.integration)) struct HostileInputTests {
    static func temporaryDirectory() throws -> String {
        let dir = temporaryPath("hostile")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A record stamped outside the valid time range is refused on decode (replay,
    /// verify and every reader), where it used to trap the engine's time arithmetic.
    @Test func recordTimesOutsideTheRangeAreRefused() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/far.mmj"
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 1, coins: ["BTC"])
        let (time, event) = market.next()
        try writer.append(event, time: time)
        try writer.append(event, time: Int64.max - 5)
        try writer.close()
        let reader = try JournalReader(path: path)
        _ = try #require(try reader.next()).decode()
        let far = try #require(try reader.next())
        #expect { try far.decode() } throws: { error in "\(error)".contains("record time") && "\(error)".contains("outside the valid range") }
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        #expect(throws: (any Error).self) { try ReplayRunner(config: config).run(path: path) }
    }

    /// A capture with a one-year gap backtests in about the time of its events: ticks
    /// inside the gap are skipped and counted (it ticked for hours).
    @Test(.timeLimit(.minutes(2))) func aBacktestAcrossAYearLongGapIsBounded() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/gap.mmj"
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 2, coins: ["BTC"])
        let year: Int64 = 365 * 86_400 * 1_000_000_000
        for i in 0..<4_000 {
            let (time, event) = market.next()
            try writer.append(event, time: i < 2_000 ? time : time + year)
        }
        try writer.close()
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        let summary = try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [path])
        #expect(summary.ticksSkipped > 1_000_000)
        #expect(summary.marketEvents == 4_000)
        #expect(summary.hourlyPnL.count < 1_000)
    }

    /// Latencies are durations from 0 to one hour; huge, non-decimal or non-finite
    /// values are refused (`--latency 1e10s` trapped).
    @Test func latencyModelsAreBounded() {
        for text in ["1e10s", "1e13ms", "1e19ns", "1e13", "0x1p70s", "inf", "nan", "-5ms", "uniform:1ms:2h"] {
            #expect(LatencyModel(parsing: text) == nil, "\(text) accepted")
        }
        #expect(LatencyModel(parsing: "50ms") == .constant(50_000_000))
        #expect(LatencyModel(parsing: "3600s") == .constant(LatencyModel.longest))
        #expect(LatencyModel(parsing: "uniform:10ms:80ms") == .uniform(10_000_000, 80_000_000))
    }

    /// A NUL byte made everything after it vanish with exit 0; control characters are
    /// now refused with their line and column, in configs and sweep specs.
    @Test func controlCharactersInTOMLAreRefused() {
        let text = "[general]\nseed = 5\u{0}\n[quoting]\nlevels = -3\n"
        #expect { try ConfigFile.parse(text) } throws: { error in
            "\(error)".contains("line 2, column 9") && "\(error)".contains("U+0000")
        }
        #expect { try SweepSpec.parse("[grid]\n\"quoting.levels\" = [1, 2]\u{1B}\n") } throws: { error in "\(error)".contains("U+001B") }
    }

    /// Was: `[?general]` (found by the toml-text fuzz target) made toml++ assert and abort
    /// the process (`mm-replay config check` exit 134, in release builds too). A table
    /// header whose name starts with anything but a key character is now a config error
    /// with its place, in configs and sweep specs; valid headers still load.
    @Test func malformedTableHeadersAreRefusedNotAborted() throws {
        for (text, at) in [("[?general]\nseed = 7\n", "line 1, column 2"), ("seed = 1\n  [[ {coins]]\n", "line 2, column 6"),
                           ("[general]\n[\n", "line 2, column 2"), ("[\u{3000}#x]\n", "line 1, column 3"), ("[\r\n", "line 1, column 2")] {
            #expect(throws: ConfigError.self) { try ConfigFile.parse(text) }
            #expect { try ConfigFile.parse(text) } throws: { error in "\(error)".contains(at) && "\(error)".contains("table header") }
        }
        #expect { try SweepSpec.parse("[?grid]\n") } throws: { error in "\(error)".contains("table header") }
        let valid = try ConfigFile.parse("[ general ]\nseed = 7\n[\"quoting\"]\nlevels = 2\n")
        #expect(valid.general.seed == 7 && valid.quoting.levels == 2)
    }

    /// A sweep asking for more runs than it could ever finish is refused up front.
    @Test func sweepsAreBounded() {
        var spec = "[grid]\n"
        for field in ["quoting.levels", "strategy.gamma", "strategy.kappa", "quoting.min_half_spread_bps"] {
            spec += "\"\(field)\" = [" + (1...100).map { String($0) }.joined(separator: ", ") + "]\n"
        }
        #expect { try SweepSpec.parse(spec) } throws: { error in "\(error)".contains("100000000 runs") }
    }

    /// Coin names in configs obey the same rule as on the wire.
    @Test func configCoinNamesAreChecked() {
        var config = EngineConfig()
        config.coins[0].name = "BTC\u{1B}[2J"
        #expect(config.validate().contains { $0.path.hasSuffix(".name") && $0.message.contains("control character") })
    }
}
