import Crypto
import Engine
import Foundation
import Journal

/// One backtest of a sweep: a parameter set on a capture.
public struct SweepJob: Sendable, Equatable {
    /// Position in the full job list (configs × captures, config-major).
    public var index: Int
    public var configIndex: Int
    public var captureIndex: Int
    /// `c0001-k01`: stable across runs, shards and machines.
    public var id: String
}

/// The plan of a sweep: configs (with their parameters) and jobs.
public struct SweepPlan: Sendable {
    public var spec: SweepSpec
    public var configs: [(id: String, parameters: [(path: String, value: ConfigValue)], config: EngineConfig, hash: String)]
    /// Capture file names (results never depend on where the files were).
    public var captureNames: [String]
    public var captures: [String]
    public var jobs: [SweepJob]

    /// One job per configuration and capture, configuration-major, named `cNNNN-kMM`.
    static func jobs(configIDs: [String], captureCount: Int) -> [SweepJob] {
        var jobs: [SweepJob] = []
        for (c, id) in configIDs.enumerated() {
            for k in 0..<captureCount {
                jobs.append(SweepJob(index: jobs.count, configIndex: c, captureIndex: k, id: "\(id)-k\(String(format: "%02d", k + 1))"))
            }
        }
        return jobs
    }

    /// Builds every configuration over `base` and checks it.
    public init(spec: SweepSpec, base: EngineConfig, captures: [String]) throws {
        self.spec = spec
        self.captures = captures
        self.captureNames = captures.map { String($0.split(separator: "/").last ?? Substring($0)) }
        guard Set(self.captureNames).count == self.captureNames.count else {
            throw SweepError.spec("captures must have distinct file names (results are keyed by name)")
        }
        var configs: [(id: String, parameters: [(path: String, value: ConfigValue)], config: EngineConfig, hash: String)] = []
        for (index, parameters) in spec.combinations().enumerated() {
            var config = base
            for (path, value) in parameters {
                guard let parameter = EngineConfig.parameters.first(where: { $0.path == path }) else { throw SweepError.spec("unknown field \(path)") }
                if let issue = parameter.set(value, in: &config) { throw SweepError.config("\(path) = \(Self.text(value)): \(issue)") }
            }
            let issues = config.validate()
            guard issues.isEmpty else {
                throw SweepError.config("configuration \(index + 1) (\(parameters.map { "\($0.path)=\(Self.text($0.value))" }.joined(separator: ", "))): \(issues.map { "\($0)" }.joined(separator: "; "))")
            }
            let toml = ConfigFile.renderTOML(config)
            let hash = SHA256.hash(data: Array(toml.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
            configs.append((String(format: "c%04d", index + 1), parameters, config, hash))
        }
        self.configs = configs
        self.jobs = Self.jobs(configIDs: configs.map(\.id), captureCount: captures.count)
    }

    /// The jobs of shard `i` of `n` (1-based): every n-th job.
    public func jobs(shard: (index: Int, count: Int)?) -> [SweepJob] {
        guard let shard else { return self.jobs }
        return self.jobs.filter { $0.index % shard.count == shard.index - 1 }
    }

    static func text(_ value: ConfigValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .real(let v): return v.description
        case .text(let v): return v
        case .flag(let v): return String(v)
        }
    }

    /// The manifest every output directory carries (what the jobs are), sorted keys.
    var manifest: String {
        let configs = self.configs.map { config -> String in
            let parameters = config.parameters.map { "\"\($0.path)\":\"\(Self.text($0.value))\"" }.joined(separator: ",")
            return "{\"config_hash\":\"\(config.hash)\",\"id\":\"\(config.id)\",\"parameters\":{\(parameters)}}"
        }
        return "{\"captures\":[\(self.captureNames.map { "\"\($0)\"" }.joined(separator: ","))],\"configs\":[\(configs.joined(separator: ","))],"
            + "\"jobs\":\(self.jobs.count),\"objective\":\"\(self.spec.objective.rawValue)\",\"parameters\":[\(self.parameterPaths.map { "\"\($0)\"" }.joined(separator: ","))]}\n"
    }

    /// Every parameter path that varies, in order.
    var parameterPaths: [String] {
        var paths: [String] = []
        for config in self.configs { for (path, _) in config.parameters where !paths.contains(path) { paths.append(path) } }
        return paths
    }
}

/// Runs a sweep's jobs on worker threads, one backtest each, writing one result file per
/// job (`DIR/jobs/ID.json`: a finished job is not run again), then the results.
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let directory: String
    public var exchange = SimExchangeConfig()

    public init(plan: SweepPlan, directory: String) {
        self.plan = plan
        self.directory = directory
    }

    /// Runs the (shard's) jobs not done yet with `workers` threads; `progress` gets
    /// (done, total) after each job. Returns how many jobs ran and how many were done already.
    public func run(workers: Int, shard: (index: Int, count: Int)?, progress: @escaping @Sendable (Int, Int) -> Void) throws -> (ran: Int, reused: Int) {
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
        log.line("sweep: \(all.count) jobs in this run (\(reused) already done), \(max(1, workers)) workers, host \(ProcessInfo.processInfo.hostName)")
        let state = WorkQueue(count: pending.count)
        let failure = SharedError()
        progress(reused, all.count)
        let threads = (0..<max(1, min(workers, max(1, pending.count)))).map { _ in
            Thread {
                while let next = state.take(), failure.error == nil {
                    let job = pending[next]
                    let started = Date()
                    do {
                        try self.execute(job)
                        log.line("job \(job.id) \(self.plan.captureNames[job.captureIndex]) \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
                    } catch {
                        failure.set(SweepError.output("job \(job.id) on \(self.plan.captureNames[job.captureIndex]): \(error)"))
                    }
                    progress(reused + state.finish(), all.count)
                }
                state.threadDone()
            }
        }
        threads.forEach { $0.start() }
        state.waitForThreads(threads.count)
        if let error = failure.error { throw error }
        try Self.writeResults(directory: self.directory, plan: self.plan)
        return (pending.count, reused)
    }

    func jobPath(_ job: SweepJob) -> String { self.directory + "/jobs/\(job.id).json" }

    /// One backtest; the result file is written atomically (rename), so a killed sweep
    /// never leaves a half-written result behind.
    func execute(_ job: SweepJob) throws {
        let config = self.plan.configs[job.configIndex]
        let summary = try BacktestRunner(config: config.config, exchange: self.exchange).run(captures: [self.plan.captures[job.captureIndex]])
        let result = SweepResult(config: config.id, capture: self.plan.captureNames[job.captureIndex], configHash: config.hash, summary: summary)
        try result.json.write(toFile: self.jobPath(job), atomically: true, encoding: .utf8)
    }

    /// Reads every job file the plan names from `directory/jobs` and writes the sorted
    /// `results.csv` and `results.json` (only when all jobs are present; a shard's
    /// directory gets `results.partial` instead).
    public static func writeResults(directory: String, plan: SweepPlan) throws {
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
            return
        }
        try? FileManager.default.removeItem(atPath: directory + "/results.partial")
        try table.csv.write(toFile: directory + "/results.csv", atomically: true, encoding: .utf8)
        try table.json.write(toFile: directory + "/results.json", atomically: true, encoding: .utf8)
    }

    /// Combines shard directories into `output`: their job files and the results.
    public static func merge(_ directories: [String], into output: String) throws -> Int {
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
        try Self.writeResults(directory: output, plan: plan)
        if manager.fileExists(atPath: output + "/results.partial") {
            throw SweepError.output("the shards do not cover every job (see \(output)/results.partial)")
        }
        return copied
    }
}

/// A thread-safe job counter for the workers.
final class WorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var finished = 0
    private var threadsDone = 0
    let count: Int

    init(count: Int) { self.count = count }

    func take() -> Int? {
        self.condition.withLock {
            guard self.next < self.count else { return nil }
            defer { self.next += 1 }
            return self.next
        }
    }

    func finish() -> Int { self.condition.withLock { self.finished += 1; return self.finished } }

    func threadDone() {
        self.condition.withLock {
            self.threadsDone += 1
            self.condition.broadcast()
        }
    }

    func waitForThreads(_ n: Int) {
        self.condition.lock()
        while self.threadsDone < n { self.condition.wait() }
        self.condition.unlock()
    }
}

final class SharedError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { self.lock.withLock { self.stored } }
    func set(_ error: Error) { self.lock.withLock { if self.stored == nil { self.stored = error } } }
}

/// Timings and hosts: kept out of the results so those stay byte-identical.
final class SweepLog: @unchecked Sendable {
    private let lock = NSLock()
    private let path: String

    init(path: String) { self.path = path }

    func line(_ text: String) {
        self.lock.withLock {
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
