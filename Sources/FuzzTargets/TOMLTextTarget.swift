import ConfigFile
import Engine
import Research

extension FuzzTarget {
    /// TOML text: engine configs (`--config`) and sweep specs (`mm-replay sweep`).
    /// Input: one byte (bit 0: sweep spec), then the text.
    ///
    /// Properties: no trap; an accepted config renders to TOML that loads back equal,
    /// builds an engine, and runs it over a short market of its coins within the
    /// command bound; an accepted sweep spec asks for at most ``SweepSpec/maxRuns``
    /// runs, and every configuration of a plan it builds validates and builds an engine.
    public static let tomlText = FuzzTarget(
        name: "toml-text",
        summary: "TOML configs and sweep specs: accepted configs round-trip and run the engine",
        seeds: { root in
            let configs = try ["config/default.toml", "config/production.toml"].map { [0] + (try sampleBytes(root, $0)) }
            let small: [String] = [
                "[general]\nseed = 7\nquote_interval_s = 0.25\n[quoting]\nlevels = 2\n",
                "[[coins]]\nname = \"SOL\"\nsz_decimals = 2\norder_size = \"1.5\"\nmax_inventory = \"30\"\n",
                "[estimators]\ntoxicity_bucket_notional = 1e-6\n",
            ]
            let specs: [String] = [
                "objective = \"pnl\"\n[grid]\n\"strategy.gamma\" = [0.05, 0.2]\n\"quoting.levels\" = [1, 2]\n",
                "objective = \"sharpe\"\n[random]\nsamples = 4\nseed = 3\n\"strategy.gamma\" = { min = 0.01, max = 1.0 }\n",
            ]
            return configs + small.map { [0] + Array($0.utf8) } + specs.map { [1] + Array($0.utf8) }
        },
        check: { bytes in
            guard let mode = bytes.first else { return .refused }
            let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
            return mode & 1 == 0 ? checkConfig(text) : checkSweepSpec(text)
        })

    static func checkConfig(_ text: String) -> FuzzOutcome {
        guard let config = try? ConfigFile.parse(text) else { return .refused }
        let rendered = ConfigFile.renderTOML(config)
        do {
            let again = try ConfigFile.parse(rendered)
            if again != config { return .failed(FuzzFinding("the rendered config loads back different:\n\(rendered)")) }
        } catch {
            return .failed(FuzzFinding("the rendered config does not load: \(error)\n\(rendered)"))
        }
        return FuzzOutcome(runEngine(config))
    }

    static func checkSweepSpec(_ text: String) -> FuzzOutcome {
        guard let spec = try? SweepSpec.parse(text) else { return .refused }
        let runs = spec.combinations().count
        if runs > SweepSpec.maxRuns { return .failed(FuzzFinding("an accepted spec asks for \(runs) runs, more than \(SweepSpec.maxRuns)")) }
        // Building a plan renders and hashes every config: keep the work per input small.
        guard runs <= 200, let plan = try? SweepPlan(spec: spec, base: EngineConfig(), captures: ["capture.mmj"]) else { return .accepted }
        for entry in plan.configs.prefix(3) {
            if let finding = runEngine(entry.config) { return .failed(finding) }
        }
        return .accepted
    }

    /// Builds an engine from a validated config and runs it over a short market of its first coins.
    static func runEngine(_ config: EngineConfig) -> FuzzFinding? {
        let issues = config.validate()
        if !issues.isEmpty { return FuzzFinding("an accepted config fails validation: \(issues)") }
        var engine: Engine
        do { engine = try Engine(config: config) } catch { return FuzzFinding("an accepted config builds no engine: \(error)") }
        let coins = config.coins.prefix(4).map(\.name)
        return EngineDriving.drive(&engine, EngineDriving.market(coins: Array(coins), count: 80))
    }
}
