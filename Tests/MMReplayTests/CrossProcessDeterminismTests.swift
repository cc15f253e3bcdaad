import Foundation
import TestSupport
import Testing

/// Determinism across processes. Swift seeds its hashing at random in every process
/// (unless `SWIFT_DETERMINISTIC_HASHING` is set), so an output that depends on the order
/// of a `Set` or `Dictionary` can be the same on every run inside one test process and
/// still differ between two `mm-replay` invocations. These tests run `mm-replay` twice
/// per input, in separate processes with that variable removed, and compare the outputs
/// byte for byte.
@Suite(.tags(.endToEnd)) struct CrossProcessDeterminismTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    /// Every child runs with the per-process random hashing seed.
    static let randomHashing: [String: String?] = ["SWIFT_DETERMINISTIC_HASHING": nil]

    /// Runs `mm-replay arguments` in a fresh process (random hashing seed) and returns its
    /// standard output; a failed run is an error naming the command.
    static func output(_ arguments: [String]) throws -> String {
        let run = try runChildProcess(MMReplay.executable, arguments, environment: Self.randomHashing)
        guard run.status == 0 else {
            throw CLITestFailure(description: "mm-replay \(arguments.joined(separator: " ")) exited \(run.status): \(run.stderr)")
        }
        return run.stdout
    }

    @Test func theTestProcessDoesNotFixTheHashingSeed() {
        // Children inherit the rest of this environment; the variable is removed for them
        // anyway, but a set value here would mean the in-process determinism tests ran
        // with one fixed seed.
        #expect(ProcessInfo.processInfo.environment["SWIFT_DETERMINISTIC_HASHING"] == nil)
    }

    /// Every shipped recording replayed in two processes: the whole `--json` summary
    /// (command digest, decision counts, story, final state) is the same bytes.
    @Test func replaysOfEveryRecordingAreByteIdenticalAcrossProcesses() throws {
        let recordings = try FileManager.default.contentsOfDirectory(atPath: Self.project + "/recordings")
            .filter { $0.hasSuffix(".mmj") }.sorted()
        try #require(recordings.count >= 10, "the recordings directory: \(recordings)")
        for name in recordings {
            let path = Self.project + "/recordings/" + name
            let first = try Self.output(["replay", path, "--json"])
            let second = try Self.output(["replay", path, "--json"])
            #expect(first.contains(#""digest":""#), "\(name): \(first.prefix(200))")
            #expect(first == second, "\(name): replay --json differs between two processes")
        }
    }

    /// A two-coin backtest and a small sweep (four configs on two captures, two worker
    /// threads) in two processes each: the backtest summary and the sweep's results files
    /// are the same bytes.
    @Test func backtestsAndSweepsAreByteIdenticalAcrossProcesses() throws {
        let scratch = Scratch("cross-process")
        for seed in [1, 2] {
            _ = try Self.output(["journal", "synth", "--out", scratch.file("c\(seed).mmj"), "--seed", String(seed), "--events", "10000"])
        }
        let captures = [scratch.file("c1.mmj"), scratch.file("c2.mmj")]
        let backtest = try Self.output(["backtest"] + captures + ["--json"])
        #expect(backtest.contains(#""digest":""#), "\(backtest.prefix(200))")
        #expect(try Self.output(["backtest"] + captures + ["--json"]) == backtest, "backtest --json differs between two processes")

        try """
            objective = "pnl"
            [grid]
            "strategy.gamma" = [0.05, 0.2]
            "quoting.levels" = [1, 2]
            """.write(toFile: scratch.file("spec.toml"), atomically: true, encoding: .utf8)
        for out in ["a", "b"] {
            _ = try Self.output(["sweep", scratch.file("spec.toml")] + captures + ["--out", scratch.file(out), "--jobs", "2"])
        }
        for file in ["results.csv", "results.json"] {
            let a = contents(scratch.file("a/" + file))
            #expect(!a.isEmpty, "sweep wrote no \(file)")
            #expect(a == contents(scratch.file("b/" + file)), "\(file) differs between two processes")
        }
    }
}
