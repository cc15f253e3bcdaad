import Engine
import Foundation
@testable import Replay
import Testing

@Suite struct ConfigFileTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/default.toml").standardized.path

    @Test func theShippedDefaultFileIsTheDefaults() throws {
        #expect(try ConfigFile.load(path: Self.shipped) == EngineConfig())
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        #expect(text == ConfigFile.renderTOML(EngineConfig()), "config/default.toml is out of date: regenerate with `mm-replay config show > config/default.toml`")
    }

    @Test func renderedTOMLLoadsBackUnchanged() throws {
        var config = EngineConfig()
        config.strategy.gamma = 0.3
        config.strategy.kappa = 1e-7
        config.quoting.levels = 7
        config.general.seed = 99
        config.coins = [EngineConfig.Coin(name: "xyz:TSLA", sizeDecimals: 3, orderSize: try Size(parsing: "0.125"), maxInventory: try Size(parsing: "12.5"))]
        #expect(try ConfigFile.parse(ConfigFile.renderTOML(config)) == config)
    }

    @Test func aFileOverridesOnlyWhatItNames() throws {
        let config = try ConfigFile.parse("[strategy]\ngamma = 0.25\n[quoting]\nlevels = 5\n")
        var expected = EngineConfig()
        expected.strategy.gamma = 0.25
        expected.quoting.levels = 5
        #expect(config == expected)
        // An integer is accepted where a number is expected.
        #expect(try ConfigFile.parse("[strategy]\nkappa = 3000\n").strategy.kappa == 3000)
    }

    @Test func everyProblemIsListedAtOnce() {
        let text = """
        [strategy]
        gamma = 0.0
        kappa = -5.0
        gama = 1
        [quoting]
        levels = "3"
        [riskk]
        x = 1
        [[coins]]
        name = "BTC"
        sz_decimals = 5
        order_size = 0.001
        max_inventory = "0"
        colour = "red"
        """
        #expect {
            try ConfigFile.parse(text, source: "bad.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let paths = error.issues.map(\.path)
            for expected in ["strategy.gamma", "strategy.kappa", "strategy.gama", "quoting.levels", "riskk",
                             "coins[BTC].order_size", "coins[BTC].max_inventory", "coins[BTC].colour"] where !paths.contains(expected) {
                Issue.record("missing \(expected) in \(error)")
            }
            #expect(error.description.contains("did you mean strategy.gamma?"))
            #expect(error.description.contains("bad.toml"))
            return true
        }
    }

    @Test func syntaxErrorsSayWhere() {
        #expect {
            try ConfigFile.parse("[strategy]\ngamma = = 1\n")
        } throws: { error in
            (error as? ConfigError)?.issues.first?.path.hasPrefix("line 2") == true
        }
    }

    @Test func jsonRenderingIsNestedOrderedAndParsable() throws {
        let text = ConfigFile.renderJSON(EngineConfig())
        #expect(text.hasPrefix(#"{"general":{"seed":1,"quote_interval_s":0.5,"session":0},"strategy":{"gamma":0.1,"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let coins = try #require(object["coins"] as? [[String: Any]])
        #expect(coins.first?["order_size"] as? String == "0.001")
    }

    @Test func editDistanceSuggestsTheClosestKey() {
        #expect(ConfigFile.suggestion(for: "gama", among: ["gamma", "kappa"]) == "; did you mean gamma?")
        #expect(ConfigFile.suggestion(for: "zzzzzzzz", among: ["gamma"]) == "")
    }
}
