import Engine
import Foundation
import Journal
@testable import Replay
@testable import Research
@testable import SimulatedExchange
import TestSupport
import Testing

/// A capture without a recorded config is quoted in its own coins (issue 16): the
/// default config's BTC and ETH on a BTC-only capture reported ETH `no_data` decisions.
@Suite(.tags(.integration)) struct CaptureCoinsTests {
    /// A synthetic journal of `coins`, its header listing `listed`.
    static func capture(_ coins: [String], listed: [String], events: Int = 2_000) throws -> String {
        let path = temporaryPath("capture-coins", suffix: ".mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: listed), options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 5, coins: coins)
        for _ in 0..<events {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        return path
    }

    @Test func theCoinsComeFromTheHeaderOrTheRecords() throws {
        let listed = try Self.capture(["BTC"], listed: ["BTC"])
        let unlisted = try Self.capture(["ETH", "BTC"], listed: [])
        defer { [listed, unlisted].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        #expect(try CaptureCoins.read([listed]) == ["BTC"])
        #expect(Set(try CaptureCoins.read([unlisted])) == ["BTC", "ETH"])
        #expect(Set(try CaptureCoins.read([listed, unlisted])) == ["BTC", "ETH"])
    }

    /// Was: a BTC-only capture with no config ran BTC and ETH, so half its decisions were
    /// ETH `no_data` and `time_quoting` was diluted.
    @Test func aBTCOnlyCaptureIsBacktestedInBTCOnly() throws {
        let path = try Self.capture(["BTC"], listed: ["BTC"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = try CaptureCoins.fit(EngineConfig(), listsCoins: false, to: try CaptureCoins.read([path]), captures: [path])
        #expect(config.coins == [EngineConfig().coin(named: "BTC")!])
        let summary = try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [path])
        #expect(summary.inventoryRange.map(\.coin) == ["BTC"])
        #expect(!summary.replay.gateReasons.contains { $0.reason == "no_data" }, "\(summary.replay.gateReasons)")
        #expect(summary.marketSeconds > 0)
    }

    @Test func aConfigWhoseCoinsDifferIsRefusedNamingThem() throws {
        let btc = ["BTC"]
        #expect(throws: CoinMismatch.captureLacks(["ETH"], holds: btc, captures: ["a/btc.mmj"])) {
            try CaptureCoins.fit(EngineConfig(), listsCoins: true, to: btc, captures: ["a/btc.mmj"])
        }
        let message = "\(CoinMismatch.captureLacks(["ETH"], holds: btc, captures: ["a/btc.mmj"]))"
        #expect(message.contains("lists ETH, which btc.mmj does not hold (only BTC)") && message.contains("leave [[coins]] out"))
        var solOnly = EngineConfig()
        solOnly.coins = [EngineConfig.Coin(name: "SOL", sizeDecimals: 2, orderSize: Size(rawValue: 50_000_000), maxInventory: Size(rawValue: 500_000_000))]
        #expect(throws: CoinMismatch.configLacks(["BTC"], captures: ["btc.mmj"])) {
            try CaptureCoins.fit(solOnly, listsCoins: true, to: btc, captures: ["btc.mmj"])
        }
        #expect("\(CoinMismatch.configLacks(["BTC"], captures: ["btc.mmj"]))".contains("add a [[coins]] entry for BTC"))
        #expect(throws: CoinMismatch.noDefaults(["SOL"], known: ["BTC", "ETH"], captures: ["sol.mmj"])) {
            try CaptureCoins.fit(EngineConfig(), listsCoins: false, to: ["SOL"], captures: ["sol.mmj"])
        }
        #expect(try CaptureCoins.fit(solOnly, listsCoins: true, to: ["SOL"], captures: ["sol.mmj"]).coins == solOnly.coins)
        #expect(throws: CoinMismatch.noCoins(captures: ["empty.mmj"])) {
            try CaptureCoins.fit(EngineConfig(), listsCoins: false, to: [], captures: ["empty.mmj"])
        }
    }
}
