import Engine
import Foundation
import Journal
import Replay
import SimulatedExchange
import Synchronization

/// Runs a sweep's jobs on worker threads, writing one result file per job
/// (`DIR/jobs/ID.json`: a finished job is not run again), then the results. The jobs of
/// one capture run together on one read of it (see ``units(of:workers:)``).
public struct SweepRunner: Sendable {
    /// The configurations and captures to run.
    public let plan: SweepPlan
    /// The output directory (`jobs/`, `sweep.json`, the results).
    public let directory: String
    /// The simulator's settings for every job (fees come from each job's config).
    public var exchange = SimExchangeConfig()

    /// A runner of `plan` writing into `directory`.
    public init(plan: SweepPlan, directory: String) {
        self.plan = plan
        self.directory = directory
    }

    /// How many jobs have each warning (``SweepWarning`` order; only warnings some job has).
    public typealias WarningCounts = [(warning: SweepWarning, jobs: Int)]

    /// Runs the (shard's) jobs not done yet with `workers` threads; `progress` gets
    /// (done, total) after each job. Returns how many jobs ran, how many were done
    /// already, and the results' warnings (nil while jobs of other shards are missing).
    public func run(workers: Int, shard: (index: Int, count: Int)?,
                    progress: @escaping @Sendable (Int, Int) -> Void) throws -> (ran: Int, reused: Int, warnings: WarningCounts?) {
        let manager = FileManager.default
        try manager.createDirectory(atPath: self.directory + "/jobs", withIntermediateDirectories: true)
        let manifestPath = self.directory + "/sweep.json"
        if let existing = try? String(contentsOfFile: manifestPath, encoding: .utf8), existing != self.plan.manifest {
            throw SweepError.output("\(self.directory) holds another sweep (different spec, captures or base config); use a new --out")
        }
        try self.plan.manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let all = self.plan.jobs(shard: shard)
        let pending = all.filter { !manager.fileExists(atPath: self.jobPath($0)) }
        let reused = all.count - pending.count
        let log = SweepLog(path: self.directory + "/sweep.log")
        let units = Self.units(of: pending, workers: max(1, workers))
        let workerCount = max(1, min(workers, units.count))
        // A backtest decodes its capture on a second thread; once the workers alone fill
        // the cores, that thread would only compete with them, so each unit then decodes
        // on its own worker.
        let decodeOnThread = workerCount < ProcessInfo.processInfo.activeProcessorCount
        log.line("sweep: \(all.count) jobs in this run (\(reused) already done), \(max(1, workers)) workers, host \(ProcessInfo.processInfo.hostName), \(units.count) capture reads, decoding \(decodeOnThread ? "on a thread of its own" : "on each worker")")
        let state = WorkQueue(count: units.count)
        let failure = SharedError()
        progress(reused, all.count)
        // Each worker leaves `running` as its last act: `wait()` joins them all.
        let running = DispatchGroup()
        let threads = (0..<workerCount).map { _ in
            running.enter()
            return Thread {
                while let next = state.take(), failure.error == nil {
                    let unit = units[next]
                    let capture = self.plan.captureNames[unit[0].captureIndex]
                    let started = Date()
                    do {
                        try self.execute(unit, decodeOnThread: decodeOnThread)
                        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
                        for job in unit { log.line("job \(job.id) \(capture) \(seconds) s (\(unit.count) job(s) on one read of the capture)") }
                    } catch {
                        failure.set(SweepError.output("job(s) \(unit.map(\.id).joined(separator: ", ")) on \(capture): \(error)"))
                    }
                    for _ in unit { progress(reused + state.finish(), all.count) }
                }
                running.leave()
            }
        }
        threads.forEach { $0.start() }
        running.wait()
        if let error = failure.error { throw error }
        let warnings = try Self.writeResults(directory: self.directory, plan: self.plan)
        return (pending.count, reused, warnings)
    }

    /// At most this many jobs share one read of a capture (each holds an engine and a
    /// simulator; more would also make progress coarse).
    static let maxJobsPerRead = 16

    /// The jobs grouped by capture into units run together on one read of it: as few
    /// reads as possible while giving every worker a unit (a capture's jobs are split
    /// when there are fewer captures than workers). Plan order is kept.
    static func units(of jobs: [SweepJob], workers: Int) -> [[SweepJob]] {
        var groups: [[SweepJob]] = []
        var groupOfCapture: [Int: Int] = [:]
        for job in jobs {
            if let g = groupOfCapture[job.captureIndex] {
                groups[g].append(job)
            } else {
                groupOfCapture[job.captureIndex] = groups.count
                groups.append([job])
            }
        }
        guard !groups.isEmpty else { return [] }
        let splits = max(1, (workers + groups.count - 1) / groups.count)
        var units: [[SweepJob]] = []
        for group in groups {
            let size = max(1, min(Self.maxJobsPerRead, (group.count + splits - 1) / splits))
            var start = 0
            while start < group.count {
                units.append(Array(group[start..<min(group.count, start + size)]))
                start += size
            }
        }
        return units
    }

    func jobPath(_ job: SweepJob) -> String { self.directory + "/jobs/\(job.id).json" }

    /// The backtests of `unit` (jobs of one capture) on one read of the capture; each
    /// result file is written atomically (rename), so a killed sweep never leaves a
    /// half-written result behind.
    func execute(_ unit: [SweepJob], decodeOnThread: Bool) throws {
        let configs = unit.map { self.plan.config(of: $0) }
        let runners = configs.map { config in
            var exchange = self.exchange
            exchange.makerFeeBps = config.fees.makerBps
            exchange.takerFeeBps = config.fees.takerBps
            return BacktestRunner(config: config, exchange: exchange)
        }
        let summaries = try BacktestRunner.run(runners, captures: [self.plan.captures[unit[0].captureIndex]], decodeOnThread: decodeOnThread)
        for (i, job) in unit.enumerated() {
            let configuration = self.plan.configs[job.configIndex]
            let result = SweepResult(config: configuration.id, capture: self.plan.captureNames[job.captureIndex], configHash: configuration.hash,
                                     summary: summaries[i], engineConfig: configs[i])
            try result.json.write(toFile: self.jobPath(job), atomically: true, encoding: .utf8)
        }
    }

    /// Reads every job file the plan names from `directory/jobs` and writes the sorted
    /// `results.csv` and `results.json` (only when all jobs are present; a shard's
    /// directory gets `results.partial` instead). Returns the results' warnings, or nil
    /// for a partial directory.
    @discardableResult
    public static func writeResults(directory: String, plan: SweepPlan) throws -> WarningCounts? {
        var results: [SweepResult] = []
        var missing = 0
        for job in plan.jobs {
            let path = directory + "/jobs/\(job.id).json"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { missing += 1; continue }
            results.append(try SweepResult(parsing: text, path: path))
        }
        let table = SweepTable(plan: plan, results: results)
        if missing > 0 {
            try "\(results.count) of \(plan.jobs.count) jobs done here; combine the shards with `mm-replay sweep merge`\n"
                .write(toFile: directory + "/results.partial", atomically: true, encoding: .utf8)
            return nil
        }
        try? FileManager.default.removeItem(atPath: directory + "/results.partial")
        try table.csv.write(toFile: directory + "/results.csv", atomically: true, encoding: .utf8)
        try table.json.write(toFile: directory + "/results.json", atomically: true, encoding: .utf8)
        return table.warningCounts
    }

    /// Combines shard directories into `output`: their job files and the results.
    /// Returns how many job files were copied, how many jobs the sweep has, and the
    /// results' warnings.
    public static func merge(_ directories: [String], into output: String) throws -> (copied: Int, jobs: Int, warnings: WarningCounts) {
        let manager = FileManager.default
        guard let first = directories.first, let manifest = try? String(contentsOfFile: first + "/sweep.json", encoding: .utf8) else {
            throw SweepError.output("\(directories.first ?? "?") is not a sweep output (no sweep.json)")
        }
        try manager.createDirectory(atPath: output + "/jobs", withIntermediateDirectories: true)
        var copied = 0
        for directory in directories {
            guard let other = try? String(contentsOfFile: directory + "/sweep.json", encoding: .utf8) else {
                throw SweepError.output("\(directory) is not a sweep output (no sweep.json)")
            }
            guard other == manifest else { throw SweepError.output("\(directory) is a different sweep than \(first)") }
            for name in try manager.contentsOfDirectory(atPath: directory + "/jobs").sorted() where name.hasSuffix(".json") {
                let target = output + "/jobs/" + name
                if !manager.fileExists(atPath: target) {
                    try manager.copyItem(atPath: directory + "/jobs/" + name, toPath: target)
                    copied += 1
                }
            }
        }
        try manifest.write(toFile: output + "/sweep.json", atomically: true, encoding: .utf8)
        let plan = try SweepManifest.plan(from: manifest)
        guard let warnings = try Self.writeResults(directory: output, plan: plan) else {
            throw SweepError.output("the shards do not cover every job (see \(output)/results.partial): run the missing shards, then merge again")
        }
        return (copied, plan.jobs.count, warnings)
    }
}

/// The workers' job counter: each job index is taken once.
final class WorkQueue: Sendable {
    private let next = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// How many jobs there are.
    let count: Int

    init(count: Int) { self.count = count }

    /// The next job's index, or nil when all are taken.
    func take() -> Int? {
        let index = self.next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < self.count ? index : nil
    }

    /// Counts a finished job; returns how many have finished.
    func finish() -> Int { self.finished.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// The first error a worker hit (the others stop taking jobs).
final class SharedError: Sendable {
    private let stored = Mutex<Error?>(nil)
    /// The first error set, if any.
    var error: Error? { self.stored.withLock { $0 } }
    /// Keeps `error` unless one is kept already.
    func set(_ error: Error) { self.stored.withLock { if $0 == nil { $0 = error } } }
}

/// Timings and hosts: kept out of the results so those stay byte-identical.
final class SweepLog: Sendable {
    /// Held while a line is appended, so lines from workers do not interleave.
    private let lock = Mutex(())
    private let path: String

    init(path: String) { self.path = path }

    func line(_ text: String) {
        self.lock.withLock { _ in
            let line = "\(Date()) \(text)\n"
            if let handle = FileHandle(forWritingAtPath: self.path) {
                handle.seekToEndOfFile()
                handle.write(Data(line.utf8))
                try? handle.close()
            } else {
                try? line.write(toFile: self.path, atomically: false, encoding: .utf8)
            }
        }
    }
}
