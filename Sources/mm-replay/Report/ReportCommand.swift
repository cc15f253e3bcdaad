import ArgumentParser
import Foundation
import Replay

/// `mm-replay report`: HTML postmortems of journals and sweeps.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of journals (postmortem charts) or sweep results (heatmap).",
        discussion: """
        For a journal: the engine runs over its inputs (the header's config) and the
        page charts, on one time axis, each coin's mid with our bid/ask quotes and
        fills, the position, the spread multiplier, total PnL and API headroom, with
        risk actions and kill-switch triggers marked on every chart, then lists the
        triggers and the story. For a sweep output directory: a heatmap of the
        objective over two swept parameters (--x, --y; default the first two) and the
        ranked tables. Several paths make one page, in order. The file has inline SVG
        and CSS only: it opens offline.

        Exit codes: 0 written; 1 unreadable journal or results, bad --x/--y.
        """
    )

    @Argument(help: "Journals and/or sweep output directories.")
    var paths: [String]

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
                    let config = try EngineConfigChoice(file: nil, profile: nil).resolve(journal: path)
                    pages.append(try JournalReport(path: path, config: config).html)
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
