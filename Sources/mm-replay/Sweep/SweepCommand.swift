import ArgumentParser
import Engine
import Foundation
import Research
import SimulatedExchange
import Synchronization

/// `mm-replay sweep`: many configs over many captures.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Backtest every configuration of a spec on every capture, on all cores; rank the results.",
        discussion: """
        SPEC.toml names config fields by their dotted path in `config show --json`:

            objective = "pnl"            # or "sharpe", "pnl_per_drawdown", ...
            [grid]                       # every combination
            "strategy.gamma" = [0.05, 0.1]
            [random]                     # optional: seeded random samples on top
            samples = 20
            seed = 1
            "strategy.kappa_prior_observations" = { min = 500.0, max = 5000.0 }

        Each configuration (grid combinations, then random samples, over the base
        config: --config or the defaults) is backtested on each capture (SimExchange,
        default settings, the config's fees). Each capture is quoted in its own coins:
        a base config without [[coins]] takes them from the capture (default settings
        for BTC and ETH); one with [[coins]] must list exactly each capture's coins.
        Jobs run on --jobs threads (1...1024; default: every core); the jobs of one
        capture share one read and decoding of it (up to 16 at a time). Each finished
        job leaves DIR/jobs/ID.json, so an interrupted sweep resumes where it stopped.

        When all jobs are done: DIR/results.csv and DIR/results.json, one row per
        config x capture and an aggregate per config, sorted by the objective (pnl,
        sharpe, pnl_per_drawdown, or fill quality: markout_1s, markout_5s, the fills'
        mean markout in bps). Every row holds every varied parameter's effective
        value, origin (grid or random), the fills' markouts (markout_1s_bps,
        markout_5s_bps, markout_60s_bps, adverse_1s_bps), sharpe_samples (hourly PnL
        changes the Sharpe ratio rests on) and warnings: few_sharpe_samples (under
        30), short_capture (under the warm-up plus 300 s), no_fills. Aggregates: means
        over the captures (maker_share and the markouts over the captures with fills
        only), fills, volume and sharpe_samples summed, the largest drawdown, every
        warning. The files are byte-identical whatever the job count or sharding;
        timings and the host go to DIR/sweep.log. `mm-replay report DIR` draws them. A
        recipe: docs/sweep-recipe.md.

        --shard i/N runs every N-th job (from the i-th); `sweep merge DIR... --out DIR`
        combines shard outputs (scripts/ray_sweep.py fans shards out on a Ray cluster).

        Exit codes: 0 done (warnings included); 1 bad spec, config or capture, a config
        whose [[coins]] differ from a capture's, a failed job, or an --out that holds
        another sweep.
        """,
        subcommands: [SweepRun.self, SweepMerge.self],
        defaultSubcommand: SweepRun.self
    )
}

struct SweepRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a sweep (the default: `mm-replay sweep SPEC CAPTURE... --out DIR`).",
        discussion: """
        See `mm-replay sweep --help` for the spec, the results and their warnings, and
        docs/sweep-recipe.md for a recipe.

        Exit codes: 0 done (warnings included); 1 bad spec, config or capture, a config
        whose [[coins]] differ from a capture's, a failed job, or an --out that holds
        another sweep.
        """
    )

    @Argument(help: "The sweep spec (TOML).")
    var spec: String

    @Argument(help: "Capture journals to backtest on.")
    var captures: [String]

    @Option(name: .long, help: "Output directory (created; reused to resume the same sweep).")
    var out: String

    @Option(name: .customLong("jobs"), help: "Worker threads, 1...1024 (default: the number of cores).")
    var jobsOption: Int?

    /// `--jobs`, or the number of cores (at most ``maximumJobs``). The default is not
    /// ArgumentParser's, so `--help` states it once, the same on every machine.
    var jobs: Int { self.jobsOption ?? min(ProcessInfo.processInfo.activeProcessorCount, SweepRun.maximumJobs) }

    /// The most worker threads: one thread each, so a huge count would exhaust the
    /// process's threads long before it helped.
    static let maximumJobs = 1_024

    @Option(name: .long, help: "Run only shard i of N (1-based), e.g. 2/4.")
    var shard: String?

    @Option(name: .long, help: "Base engine config (TOML; without [[coins]], each capture's coins); default: the defaults with each capture's coins.")
    var config: String?

    func validate() throws {
        guard !self.captures.isEmpty else { throw ValidationError("give at least one capture journal") }
        guard (1...Self.maximumJobs).contains(self.jobs) else {
            throw ValidationError("--jobs must be within 1...\(Self.maximumJobs), got \(self.jobs)")
        }
        if let shard = self.shard { _ = try Self.parseShard(shard) }
    }

    static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard must be i/N with 1 <= i <= N, got '\(text)'")
        }
        return (i, n)
    }

    func run() throws {
        try runReportingErrors {
            let text = try String(contentsOfFile: self.spec, encoding: .utf8)
            let spec = try SweepSpec.parse(text, source: self.spec)
            for capture in self.captures where !FileManager.default.fileExists(atPath: capture) {
                throw SweepError.spec("no capture at \(capture)")
            }
            let choice = EngineConfigChoice(file: self.config, profile: nil)
            let base = try choice.base()
            let coins = try self.captures.map { capture in
                try CaptureCoins.fit(base, listsCoins: choice.listsCoins, to: try CaptureCoins.read([capture]), captures: [capture]).coins
            }
            let plan = try SweepPlan(spec: spec, base: base, captures: self.captures, captureCoins: coins)
            let shard = try self.shard.map(Self.parseShard)
            let started = Date()
            let bar = ProgressBar(label: "sweep")
            let (ran, reused, warnings) = try SweepRunner(plan: plan, directory: self.out).run(workers: self.jobs, shard: shard) { done, total in
                bar.update(done: done, total: total, started: started)
            }
            bar.finish()
            let seconds = Date().timeIntervalSince(started)
            let rate = seconds > 0 ? Double(ran) / seconds : 0
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let utilisation = seconds > 0 ? cpu / seconds / Double(cores) * 100 : 0
            StandardError.print("\(plan.configs.count) configs x \(plan.captures.count) captures: \(ran) jobs run, \(reused) reused, \(String(format: "%.1f", seconds)) s (\(String(format: "%.2f", rate)) jobs/s, \(self.jobs) workers, CPU \(Int(utilisation.rounded())) % of \(cores) cores)")
            if let warnings {
                print("results: \(self.out)/results.csv, \(self.out)/results.json")
                printWarnings(warnings, jobs: plan.jobs.count)
            } else {
                print("shard done: \(self.out)/jobs; combine with `mm-replay sweep merge`")
            }
        }
    }
}

struct SweepMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine shard outputs into one results directory.",
        discussion: """
        The directories must hold shards of the same sweep (the same sweep.json); their
        job files are copied into --out and the results written there, byte for byte
        what a single run writes, with the warnings printed.

        Exit codes: 0 merged; 1 a directory that is not a sweep output or holds another
        sweep, or shards that do not cover every job (run the missing shards first).
        """
    )

    @Argument(help: "Shard output directories.")
    var directories: [String]

    @Option(name: .long, help: "Output directory.")
    var out: String

    func run() throws {
        try runReportingErrors {
            let (copied, jobs, warnings) = try SweepRunner.merge(self.directories, into: self.out)
            print("merged \(self.directories.count) directories (\(copied) job results) into \(self.out)/results.csv and results.json")
            printWarnings(warnings, jobs: jobs)
        }
    }
}

/// One line per warning the results carry: how many backtests and what it means.
func printWarnings(_ warnings: SweepRunner.WarningCounts, jobs: Int) {
    for (warning, count) in warnings {
        print("warning: \(count) of \(jobs) backtests \(warning.rawValue): \(warning.explanation)")
    }
}

/// A one-line progress bar with ETA on standard error (only on a terminal or with
/// --progress: plain lines otherwise).
final class ProgressBar: Sendable {
    private let label: String
    private let isTerminal = isatty(2) != 0
    /// The last `done` printed; held while printing, so lines do not interleave.
    private let lastPrinted = Mutex(-1)

    init(label: String) { self.label = label }

    func update(done: Int, total: Int, started: Date) {
        self.lastPrinted.withLock { lastPrinted in
            let elapsed = Date().timeIntervalSince(started)
            let eta = done > 0 && done < total ? elapsed / Double(done) * Double(total - done) : 0
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let text = "\(self.label) [\(bar)] \(done)/\(total) jobs, ETA \(Int(eta.rounded())) s"
            if self.isTerminal {
                FileHandle.standardError.write(Data("\r\(text)".utf8))
            } else if done != lastPrinted {
                FileHandle.standardError.write(Data("\(text)\n".utf8))
            }
            lastPrinted = done
        }
    }

    func finish() { if self.isTerminal { FileHandle.standardError.write(Data("\n".utf8)) } }
}
