import ConfigFile
import Hashing
import Engine
import Foundation
import JSON

/// One backtest of a sweep: a parameter set on a capture.
public struct SweepJob: Sendable, Equatable {
    /// Position in the full job list (configs × captures, config-major).
    public var index: Int
    /// The configuration's position in ``SweepPlan/configs``.
    public var configIndex: Int
    /// The capture's position in ``SweepPlan/captures``.
    public var captureIndex: Int
    /// `c0001-k01`: stable across runs, shards and machines.
    public var id: String
}

/// One configuration of a sweep: the base config with a grid combination or a random
/// sample applied.
public struct SweepConfiguration: Sendable {
    /// Where a configuration comes from.
    public enum Origin: String, Sendable {
        /// A combination of the spec's `[grid]` values.
        case grid
        /// A seeded sample of the spec's `[random]` ranges.
        case random
    }

    /// `c0001`: grid combinations first, then random samples.
    public var id: String
    /// A grid combination or a random sample.
    public var origin: Origin
    /// The effective value of every parameter the sweep varies (``SweepPlan/parameterPaths``
    /// order), including those this configuration leaves at the base config's value.
    public var parameters: [(path: String, value: ConfigValue)]
    /// The full engine config (coins as the base config lists them).
    public var config: EngineConfig
    /// The first 8 bytes of the SHA-256 of the config's TOML, in hex.
    public var hash: String
}

/// The plan of a sweep: configs (with their parameters) and jobs.
public struct SweepPlan: Sendable {
    /// The spec the plan was built from (for a merged plan: its objective only).
    public var spec: SweepSpec
    /// Every configuration, grid combinations first.
    public var configs: [SweepConfiguration]
    /// Capture file names (results never depend on where the files were).
    public var captureNames: [String]
    /// Capture paths as given.
    public var captures: [String]
    /// The coins each capture is run with, when they are the capture's own (see
    /// ``CaptureCoins``); `nil`: every capture runs the configs' coins.
    public var captureCoins: [[EngineConfig.Coin]]?
    /// Every job, configuration-major.
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

    /// Builds every configuration over `base` and checks it. `captureCoins`, when given,
    /// holds the coins each capture runs with (one entry per capture).
    public init(spec: SweepSpec, base: EngineConfig, captures: [String], captureCoins: [[EngineConfig.Coin]]? = nil) throws {
        self.spec = spec
        self.captures = captures
        self.captureNames = captures.map { String($0.split(separator: "/").last ?? Substring($0)) }
        self.captureCoins = captureCoins
        guard Set(self.captureNames).count == self.captureNames.count else {
            throw SweepError.spec("captures must have distinct file names (results are keyed by name)")
        }
        if let captureCoins, captureCoins.count != captures.count {
            throw SweepError.spec("captureCoins has \(captureCoins.count) entries for \(captures.count) captures")
        }
        let combinations = spec.combinations()
        var paths: [String] = []
        for parameters in combinations { for (path, _) in parameters where !paths.contains(path) { paths.append(path) } }
        var configs: [SweepConfiguration] = []
        for (index, parameters) in combinations.enumerated() {
            var config = base
            for (path, value) in parameters {
                guard let parameter = Self.parameter(path) else { throw SweepError.spec("unknown field \(path)") }
                if let issue = parameter.set(value, in: &config) { throw SweepError.config("\(path) = \(Self.text(value)): \(issue)") }
            }
            let issues = config.validate()
            guard issues.isEmpty else {
                throw SweepError.config("configuration \(index + 1) (\(parameters.map { "\($0.path)=\(Self.text($0.value))" }.joined(separator: ", "))): \(issues.map { "\($0)" }.joined(separator: "; "))")
            }
            let effective = paths.compactMap { path in Self.parameter(path).map { (path, $0.value(in: config)) } }
            let toml = ConfigFile.renderTOML(config)
            let hash = SHA256.hex(SHA256.hash(Array(toml.utf8)).prefix(8))
            let origin: SweepConfiguration.Origin = index < spec.gridCombinationCount ? .grid : .random
            configs.append(SweepConfiguration(id: String(format: "c%04d", index + 1), origin: origin, parameters: effective, config: config, hash: hash))
        }
        self.configs = configs
        self.jobs = Self.jobs(configIDs: configs.map(\.id), captureCount: captures.count)
    }

    /// A plan rebuilt from a manifest (for `merge`): enough to name jobs and print results.
    init(spec: SweepSpec, configs: [SweepConfiguration], captureNames: [String]) {
        self.spec = spec
        self.configs = configs
        self.captureNames = captureNames
        self.captures = captureNames
        self.captureCoins = nil
        self.jobs = Self.jobs(configIDs: configs.map(\.id), captureCount: captureNames.count)
    }

    static func parameter(_ path: String) -> ConfigParameter? { EngineConfig.parameters.first { $0.path == path } }

    /// The jobs of shard `i` of `n` (1-based): every n-th job.
    public func jobs(shard: (index: Int, count: Int)?) -> [SweepJob] {
        guard let shard else { return self.jobs }
        return self.jobs.filter { $0.index % shard.count == shard.index - 1 }
    }

    /// The engine config of a job: its configuration's, with the capture's coins.
    func config(of job: SweepJob) -> EngineConfig {
        var config = self.configs[job.configIndex].config
        if let coins = self.captureCoins?[job.captureIndex] { config.coins = coins }
        return config
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
        var json = JSONWriter()
        json.beginObject()
        if let lists = self.captureCoins {
            json.key("capture_coins")
            json.beginArray()
            for coins in lists {
                json.beginArray()
                for coin in coins { json.value(coin.name) }
                json.endArray()
            }
            json.endArray()
        }
        json.field("captures", strings: self.captureNames)
        json.key("configs")
        json.beginArray()
        for config in self.configs {
            json.beginObject()
            json.field("config_hash", config.hash)
            json.field("id", config.id)
            json.field("origin", config.origin.rawValue)
            json.key("parameters")
            json.beginObject()
            for parameter in config.parameters {
                json.key(parameter.path)
                json.value(Self.text(parameter.value))
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.field("jobs", Int64(self.jobs.count))
        json.field("objective", self.spec.objective.rawValue)
        json.field("parameters", strings: self.parameterPaths)
        json.endObject()
        return json.text + "\n"
    }

    /// Every parameter path that varies, in order.
    var parameterPaths: [String] { self.configs.first?.parameters.map(\.path) ?? [] }
}
