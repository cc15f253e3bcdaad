import Foundation
import TestSupport
import Testing

/// `mm-replay report` on every shipped recording: the postmortem elements are on each
/// page, and two incidents render in headless Chromium with the gap shaded, the resting
/// orders drawn, the kill marker on top and the summary block laid out.
@Suite(.serialized) struct ReportCLITests {
    static let recordings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../recordings").standardized.path

    /// What each incident's page must show beyond the common elements.
    static let expected: [String: [String]] = [
        "stale-feed": ["<rect class=\"gap\"", "class=\"gate gate-stale\"", "class=\"gate gate-killed\"", "class=\"kill-marker\"", "market data back after"],
        "kill-switch-restart": ["class=\"gate gate-killed\"", "class=\"kill-marker\"", "class=\"kill-reset-marker\""],
        "cancel-fill-race": ["class=\"fill fill-buy fill-late\"", "LATE fill", "class=\"gate gate-crossed\"", "late fill: buy"],
        "orphan-fill": ["fill-orphan", "ORPHAN fill", "orphan fill: sell"],
        "crossed-book": ["class=\"gate gate-crossed\""],
        "cold-start": ["class=\"gate gate-warmup\""],
        "liquidation-cascade": ["class=\"risk-marker risk-pull-quotes\"", "class=\"kill-marker\""],
        "liquidation-detected": ["class=\"gate gate-paused\"", "position mismatch: ours 0, exchange -0.008"],
        "flash-crash": ["class=\"kill-marker\""],
    ]

    static func report(_ name: String, in scratch: Scratch) throws -> String {
        let out = scratch.file(name + ".html")
        let run = try MMReplay.run(["report", Self.recordings + "/" + name + ".mmj", "--out", out])
        #expect(run.status == 0, "\(name): \(run.stderr)")
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    @Test func everyRecordingsReportHasThePostmortemElements() throws {
        let scratch = Scratch()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.recordings).filter { $0.hasSuffix(".mmj") }.sorted()
        #expect(names.count >= 12)
        for file in names {
            let name = String(file.dropLast(4))
            let html = try Self.report(name, in: scratch)
            // The summary block with PnL parts, fills, volume, maker share, position, drawdown, config hash, inputs, commands.
            for id in ["summary-pnl", "summary-realized", "summary-unrealized", "summary-fees", "summary-funding", "summary-drawdown",
                       "summary-fills", "summary-volume", "summary-maker-share", "summary-inputs", "summary-commands"] {
                #expect(html.contains("id=\"\(id)\""), "\(name): no \(id)")
            }
            #expect(html.contains("<section class=\"summary\"") && html.contains("class=\"config-hash\"") && html.contains("<details class=\"config\""), "\(name)")
            // Resting orders as step lines (every recording quotes at some point).
            #expect(html.contains("<path class=\"resting-bid\" d=\"M") && html.contains("<path class=\"resting-ask\" d=\"M"), "\(name): no resting orders")
            // Every fill has hover details: side, price, size, order, latency.
            for title in Self.fillTitles(html) {
                #expect((title.contains(" buy ") || title.contains(" sell ")) && title.contains(" @ ") && title.contains("order ") && title.contains("latency"), "\(name): \(title)")
            }
            // Round y ticks (several labels per chart, never "-0.0000"), round clock x ticks.
            #expect(html.components(separatedBy: "<g class=\"y-ticks\"").count - 1 == html.components(separatedBy: "<svg ").count - 1)
            #expect(!html.contains(">-0.0000<") && !html.contains(">-0<"), "\(name): a negative zero label")
            // Kill markers come after (are drawn on top of) every risk marker in each chart.
            for svg in html.components(separatedBy: "<svg ").dropFirst() {
                if let kill = svg.range(of: "class=\"kill-marker\""), let risk = svg.range(of: "class=\"risk-marker", options: .backwards) {
                    #expect(risk.lowerBound < kill.lowerBound, "\(name): a risk marker over a kill marker")
                }
            }
            // No other coin's markers, no "normal" risk markers.
            #expect(!html.contains("risk-normal"))
            for element in Self.expected[name] ?? [] { #expect(html.contains(element), "\(name): missing \(element)") }
        }
        // Byte-identical for the same journal.
        #expect(try Self.report("cancel-fill-race", in: scratch) == String(contentsOfFile: scratch.file("cancel-fill-race.html"), encoding: .utf8))
        // The summary's command digest is the replay's.
        let replay = try MMReplay.run(["replay", Self.recordings + "/stale-feed.mmj", "--json"])
        let digest = try #require(replay.stdout.firstMatch(of: /"digest":"([0-9a-f]{64})"/)?.1)
        #expect(try String(contentsOfFile: scratch.file("stale-feed.html"), encoding: .utf8).contains("<code class=\"digest\">\(digest)</code>"))
    }

    /// The `<title>` texts of the fill circles.
    static func fillTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<circle class=\"fill ").dropFirst().compactMap { part in
            guard let start = part.range(of: "<title>"), let end = part.range(of: "</title>") else { return nil }
            return String(part[start.upperBound..<end.lowerBound])
        }
    }

    /// Measures the rendered page in Chromium: a probe script added to a copy of the
    /// report reads the layout and writes it into the DOM that `--dump-dom` prints.
    static let probe = """
    <script>
    const box = e => e.getBoundingClientRect();
    const r = {};
    r.gaps = [...document.querySelectorAll('rect.gap')].map(e => box(e).width);
    r.gates = [...document.querySelectorAll('rect.gate')].map(e => e.getAttribute('class'));
    r.resting = [...document.querySelectorAll('path.resting-bid:not(.cancel-pending), path.resting-ask:not(.cancel-pending)')].map(e => box(e).width);
    const summary = document.querySelector('section.summary');
    r.summary = summary ? [box(summary).width, box(summary).height, summary.querySelectorAll('tr').length] : [0, 0, 0];
    r.killOnTop = [...document.querySelectorAll('.kill-marker line')].map(line => {
      line.scrollIntoView({block: 'center'});
      const b = box(line);
      // Ten points down the line: the topmost element at each must be the kill marker.
      for (let k = 0; k < 10; k++) {
        const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height * (k + 0.5) / 10);
        if (!hit || !hit.closest('.kill-marker')) return hit ? hit.tagName + '.' + (hit.parentNode.getAttribute('class') || '') : 'none';
      }
      return 'kill';
    });
    r.midLines = document.querySelector('svg').querySelectorAll('polyline.series-mid').length;
    document.body.insertAdjacentHTML('beforeend', '<pre id="probe">' + JSON.stringify(r) + '</pre>');
    </script>
    """

    @Test func incidentReportsRenderInHeadlessChromium() throws {
        let found = try runShell("command -v chromium || command -v chromium-browser")
        try #require(found.status == 0, "Chromium is not installed: run scripts/install-deps.sh")
        let browser = found.output.split(separator: "\n").first.map(String.init) ?? "chromium"
        let scratch = Scratch()
        for name in ["stale-feed", "kill-switch-restart"] {
            let html = try Self.report(name, in: scratch)
            let probed = scratch.file(name + "-probe.html")
            try html.replacingOccurrences(of: "</body>", with: Self.probe + "</body>").write(toFile: probed, atomically: true, encoding: .utf8)
            let dump = try runShell("timeout 90 \(browser) --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,900 --dump-dom file://\(probed) 2>/dev/null")
            let json = try #require(dump.output.firstMatch(of: /<pre id="probe">(\{.*?\})<\/pre>/)?.1, "\(name): no probe output\n\(dump.output.suffix(500))")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(String(json).utf8)) as? [String: Any])
            let summary = result["summary"] as? [Double] ?? []
            #expect(summary.count == 3 && summary[0] > 300 && summary[1] > 100 && summary[2] >= 20, "\(name): summary block \(summary)")
            let resting = result["resting"] as? [Double] ?? []
            #expect(resting.filter { $0 > 50 }.count >= 4, "\(name): resting-order lines \(resting)")
            let kills = result["killOnTop"] as? [String] ?? []
            #expect(!kills.isEmpty && kills.allSatisfy { $0 == "kill" }, "\(name): the kill marker is under \(kills)")
            let gates = result["gates"] as? [String] ?? []
            #expect(gates.contains("gate gate-killed"), "\(name): \(gates)")
            if name == "stale-feed" {
                // 45 s of a 90 s axis: a band about half the plot wide on each chart, the mid line in two pieces.
                let gaps = result["gaps"] as? [Double] ?? []
                #expect(gaps.count == 5 && gaps.allSatisfy { $0 > 300 }, "gap shading \(gaps)")
                #expect(result["midLines"] as? Int == 2, "the mid line breaks at the gap")
                #expect(gates.contains("gate gate-stale"))
            }
        }
    }
}
