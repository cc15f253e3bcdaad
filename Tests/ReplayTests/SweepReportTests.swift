import Engine
import Foundation
@testable import Research
import TestSupport
import Testing

/// The sweep report (issue 16): a heatmap whose colours diverge from zero with a legend,
/// random samples kept off the grid, the objective listed once, and the warnings.
@Suite(.tags(.integration)) struct SweepReportTests {
    /// Was: colours ran from the smallest to the largest value, so with one large
    /// outlier every negative cell was drawn green. Now the sign decides the hue.
    @Test func negativeValuesAreRedPositiveBlueAndZeroWhite() throws {
        let scale = DivergingScale(values: [-0.5, -0.1, 0.2, 0.3, 40])
        #expect(scale.limit < 40, "one outlier does not set the scale")
        func channels(_ value: Double) -> [Int] {
            scale.color(value).dropFirst(4).dropLast().split(separator: ",").compactMap { Int($0) }
        }
        for negative in [-0.1, -0.5, -100.0] {
            let rgb = channels(negative)
            #expect(rgb[0] > rgb[2], "\(negative) is drawn \(scale.color(negative)), not on the red side")
        }
        for positive in [0.2, 40.0] {
            let rgb = channels(positive)
            #expect(rgb[2] > rgb[0], "\(positive) is drawn \(scale.color(positive)), not on the blue side")
        }
        #expect(scale.color(0) == "rgb(247,247,247)")
        #expect(scale.color(-scale.limit) == scale.color(-1_000), "beyond the limit: full colour")
        #expect(scale.position(-scale.limit / 2) == -scale.position(scale.limit / 2), "symmetric")
        #expect(DivergingScale(values: []).limit == 1 && DivergingScale(values: [0, 0]).limit == 1)
    }

    /// A results directory made from made-up results: a 2 × 2 grid and 3 random samples.
    static func results() throws -> String {
        let spec = try SweepSpec.parse("""
            [grid]
            "strategy.gamma" = [0.05, 0.2]
            "quoting.levels" = [1, 2]
            [random]
            samples = 3
            "strategy.kappa_prior_observations" = { min = 50.0, max = 500.0 }
            """)
        let plan = try SweepPlan(spec: spec, base: EngineConfig(), captures: ["a.mmj"])
        let pnls = [-3.0, -1.0, 0.5, 90.0, 7.0, 8.0, 9.0]
        let results = zip(plan.configs, pnls).map { SweepResultsTests.result($0.id, pnl: $1, seconds: 60, hours: 1) }
        let directory = temporaryPath("sweep-report")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SweepTable(plan: plan, results: results).json.write(toFile: directory + "/results.json", atomically: true, encoding: .utf8)
        return directory
    }

    @Test func theHeatmapHoldsTheGridAndTheRandomSamplesAreApart() throws {
        let directory = try Self.results()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try SweepReport(directory: directory)
        #expect(report.x == "quoting.levels" && report.y == "strategy.gamma", "the grid's parameters, not the random one")
        let heatmap = try #require(report.heatmap)
        #expect(heatmap.cells.count == 4 && heatmap.cells.allSatisfy { $0.runs == 1 }, "random samples are not averaged into the grid")
        #expect(heatmap.cells.map(\.value).sorted() == [-3, -1, 0.5, 90])
        let negative = try #require(heatmap.cells.first { $0.value == -1 })
        #expect(heatmap.svg.contains("fill=\"\(heatmap.scale.color(negative.value))\""))
        let svg = heatmap.svg
        #expect(svg.contains("viewBox=") && svg.contains("max-width:100%"), "scales to the page")
        #expect(svg.contains("≥ ") && svg.contains("≤ -"), "the legend marks the outlier beyond the scale")
        #expect(svg.contains(">0</text>"), "the legend's middle is 0")

        let html = report.html
        #expect(html.contains("Random samples (mean over captures; not in the heatmap)"))
        #expect(html.contains("<th>pnl (objective)</th>") && !html.contains("<th>pnl</th>"), "the objective listed once")
        #expect(html.contains("<th>sharpe samples</th>"))
        #expect(html.contains("<b>few_sharpe_samples</b>: 7 of 7 backtests") && html.contains("<b>short_capture</b>"))
    }

    /// Wide grids narrow their cells to fit the page instead of running off it.
    @Test func aWideGridFitsThePage() throws {
        let xs = (1...40).map(String.init)
        let heatmap = Heatmap(title: "pnl", xName: "x", yName: nil, xs: xs, ys: [""],
                              cells: xs.indices.map { Heatmap.Cell(x: $0, y: 0, value: Double($0 - 20), runs: 1) })
        let svg = heatmap.svg
        let attribute = try #require(svg.range(of: #"width="[0-9]+""#, options: .regularExpression))
        let width = try #require(Double(svg[attribute].dropFirst(7).dropLast()))
        #expect(width <= Heatmap.maxWidth + 16)
    }
}
