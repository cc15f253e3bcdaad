import Dispatch
import Engine
import Foundation
import JSON
import Synchronization

/// `mm-live simulate` over many seeds: each seed's session runs on its own (two at a
/// time on two cores), and the reports are summed.
public enum Simulation {
    /// Runs every seed; `progress` hears of each finished seed (from any thread).
    public static func run(seeds: [UInt64], faults: Set<FaultClass>, duration: Int64, keep: String?, parallelism: Int,
                           progress: @escaping @Sendable (SimulationReport) -> Void) -> [SimulationReport] {
        let reports = ReportBox()
        let next = Counter()
        let workers = max(1, min(parallelism, seeds.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.increment()
                guard index < seeds.count else { return }
                let seed = seeds[index]
                var options = SimulationOptions(seed: seed, faults: faults, duration: duration)
                options.keepDirectory = keep.map { "\($0)/seed-\(seed)" }
                let report: SimulationReport
                do {
                    let run = try SimulationRun(options: options)
                    report = run.run()
                    if keep == nil { try? FileManager.default.removeItem(atPath: run.directory) }
                } catch {
                    var failed = SimulationReport(seed: seed)
                    failed.violations = [Violation(seed: seed, invariant: "setup", time: 0, detail: "\(error)")]
                    report = failed
                }
                reports.set(report, for: seed)
                progress(report)
            }
        }
        return seeds.compactMap { reports.get($0) }
    }

    /// Runs one session as `options` say (its directory is removed unless kept).
    public static func runOne(_ options: SimulationOptions) throws -> SimulationReport {
        let run = try SimulationRun(options: options)
        let report = run.run()
        if options.keepDirectory == nil { try? FileManager.default.removeItem(atPath: run.directory) }
        return report
    }

    /// The JSON summary: seeds, violations, and the counters that show the faults were
    /// really exercised.
    public static func json(_ reports: [SimulationReport], seedRange: String) -> String {
        func sum(_ key: (SimulationReport) -> Int) -> Int64 { Int64(reports.reduce(0) { $0 + key($1) }) }
        var json = JSONWriter()
        json.beginObject()
        json.field("seeds", Int64(reports.count))
        json.field("seed_range", seedRange)
        json.key("violations")
        json.beginArray()
        for violation in reports.flatMap(\.violations) {
            json.beginObject()
            json.field("seed", violation.seed)
            json.field("invariant", violation.invariant)
            json.field("time", (violation.time * 1_000).rounded() / 1_000)
            json.field("detail", violation.detail)
            json.endObject()
        }
        json.endArray()
        json.field("orders", sum(\.orders))
        json.field("fills", sum(\.fills))
        json.field("partial_fills", sum(\.partialFills))
        json.field("crashes", sum(\.crashes))
        json.field("unknown_outcomes", sum(\.unknownOutcomes))
        json.field("reconciliation_fixes", sum(\.reconciliationFixes))
        json.field("kills", sum(\.kills))
        json.field("feed_faults", sum(\.feedFaults))
        json.endObject()
        return json.text
    }
}

/// A shared counter for handing out work.
public final class Counter: Sendable {
    /// A counter at 0.
    public init() {}
    private let value = Atomic<Int>(0)
    /// The value before the increment.
    public func increment() -> Int { self.value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Reports gathered from the worker threads.
final class ReportBox: Sendable {
    private let reports = Mutex<[UInt64: SimulationReport]>([:])
    func set(_ report: SimulationReport, for seed: UInt64) { self.reports.withLock { $0[seed] = report } }
    func get(_ seed: UInt64) -> SimulationReport? { self.reports.withLock { $0[seed] } }
}
