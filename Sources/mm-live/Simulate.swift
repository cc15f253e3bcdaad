import ArgumentParser
import CommandLineStatus
import Foundation
import LiveSimulation

/// `mm-live simulate`: the live driver against hl-sim's venue, in one process, on
/// virtual time, under seeded faults, for many seeds, checked against invariants.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the live loop against a simulated venue under seeded faults and check its invariants.",
        discussion: HelpText.reflow("""
        Each seed runs one session of the very driver `mm-live run` uses, against hl-sim's \
        venue (synthetic BTC market, matching, fills, dead man's switch) on virtual time, \
        with a fault schedule drawn from the seed:
          network  feeds dropped and stalled (half-open: only the ping timeout
                   shows it), connects refused, a market-data stall, HTTP 5xx,
                   transport errors and timeouts after which the request did or
                   did not take effect, answers delayed out of order
          venue    HTTP 429, address rate-limit errors, delayed cancels
                   (cancel-fill races), rejected modifies, operator kill drills
          crash    the process dies between steps and restarts from its journal
                   directory and checkpoint (state lost, venue kept)
        After --duration the faults stop and the session shuts down. Invariants, checked \
        every virtual second and at the end: orders_tracked, position_matches, \
        no_exposure_after_kill, flat_after_kill, kill_survives_restart, fills_booked_once, \
        journals_verify, clean_shutdown, checkpoint_readable (docs/live-operations.md).

        Exit codes: 0 no invariant violated; 1 a violation (each failing seed prints the \
        command that reproduces it), or bad options.
        """))

    @Option(help: "Seeds: N, A-B, or a comma-separated list of those.")
    var seeds: String = "1-20"

    @Option(help: "Faults: none, network, venue, crash, all, or several comma-separated.")
    var faults: String = "all"

    @Option(help: "Virtual seconds of trading per seed before the shutdown.")
    var duration: Int64 = 900

    @Option(help: "Keep each seed's journals and checkpoint in DIR/seed-N.")
    var keep: String?

    @Option(name: .customLong("jobs"), help: "Seeds run at once, 1...64 (default: the number of cores, at most 64).")
    var jobsOption: Int?

    /// `--jobs`, or the number of cores (at most 64, so the default is always valid).
    var jobs: Int { self.jobsOption ?? min(ProcessInfo.processInfo.activeProcessorCount, 64) }

    @Flag(help: "Print one JSON object with the totals and the violations.")
    var json = false

    func validate() throws {
        guard Self.parseSeeds(self.seeds) != nil else { throw ValidationError("--seeds '\(self.seeds)': expected N, A-B or a list of them (seeds 0...\(Int64.max), at most \(Self.maxSeeds) in all)") }
        guard FaultClass.parse(self.faults) != nil else { throw ValidationError("--faults '\(self.faults)': expected none, network, venue, crash or all") }
        guard (10...86_400).contains(self.duration) else { throw ValidationError("--duration must be 10...86400 virtual seconds, got \(self.duration)") }
        guard (1...64).contains(self.jobs) else { throw ValidationError("--jobs must be 1...64, got \(self.jobs)") }
    }

    /// The most seeds one run takes (each is a whole simulated session).
    static let maxSeeds = 1_000_000

    /// The seeds of `--seeds` (N, A-B, or a comma list of them), or nil when malformed
    /// or more than ``maxSeeds``.
    static func parseSeeds(_ text: String) -> [UInt64]? {
        var seeds: [UInt64] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard let low = UInt64(bounds[0].trimmingCharacters(in: .whitespaces)), low <= UInt64(Int64.max) else { return nil }
            if bounds.count == 1 { seeds.append(low); continue }
            guard bounds.count == 2, let high = UInt64(bounds[1].trimmingCharacters(in: .whitespaces)), high >= low, high <= UInt64(Int64.max),
                  high - low < UInt64(Self.maxSeeds), seeds.count + Int(high - low) < Self.maxSeeds else { return nil }
            seeds.append(contentsOf: low...high)
            guard seeds.count <= Self.maxSeeds else { return nil }
        }
        guard seeds.count <= Self.maxSeeds else { return nil }
        return seeds.isEmpty ? nil : seeds
    }

    func run() throws {
        let seeds = Self.parseSeeds(self.seeds)!
        let faults = FaultClass.parse(self.faults)!
        let started = Date()
        let names = faults.isEmpty ? "none" : faults.sorted().map(\.rawValue).joined(separator: ",")
        FileHandle.standardError.write(Data("simulate: \(seeds.count) seeds, faults \(names), \(self.duration) s each, \(self.jobs) at a time\n".utf8))
        let done = Counter()
        let total = seeds.count
        let duration = self.duration
        let keep = self.keep
        let reports = Simulation.run(seeds: seeds, faults: faults, duration: self.duration, keep: self.keep, parallelism: self.jobs) { report in
            let finished = done.increment() + 1
            var line = "seed \(report.seed): \(report.violations.isEmpty ? "ok" : "\(report.violations.count) VIOLATIONS")"
                + " (orders \(report.orders), fills \(report.fills), crashes \(report.crashes), unknown \(report.unknownOutcomes),"
                + " fixes \(report.reconciliationFixes), kills \(report.kills)) [\(finished)/\(total)]\n"
            for violation in report.violations.prefix(5) {
                line += "  \(violation.invariant) at \(String(format: "%.1f", violation.time)) s: \(violation.detail)\n"
            }
            if !report.violations.isEmpty {
                line += "  reproduce: mm-live simulate --seeds \(report.seed) --faults \(names) --duration \(duration) --keep \(keep ?? "/tmp/mm-simulate")\n"
                for log in report.logTail.suffix(12) { line += "  | \(log)\n" }
            }
            FileHandle.standardError.write(Data(line.utf8))
        }
        let violations = reports.reduce(0) { $0 + $1.violations.count }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data("simulate: \(reports.count) seeds in \(String(format: "%.1f", seconds)) s, \(violations) violations\n".utf8))
        if self.json {
            print(Simulation.json(reports, seedRange: self.seeds))
        } else {
            func sum(_ key: (SimulationReport) -> Int) -> Int { reports.reduce(0) { $0 + key($1) } }
            print("seeds \(reports.count), violations \(violations); orders \(sum(\.orders)), fills \(sum(\.fills)), crashes \(sum(\.crashes)),"
                  + " unknown outcomes \(sum(\.unknownOutcomes)), reconciliation fixes \(sum(\.reconciliationFixes)), kills \(sum(\.kills))")
        }
        if violations > 0 { throw ExitCode(1) }
    }
}
