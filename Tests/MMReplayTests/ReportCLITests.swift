import Foundation
import TestSupport
import Testing

/// `mm-replay report` on every shipped recording: the postmortem elements are on each
/// page, and each page renders in headless Chromium with its gaps shaded, its resting
/// orders drawn, its kill markers on top, its fills under the pointer and the summary
/// block laid out.
@Suite(.serialized, .tags(.endToEnd)) struct ReportCLITests {
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

    /// What each recording's rendered page must at least show, known from the recordings
    /// (the counts of everything else come from the page's own HTML): data-gap bands,
    /// kill markers (one per chart: 5 charts for one coin) and fill dots.
    static let renderedAtLeast: [String: (gaps: Int, kills: Int, fills: Int)] = [
        "stale-feed": (5, 5, 1),
        "kill-switch-restart": (0, 5, 1),
        "flash-crash": (0, 5, 1),
        "liquidation-cascade": (0, 5, 1),
        "liquidation-detected": (0, 5, 0),
        "rate-limit-exhaustion": (0, 5, 1),
        "cancel-fill-race": (0, 0, 3),
        "orphan-fill": (0, 0, 1),
        "backtest-btc-eth": (0, 0, 100),
    ]

    /// Measures the rendered pages in one Chromium run: an index page holds every report,
    /// unmodified, in an iframe of the size of a window (1200 × 900); once all are loaded
    /// its script reads each page's layout and writes it into the DOM that `--dump-dom`
    /// prints, as `{"NAME": {...}, ...}`.
    static let probe = """
    function probe(d) {
      const box = e => e.getBoundingClientRect();
      const describe = e => e ? e.tagName + '.' + (e.getAttribute('class') || (e.parentNode && e.parentNode.getAttribute ? e.parentNode.getAttribute('class') : '') || '') : 'none';
      const r = {};
      r.gaps = [...d.querySelectorAll('rect.gap')].map(e => box(e).width);
      r.gates = [...d.querySelectorAll('rect.gate')].map(e => [e.getAttribute('class'), box(e).width]);
      r.restingBid = [...d.querySelectorAll('path.resting-bid:not(.cancel-pending)')].map(e => box(e).width);
      r.restingAsk = [...d.querySelectorAll('path.resting-ask:not(.cancel-pending)')].map(e => box(e).width);
      const summary = d.querySelector('section.summary');
      r.summary = summary ? [box(summary).width, box(summary).height, summary.querySelectorAll('tr').length] : [0, 0, 0];
      r.killOnTop = [...d.querySelectorAll('.kill-marker line')].map(line => {
        line.scrollIntoView({block: 'center'});
        const b = box(line);
        // Ten points down the line: the topmost element at each must be the kill marker.
        for (let k = 0; k < 10; k++) {
          const hit = d.elementFromPoint(b.left + b.width / 2, b.top + b.height * (k + 0.5) / 10);
          if (!hit || !hit.closest('.kill-marker')) return describe(hit);
        }
        return 'kill';
      });
      // Each fill dot: its own hover title, and what the pointer finds over it (centre and
      // four points inside the disc): 'self', another fill dot (fills at the same moment
      // overlap), or what covers it.
      r.fills = [...d.querySelectorAll('circle.fill')].map(c => {
        const title = c.querySelector(':scope > title');
        c.scrollIntoView({block: 'center'});
        const b = box(c);
        let reach = null;
        for (const [dx, dy] of [[0, 0], [-0.6, 0], [0.6, 0], [0, -0.6], [0, 0.6]]) {
          const hit = d.elementFromPoint(b.left + b.width * (1 + dx) / 2, b.top + b.height * (1 + dy) / 2);
          if (hit === c) { reach = 'self'; break; }
          if (hit && hit.closest('circle.fill')) reach = 'fill'; else if (!reach) reach = describe(hit);
        }
        return [title ? title.textContent : '', reach];
      });
      r.midLines = d.querySelector('svg').querySelectorAll('polyline.series-mid').length;
      return r;
    }
    window.addEventListener('load', () => {
      const out = {};
      for (const frame of document.querySelectorAll('iframe')) {
        try { out[frame.dataset.name] = probe(frame.contentDocument); } catch (e) { out[frame.dataset.name] = String(e); }
      }
      document.body.insertAdjacentHTML('beforeend', '<pre id="probe">' + JSON.stringify(out) + '</pre>');
    });
    """

    /// How often `needle` occurs in `html`.
    static func count(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

    /// Every shipped recording's report, rendered by headless Chromium, is checked for what
    /// applies to it: the summary block laid out, resting-order lines with length, data
    /// gaps shaded across the plot, the kill marker topmost along every kill line, every
    /// fill reachable by the pointer with its hover title. What each page must have is
    /// counted in its HTML; `renderedAtLeast` keeps those counts from silently reaching 0.
    @Test(.tags(.needsExternalTool)) func incidentReportsRenderInHeadlessChromium() throws {
        let found = try runShell("command -v chromium || command -v chromium-browser")
        try #require(found.status == 0, "Chromium is not installed: run scripts/install-deps.sh")
        let browser = found.output.split(separator: "\n").first.map(String.init) ?? "chromium"
        let scratch = Scratch()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.recordings).filter { $0.hasSuffix(".mmj") }.map { String($0.dropLast(4)) }.sorted()
        #expect(names.count >= 12)
        #expect(Set(Self.renderedAtLeast.keys).isSubset(of: names))
        var pages: [String: String] = [:]
        for name in names { pages[name] = try Self.report(name, in: scratch) }
        let frames = names.map { "<iframe data-name=\"\($0)\" src=\"\($0).html\" width=\"1200\" height=\"900\"></iframe>" }.joined()
        let index = scratch.file("index.html")
        try "<!DOCTYPE html><html><body style=\"margin:0\">\(frames)<script>\(Self.probe)</script></body></html>".write(toFile: index, atomically: true, encoding: .utf8)
        // File pages may read one another's DOM only with --allow-file-access-from-files.
        let dump = try runShell("timeout 120 \(browser) --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files --window-size=1200,900 --user-data-dir=\(scratch.file("profile")) --dump-dom file://\(index) 2>/dev/null")
        let json = try #require(dump.output.firstMatch(of: /<pre id="probe">(\{.*?\})<\/pre>/)?.1, "no probe output\n\(dump.output.suffix(500))")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(String(json).utf8)) as? [String: Any])
        for name in names {
            let html = try #require(pages[name])
            guard let result = results[name] as? [String: Any] else { Issue.record("\(name): not probed: \(String(describing: results[name]))"); continue }
            let least = Self.renderedAtLeast[name] ?? (0, 0, 0)
            // The summary block: laid out with its size and every row of the HTML.
            let summary = result["summary"] as? [Double] ?? []
            let rows = Self.count("<tr", in: html.components(separatedBy: "<section class=\"summary\"").dropFirst().first?.components(separatedBy: "</section>").first ?? "")
            #expect(rows >= 20 && summary.count == 3 && summary[0] > 300 && summary[1] > 100 && Int(summary[2]) == rows, "\(name): summary block \(summary), \(rows) rows in the HTML")
            // Resting-order lines (every recording quotes on both sides): each drawn has
            // length, and on each side one rests long enough to see (over 50 px).
            for side in ["Bid", "Ask"] {
                let widths = result["resting" + side] as? [Double] ?? []
                let drawn = Self.count("<path class=\"resting-\(side.lowercased())\" ", in: html)
                #expect(drawn >= 1 && widths.count == drawn, "\(name): \(widths.count) resting \(side) lines rendered of \(drawn)")
                #expect(widths.allSatisfy { $0 > 0 } && (widths.max() ?? 0) > 50, "\(name): resting \(side) lines \(widths)")
            }
            // Data gaps: shaded over a width on every chart that has one.
            let gaps = result["gaps"] as? [Double] ?? []
            let gapsInHTML = Self.count("<rect class=\"gap\"", in: html)
            #expect(gapsInHTML >= least.gaps && gaps.count == gapsInHTML && gaps.allSatisfy { $0 > 0.9 }, "\(name): gap shading \(gaps), \(gapsInHTML) in the HTML")
            // Gate strips have width too; a kill shows as a killed strip.
            let gates = (result["gates"] as? [[Any]] ?? []).compactMap { pair -> (String, Double)? in
                guard pair.count == 2, let css = pair[0] as? String, let width = pair[1] as? Double else { return nil }
                return (css, width)
            }
            #expect(gates.count == Self.count("<rect class=\"gate ", in: html) && gates.allSatisfy { $0.1 > 0.9 }, "\(name): gate strips \(gates)")
            // The kill marker is the topmost element along every kill line.
            let kills = result["killOnTop"] as? [String] ?? []
            let killsInHTML = Self.count("<g class=\"kill-marker\">", in: html)
            #expect(killsInHTML >= least.kills && kills.count == killsInHTML, "\(name): \(kills.count) kill lines rendered of \(killsInHTML)")
            #expect(kills.allSatisfy { $0 == "kill" }, "\(name): the kill marker is under \(kills)")
            if killsInHTML > 0 { #expect(gates.contains { $0.0 == "gate gate-killed" }, "\(name): a kill without a killed strip") }
            // Every fill dot has a hover title (side, price, order, latency) and the pointer
            // reaches it, or a fill at the same spot, rather than something drawn over it.
            let fills = result["fills"] as? [[String]] ?? []
            let fillsInHTML = Self.count("<circle class=\"fill ", in: html)
            #expect(fillsInHTML >= least.fills && fills.count == fillsInHTML, "\(name): \(fills.count) fills rendered of \(fillsInHTML)")
            for fill in fills where fill.count == 2 {
                let title = fill[0]
                #expect((title.contains(" buy ") || title.contains(" sell ")) && title.contains(" @ ") && title.contains("order ") && title.contains("latency"), "\(name): fill title \(title)")
                #expect(fill[1] == "self" || fill[1] == "fill", "\(name): \(fill[1]) is over the fill \(title)")
            }
            #expect(fills.filter { $0.last == "self" }.count * 2 >= fills.count, "\(name): most fills are hidden \(fills.map { $0.last ?? "" })")
        }
        // Stale feed: 45 s of a 90 s axis, a band about half the plot wide on each chart,
        // the mid line in two pieces, the stale strip before the kill.
        let stale = results["stale-feed"] as? [String: Any] ?? [:]
        #expect((stale["gaps"] as? [Double] ?? []).allSatisfy { $0 > 300 }, "gap shading \(stale["gaps"] ?? "")")
        #expect(stale["midLines"] as? Int == 2, "the mid line breaks at the gap")
        #expect((stale["gates"] as? [[Any]] ?? []).contains { $0.first as? String == "gate gate-stale" })
    }
}
