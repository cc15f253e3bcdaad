import Engine
import TestSupport
import Testing

@Suite(.tags(.unit)) struct ConfigValidationTests {
    @Test func defaultsAreValid() {
        #expect(EngineConfig().validate().isEmpty)
        #expect(EngineConfig().coins.map(\.name) == ["BTC", "ETH"])
    }

    @Test func everyBadFieldIsReportedWithItsPath() {
        var config = EngineConfig()
        config.strategy.gamma = 0
        config.strategy.kappa = -5
        config.quoting.levels = 11
        config.strategy.arrivalIntensity = .nan
        config.coins[0].maxInventory = .zero
        config.coins[1].orderSize = Size(rawValue: 123)  // finer than ETH's 4 size decimals
        let issues = config.validate()
        let paths = issues.map(\.path)
        #expect(paths.contains("strategy.gamma"))
        #expect(paths.contains("strategy.kappa"))
        #expect(paths.contains("quoting.levels"))
        #expect(paths.contains("strategy.arrival_intensity"))
        #expect(paths.contains("coins[BTC].max_inventory"))
        #expect(paths.contains("coins[ETH].order_size"))
        #expect(issues.first { $0.path == "strategy.gamma" }?.message == "must be in (0, 1e6], got 0.0")
        #expect(issues.first { $0.path == "quoting.levels" }?.message == "must be in 1...10, got 11")
    }

    @Test(arguments: [(0 as Int64, false), (1, true), (10, true), (11, false)])
    func levelsBoundaries(levels: Int64, valid: Bool) {
        var config = EngineConfig()
        config.quoting.levels = levels
        #expect(config.validate().isEmpty == valid)
    }

    @Test func crossFieldRules() {
        var config = EngineConfig()
        config.quoting.minHalfSpreadBps = 50
        config.quoting.maxHalfSpreadBps = 10
        #expect(config.validate().map(\.path) == ["quoting.min_half_spread_bps"])
        config = EngineConfig()
        config.coins.append(config.coins[0])
        #expect(config.validate().map(\.path) == ["coins[BTC].name"])
        config.coins = []
        #expect(config.validate().map(\.path) == ["coins"])
    }
}
