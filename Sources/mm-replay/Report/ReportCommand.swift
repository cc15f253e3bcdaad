import ArgumentParser
import CommandLineStatus
import Engine
import Foundation
import Research

/// `mm-replay report`: HTML postmortems of journals and sweeps.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of journals (postmortem charts) or sweep results (heatmap).",
        discussion: HelpText.reflow("""
        For a journal: the engine runs over its inputs (the header's config) and the
        page opens with a summary (PnL: total, realized, unrealized, fees, funding;
        fills, volume, maker share, max position, drawdown; the config and its hash;
        inputs and commands by type; the command digest), then charts, on one time
        axis with round value and clock ticks, each coin's mid (broken and shaded
        grey where no book came for longer than the stale-data gate, or a feed was
        down) with our resting orders as step lines (dashed from the cancel request
        until the venue confirms) and our fills (hover: side, price, size, order,
        latency; late, orphan and out-of-order fills ringed), its position and
        spread multiplier, with the gate states (warm-up, stale, crossed, one-sided,
        pulled, paused, killed) as a strip along the time axis, the coin's own risk
        actions by severity (dashed) and kill-switch triggers (red, on top) and
        resets (green); then total PnL and API headroom, the triggers and the story.
        For a sweep output directory: a heatmap of the objective over two swept
        parameters (--x, --y; default the first two) and the ranked tables. Several
        paths make one page, in order. The file has inline SVG and CSS only: it
        opens offline, and the same journal gives the same bytes. Recipe:
        docs/postmortem-recipe.md.

        --config and --profile ask what a different config would have done: the page
        shows the re-run with the adjusted config (its summary gives that config and
        its hash).

        Exit codes: 0 written; 1 unreadable journal or results, an invalid --config,
        bad --x/--y.
        """)
    )

    @Argument(help: "Journals and/or sweep output directories.")
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Journals: engine config (TOML) adjusting each journal's recorded one (its coins kept); for a capture without one, over the defaults, quoting the capture's coins.",
                                            discussion: EngineConfigChoice.help))
    var config: String?

    @Option(name: .long, help: "Journals: profile whose overrides adjust the config: default | production.")
    var profile: EngineConfig.Profile?

    @Option(name: .long, help: "The HTML file to write.")
    var out: String

    @Option(name: .long, help: "Sweep heatmap: the parameter across.")
    var x: String?

    @Option(name: .long, help: "Sweep heatmap: the parameter down.")
    var y: String?

    func run() throws {
        try runReportingErrors {
            var pages: [String] = []
            for path in self.paths {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path + "/results.json", isDirectory: &isDirectory) {
                    pages.append(try SweepReport(directory: path, x: self.x, y: self.y).html)
                } else {
                    let config = try EngineConfigChoice(file: self.config, profile: self.profile).resolve(journal: path)
                    let report = try JournalReport(path: path, config: config)
                    if let tornTail = report.tornTail { StandardError.print(tornTailWarning(tornTail)) }
                    pages.append(report.html)
                }
            }
            // One page: the bodies of each report one after the other.
            let html = pages.count == 1 ? pages[0] : Self.combine(pages)
            try html.write(toFile: self.out, atomically: true, encoding: .utf8)
            print("wrote \(self.out) (\(html.utf8.count / 1024) KiB)")
        }
    }

    static func combine(_ pages: [String]) -> String {
        guard let first = pages.first, let bodyEnd = first.range(of: "</body>") else { return pages.joined() }
        var html = String(first[..<bodyEnd.lowerBound])
        for page in pages.dropFirst() {
            guard let start = page.range(of: "<body>"), let end = page.range(of: "</body>") else { continue }
            html += "<hr>" + page[start.upperBound..<end.lowerBound]
        }
        return html + "</body></html>\n"
    }
}
