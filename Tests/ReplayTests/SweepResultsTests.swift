import Engine
@testable import Replay
@testable import Research
import TestSupport
import Testing

/// What results.csv and results.json say (issue 16): every varied parameter's effective
/// value in every row, Sharpe sample counts, warnings, and maker share averaged over the
/// captures with fills. Built from made-up backtest summaries, so no backtest runs.
@Suite(.tags(.unit)) struct SweepResultsTests {
    /// A job result with the given figures: `hours` hourly PnL marks, `seconds` of data.
    static func result(_ config: String, capture: String = "a.mmj", pnl: Double = 1, fills: UInt64 = 10, makerShare: Double = 1,
                       seconds: Double = 7_200, hours: Int = 2) -> SweepResult {
        var summary = BacktestSummary()
        summary.totals.pnl = pnl
        summary.totals.fills = fills
        summary.makerShare = makerShare
        summary.marketTimeRange = 0...Int64(seconds * 1e9)
        summary.hourlyPnL = (1...hours).map { Double($0 % 3) * pnl }
        return SweepResult(config: config, capture: capture, configHash: "hash", summary: summary, engineConfig: EngineConfig())
    }

    static let spec = """
        [grid]
        "strategy.gamma" = [0.05, 0.2]
        [random]
        samples = 2
        seed = 3
        "strategy.kappa_prior_observations" = { min = 50.0, max = 500.0 }
        """

    /// Was: a grid row left `strategy.kappa_prior_observations` blank, a random row
    /// `strategy.gamma`. Now each holds the value the backtest ran with.
    @Test func everyRowHoldsEveryVariedParametersEffectiveValue() throws {
        let plan = try SweepPlan(spec: try SweepSpec.parse(Self.spec), base: EngineConfig(), captures: ["a.mmj", "b.mmj"])
        #expect(plan.configs.map(\.origin) == [.grid, .grid, .random, .random])
        let results = plan.configs.flatMap { config in ["a.mmj", "b.mmj"].map { Self.result(config.id, capture: $0) } }
        let table = SweepTable(plan: plan, results: results)
        let lines = table.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let gamma = try #require(header.firstIndex(of: "strategy.gamma"))
        let kappa = try #require(header.firstIndex(of: "strategy.kappa_prior_observations"))
        let origin = try #require(header.firstIndex(of: "origin"))
        #expect(lines.count == 1 + 8 + 4)
        for row in lines.dropFirst() {
            #expect(row.count == header.count)
            #expect(!row[gamma].isEmpty && !row[kappa].isEmpty, "a blank parameter: \(row)")
            if row[origin] == "grid" { #expect(row[kappa] == "200.0", "the base config's value") }
            else { #expect(row[origin] == "random" && row[gamma] == "0.1", "the base config's value") }
        }
        #expect(!table.json.contains("\"strategy.gamma\":\"\""))
        #expect(plan.manifest.contains("\"origin\":\"random\""))
    }

    /// Was: the aggregate's maker share averaged in 0 for a capture without fills.
    @Test func makerShareAveragesOnlyCapturesWithFills() {
        let aggregate = SweepResult(aggregating: [Self.result("c0001", capture: "a.mmj", fills: 8, makerShare: 0.75),
                                                   Self.result("c0001", capture: "b.mmj", fills: 0, makerShare: 0)])
        #expect(aggregate.makerShare == 0.75)
        #expect(aggregate.fills == 8)
        #expect(aggregate.warnings == [.fewSharpeSamples, .noFills], "every warning of its captures")
        let none = SweepResult(aggregating: [Self.result("c0002", fills: 0, makerShare: 0)])
        #expect(none.makerShare == 0)
    }

    /// A Sharpe ratio says how many samples it rests on, and results warn below 30, for
    /// a capture shorter than the warm-up plus 300 s, and without fills.
    @Test func shortCapturesFewSamplesAndNoFillsAreWarnedAbout() throws {
        let short = Self.result("c0001", fills: 0, seconds: 60, hours: 1)
        #expect(short.sharpeSamples == 1)
        #expect(short.warnings == [.fewSharpeSamples, .shortCapture, .noFills])
        let long = Self.result("c0001", seconds: 40 * 3_600, hours: 40)
        #expect(long.sharpeSamples == 40 && long.warnings.isEmpty)
        // The boundary: the default warm-up is 20 s (20 volatility buckets of 1 s).
        #expect(SweepWarning.warmUpSeconds(EngineConfig()) == 20)
        #expect(Self.result("c0001", seconds: 319, hours: 40).warnings == [.shortCapture])
        #expect(Self.result("c0001", seconds: 321, hours: 40).warnings.isEmpty)

        let plan = try SweepPlan(spec: try SweepSpec.parse("[grid]\n\"strategy.gamma\" = [0.1]\n"), base: EngineConfig(), captures: ["a.mmj"])
        let table = SweepTable(plan: plan, results: [short])
        let header = table.csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let row = table.csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row[try #require(header.firstIndex(of: "sharpe_samples"))] == "1")
        #expect(row[try #require(header.firstIndex(of: "warnings"))] == "few_sharpe_samples;short_capture;no_fills")
        #expect(table.json.contains("\"minimum_sharpe_samples\": 30"))
        #expect(table.json.contains("\"warnings\": {\"few_sharpe_samples\":1,\"short_capture\":1,\"no_fills\":1}"))
        #expect(table.json.contains("\"warnings\":[\"few_sharpe_samples\",\"short_capture\",\"no_fills\"]"))
        // A job file keeps them: written and read back the same.
        let reread = try SweepResult(parsing: short.json, path: "job.json")
        #expect(reread.json == short.json)
    }
}
