import Foundation
import TestSupport
import Testing

/// `mm-replay import`, `sweep` and `report` as commands (the Ray driver: RaySweepTests).
@Suite(.serialized, .tags(.endToEnd)) struct SweepCLITests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts").standardized.path

    static func shell(_ command: String) throws -> ChildProcessResult { try runShell(command) }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    /// The real BTC capture of Tests/Fixtures (25 s of l2Book and trades frames).
    static let btcCapture = Self.repository + "/Tests/Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt"

    /// docs/sweep-recipe.md's shell block, run as written on the real capture: it imports,
    /// sweeps, reads, shards and merges (the same bytes), and writes the report.
    @Test func theDocumentedSweepRecipeRuns() throws {
        let scratch = Scratch()
        let script = scratch.file("sweep.sh")
        try documentedRecipe("sweep", in: Self.repository + "/docs/sweep-recipe.md").write(toFile: script, atomically: true, encoding: .utf8)
        let work = scratch.file("work")
        let run = try runChildProcess("/bin/bash", [script, Self.btcCapture, work], environment: ["MM_REPLAY": MMReplay.executable])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("coins: BTC"))
        #expect(run.stdout.contains("results: results/results.csv"))
        // The 25-second capture earns every warning; the synthetic one does not.
        #expect(run.stdout.contains("warning: 10 of 20 backtests short_capture"), "\(run.stdout)")
        #expect(run.stdout.contains("warning: 10 of 20 backtests no_fills"), "\(run.stdout)")
        #expect(run.stdout.contains("merged 2 directories (20 job results)"))

        let csv = try String(contentsOfFile: work + "/results/results.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(header.starts(with: ["kind", "rank", "config", "capture", "origin", "quoting.levels", "strategy.gamma", "strategy.kappa_prior_observations", "objective"]))
        #expect(lines.count == 1 + 10 * 2 + 10, "header, 10 configs x 2 captures, 10 aggregates")
        for row in lines.dropFirst() {
            #expect(!row[5].isEmpty && !row[6].isEmpty && !row[7].isEmpty, "a blank parameter: \(row)")
        }
        let warnings = try #require(header.firstIndex(of: "warnings"))
        let capture = lines.filter { $0[3] == "capture.mmj" }
        #expect(capture.count == 10 && capture.allSatisfy { $0[warnings] == "few_sharpe_samples;short_capture;no_fills" })
        #expect(lines.filter { $0[3] == "synthetic.mmj" }.allSatisfy { !$0[warnings].contains("no_fills") })

        let html = try String(contentsOfFile: work + "/sweep.html", encoding: .utf8)
        #expect(html.contains("pnl by quoting.levels × strategy.gamma"))
        #expect(html.contains("colour: centred on 0"))
        #expect(html.contains("Random samples (mean over captures; not in the heatmap)"))
        #expect(html.contains("<b>short_capture</b>: 10 of 20 backtests"))
        #expect(!html.contains("ETH"), "the BTC capture is quoted in BTC only")
    }

    /// Was: the default config quoted BTC and ETH on any capture. A capture without a
    /// recorded config is quoted in its coins; a config naming others is refused.
    @Test func captureCoinsDecideTheConfigsCoins() throws {
        let scratch = Scratch()
        let capture = scratch.file("btc.mmj")
        let imported = try MMReplay.run(["import", "hl-ws", Self.btcCapture, "--out", capture])
        try #require(imported.status == 0, "\(imported.stderr)")
        let backtest = try MMReplay.run(["backtest", capture, "--json"])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        #expect(backtest.stdout.contains(#""inventory_range":{"BTC":["#) && !backtest.stdout.contains("ETH"), "\(backtest.stdout)")
        #expect(!backtest.stdout.contains("no_data"), "\(backtest.stdout)")
        let replay = try MMReplay.run(["replay", capture, "--json"])
        #expect(replay.status == 0 && !replay.stdout.contains("no_data"), "\(replay.stdout)")

        // A config listing BTC and ETH: refused, naming ETH and the fix.
        let shown = try MMReplay.run(["config", "show"])
        let both = scratch.file("both.toml")
        try shown.stdout.write(toFile: both, atomically: true, encoding: .utf8)
        let refused = try MMReplay.run(["backtest", capture, "--config", both])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the config's [[coins]] lists ETH, which btc.mmj does not hold (only BTC)"), "\(refused.stderr)")
        try "[grid]\n\"strategy.gamma\" = [0.1]\n".write(toFile: scratch.file("spec.toml"), atomically: true, encoding: .utf8)
        let sweep = try MMReplay.run(["sweep", scratch.file("spec.toml"), capture, "--out", scratch.file("out"), "--config", both])
        #expect(sweep.status == 1 && sweep.stderr.contains("lists ETH, which btc.mmj does not hold"), "\(sweep.stderr)")
        // A config without [[coins]] takes the capture's.
        let plain = scratch.file("plain.toml")
        try "[strategy]\ngamma = 0.2\n".write(toFile: plain, atomically: true, encoding: .utf8)
        let adjusted = try MMReplay.run(["backtest", capture, "--config", plain, "--json"])
        #expect(adjusted.status == 0 && !adjusted.stdout.contains("ETH"), "\(adjusted.stderr)")
    }

    @Test(.tags(.needsExternalTool)) func importCommandCountsBadLines() throws {
        let directoryScratch = Scratch("import-cli")
        let directory = directoryScratch.path
        let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt").standardized.path
        let text = try String(contentsOfFile: capture, encoding: .utf8)
        try (text + "not json at all\n").write(toFile: directory + "/bad.txt", atomically: true, encoding: .utf8)
        let run = try MMReplay.run(["import", "hl-ws", directory + "/bad.txt", "--out", directory + "/bad.mmj", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""books":46"#) && run.stdout.contains(#""skipped":{"malformed_json":1}"#), "\(run.stdout)")
        let strict = try MMReplay.run(["import", "hl-ws", directory + "/bad.txt", "--out", directory + "/strict.mmj", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("bad.txt:56: malformed_json"), "\(strict.stderr)")
        // The archive format: l2Book lines with the capture time, lz4-compressed.
        var archive = ""
        for line in text.split(separator: "\n") where line.contains(#""channel":"l2Book""#) {
            let space = line.firstIndex(of: " ")!
            let nanos = Int64(line[..<space])!
            let seconds = nanos / 1_000_000_000
            var parts = tm()
            var time = time_t(seconds)
            gmtime_r(&time, &parts)
            let iso = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%09lld", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                             parts.tm_hour, parts.tm_min, parts.tm_sec, nanos % 1_000_000_000)
            archive += #"{"time":"\#(iso)","ver_num":1,"raw":"# + line[line.index(after: space)...] + "}\n"
        }
        try archive.write(toFile: directory + "/BTC", atomically: true, encoding: .utf8)
        let lz4 = try runChildProcess("/usr/bin/env", ["lz4", "-qf", directory + "/BTC", directory + "/BTC.lz4"])
        try #require(lz4.status == 0, "the lz4 tool is missing (scripts/install-deps.sh installs it)\n\(lz4.output)")
        let imported = try MMReplay.run(["import", "hl-archive", directory + "/BTC.lz4", "--out", directory + "/archive.mmj", "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains(#""books":46"#) && imported.stdout.contains(#""first_time":1737918843893903000"#), "\(imported.stdout)")
        let replay = try MMReplay.run(["replay", directory + "/archive.mmj"])
        #expect(replay.status == 0)
    }
}

/// The report opens in a real browser: headless Chromium renders it to a PNG that is
/// large and not blank (the page has charts, not an error page).
@Suite(.tags(.endToEnd, .needsExternalTool)) struct ReportRenderingTests {
    @Test func aReportRendersInHeadlessChromium() throws {
        let probe = try SweepCLITests.shell("command -v chromium || command -v chromium-browser")
        try #require(probe.status == 0, "Chromium is not installed: run scripts/install-deps.sh")
        let browser = probe.output.split(separator: "\n").first.map(String.init) ?? "chromium"
        let directoryScratch = Scratch("report-render")
        let directory = directoryScratch.path
        let recording = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../recordings/kill-switch-restart.mmj").standardized.path
        let report = try MMReplay.run(["report", recording, "--out", directory + "/report.html"])
        #expect(report.status == 0, "\(report.stderr)")
        let shot = try SweepCLITests.shell("timeout 90 \(browser) --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1400 --screenshot=\(directory)/shot.png file://\(directory)/report.html")
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/shot.png"))
        #expect(data.count > 30_000, "screenshot too small (blank page?): \(data.count) bytes\n\(shot.output.suffix(500))")
        // PNG signature and the IHDR size.
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1200 && height == 1400)
    }
}
