import Foundation
import TestSupport
import Testing

/// `--config` and `--profile` on `verify` and `replay` adjust the recording's own config
/// (issue 16, "overrides adjust, not replace"); `recordings` ends with a summary line.
@Suite(.tags(.endToEnd)) struct ConfigOverrideCLITests {
    static let recording = RecordingsTests.directory + "/stale-feed.mmj"

    /// Was: any --config or --profile replaced the recording's config with the defaults,
    /// bringing in ETH, so a BTC recording diverged at seq 1 whatever the file said. A file
    /// that names nothing, and the default profile, now change nothing: identical.
    @Test func overridesThatChangeNothingVerifyIdentical() throws {
        let scratch = Scratch()
        let empty = scratch.file("empty.toml")
        try "# changes nothing\n".write(toFile: empty, atomically: true, encoding: .utf8)
        for arguments in [["--config", empty], ["--profile", "default"], ["--config", empty, "--profile", "default"]] {
            let run = try MMReplay.run(["verify", Self.recording] + arguments)
            #expect(run.status == 0 && run.stdout.contains("identical"), "\(arguments): \(run.stdout) \(run.stderr)")
        }
    }

    /// A file's [[coins]] entry for a coin the recording does not trade is ignored, one for
    /// its coin replaces that coin's settings; a changed field changes the run.
    @Test func aFileAdjustsOnlyWhatItNames() throws {
        let scratch = Scratch()
        let eth = scratch.file("eth.toml")
        try "[[coins]]\nname = \"ETH\"\nsz_decimals = 4\norder_size = \"0.03\"\nmax_inventory = \"0.3\"\n"
            .write(toFile: eth, atomically: true, encoding: .utf8)
        let same = try MMReplay.run(["verify", Self.recording, "--config", eth])
        #expect(same.status == 0 && same.stdout.contains("identical"), "\(same.stdout) \(same.stderr)")
        let gamma = scratch.file("gamma.toml")
        try "[strategy]\ngamma = 0.9\n".write(toFile: gamma, atomically: true, encoding: .utf8)
        let changed = try MMReplay.run(["verify", Self.recording, "--config", gamma])
        #expect(changed.status == 1 && changed.stdout.contains("diverged at seq"), "\(changed.stdout)")
        #expect(!changed.stdout.contains("diverged at seq 1,"), "it diverged at the first record: the coins were replaced")
        let help = try MMReplay.run(["verify", "--help"])
        #expect(help.stdout.contains("adjust the journal's own config"), "\(help.stdout)")
    }

    /// Was: `report` had no --config or --profile. They adjust the recording's config as on
    /// verify: the page's summary shows the config that ran (production's 10 s stale
    /// threshold), with the recording's coins.
    @Test func reportTakesTheOverridesToo() throws {
        let scratch = Scratch()
        let run = try MMReplay.run(["report", Self.recording, "--profile", "production", "--out", scratch.file("p.html")])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: scratch.file("p.html"), encoding: .utf8)
        #expect(html.contains("stale_data_threshold_s = 10.0"), "the production threshold is not in the page's config")
        #expect(!html.contains("name = &quot;ETH&quot;") && !html.contains("name = \"ETH\""), "the default config's ETH came in")
        let plain = try MMReplay.run(["report", Self.recording, "--out", scratch.file("d.html")])
        #expect(plain.status == 0)
        #expect(try String(contentsOfFile: scratch.file("d.html"), encoding: .utf8).contains("stale_data_threshold_s = 30.0"))
    }

    /// `recordings` ends with one summary line a CI log can be searched for.
    @Test func recordingsPrintsASummary() throws {
        let run = try MMReplay.run(["recordings", RecordingsTests.directory])
        let shipped = try FileManager.default.contentsOfDirectory(atPath: RecordingsTests.directory).filter { $0.hasSuffix(".mmj") }.count
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("\(shipped) checked, \(shipped) ok, 0 changed\n"), "\(run.stdout)")
    }
}
