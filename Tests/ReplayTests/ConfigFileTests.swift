@testable import ConfigFile
import Engine
@testable import EngineJournal
import Foundation
import TestSupport
import Testing

@Suite(.tags(.unit)) struct ConfigFileTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/default.toml").standardized.path

    @Test func theShippedDefaultFileIsTheDefaults() throws {
        #expect(try ConfigFile.load(path: Self.shipped) == EngineConfig())
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        #expect(text == ConfigFile.renderTOML(EngineConfig()), "config/default.toml is out of date: regenerate with `mm-replay config show > config/default.toml`")
    }

    /// `config/production.toml` is the production profile, and loading it over the
    /// defaults gives that profile exactly.
    @Test func theShippedProductionFileIsTheProductionProfile() throws {
        let path = Self.shipped.replacingOccurrences(of: "default.toml", with: "production.toml")
        #expect(try ConfigFile.load(path: path) == EngineConfig(profile: .production))
        #expect(try ConfigFile.load(path: path, profile: .production) == EngineConfig(profile: .production))
    }

    /// Under `--profile production`, values derived from others follow the file: a file
    /// raising max_position_value raises min_peak_for_drawdown with it (before, the
    /// minimum peak was computed from the default before the file applied), unless the
    /// file sets it too.
    @Test func productionDerivesItsValuesAfterTheFile() throws {
        let raised = try ConfigFile.parse("[risk]\nmax_position_value = 50000\n", profile: .production)
        #expect(raised.risk.minPeakForDrawdown == 1_000)
        let explicit = try ConfigFile.parse("[risk]\nmax_position_value = 50000\nmin_peak_for_drawdown = 3\n", profile: .production)
        #expect(explicit.risk.minPeakForDrawdown == 3)
        #expect(EngineConfig(profile: .production).gates.dataStaleGateSeconds < EngineConfig(profile: .production).risk.staleDataSeconds)
    }

    /// The data gate must pull quotes before the staleness kill.
    @Test func theDataGateMustBeBelowTheStalenessKill() {
        #expect(throws: ConfigError.self) { try ConfigFile.parse("[risk]\nstale_data_threshold_s = 12\n[gates]\ndata_stale_gate_s = 15\n") }
        #expect(throws: ConfigError.self) { try ConfigFile.parse("[gates]\ndata_stale_gate_s = 15\n", profile: .production) }
    }

    /// Every numeric field has an upper bound, so no value `config check` accepts can
    /// trap the engine (before, 1e10 s durations passed and trapped in Int64(x * 1e9)).
    @Test func hugeValuesAreRefused() {
        for text in ["[gates]\ndefensive_window_s = 1e10\n", "[risk]\nrate_limit_window_s = 1e10\n", "[risk]\ncheckpoint_max_age_s = 1e10\n",
                     "[risk]\nliquidation_window_s = 1e10\n", "[estimators]\ntoxicity_bucket_notional = 1e-6\n", "[strategy]\ngamma = 1e300\n"] {
            #expect(throws: ConfigError.self, "\(text)") { try ConfigFile.parse(text) }
        }
        for parameter in EngineConfig.parameters where parameter.rule == "> 0" || parameter.rule == ">= 0" || parameter.rule == ">= 1" {
            #expect(parameter.path == "general.seed", "\(parameter.path) has no upper bound: \(parameter.rule)")
        }
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

/// `ConfigFile.parse(_:over:)` adjusts a base config (a recording's) instead of replacing it.
@Suite(.tags(.unit)) struct ConfigAdjustmentTests {
    /// The base's coins stay; a same-named [[coins]] entry replaces that coin's settings,
    /// others are ignored; the profile's overrides and the named fields apply; the rest is the base's.
    @Test func aFileAdjustsABaseConfig() throws {
        var base = EngineConfig()
        base.coins = [EngineConfig.Coin(name: "BTC", sizeDecimals: 5, orderSize: Size(rawValue: 100_000), maxInventory: Size(rawValue: 1_000_000))]
        base.quoting.levels = 4
        let text = """
            [strategy]
            gamma = 0.5
            [[coins]]
            name = "BTC"
            sz_decimals = 5
            order_size = "0.002"
            max_inventory = "0.02"
            [[coins]]
            name = "ETH"
            sz_decimals = 4
            order_size = "0.03"
            max_inventory = "0.3"
            """
        let adjusted = try ConfigFile.parse(text, profile: .production, over: base)
        #expect(adjusted.coins.map(\.name) == ["BTC"])
        #expect(adjusted.coins[0].orderSize == Size(rawValue: 200_000))
        #expect(adjusted.strategy.gamma == 0.5)
        #expect(adjusted.quoting.levels == 4)
        #expect(adjusted.risk.staleDataSeconds == 10)
        // Without a base: over the profile's defaults, coins as the file lists them.
        #expect(try ConfigFile.parse(text).coins.map(\.name) == ["BTC", "ETH"])
    }
}
