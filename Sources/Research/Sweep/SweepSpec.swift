import ConfigFile
import Engine
import TOMLKit

/// What a sweep explores: grid values and seeded random ranges for config fields (by
/// their dotted path in `config show --json`), and the objective results are sorted by.
public struct SweepSpec: Sendable {
    /// How results are ranked.
    public enum Objective: String, Sendable, CaseIterable {
        /// Total PnL at the end of the capture.
        case pnl
        /// Mean over standard deviation of the hourly PnL changes (0 with fewer than two hours).
        case sharpe
        /// PnL divided by the largest drawdown (PnL itself when there was none).
        case pnlPerDrawdown = "pnl_per_drawdown"
        /// Mean markout of the fills 1 s after them (bps; fill quality: adverse selection
        /// lowers it).
        case markout1s = "markout_1s"
        /// Mean markout of the fills 5 s after them (bps).
        case markout5s = "markout_5s"
    }

    /// A random range: uniform reals in [min, max], or integers when both are integers.
    public struct Range: Sendable, Equatable {
        /// The config field's dotted path.
        public var path: String
        /// The smallest value drawn.
        public var min: ConfigValue
        /// The largest value drawn.
        public var max: ConfigValue
    }

    /// What results are ranked by.
    public var objective: Objective = .pnl
    /// Grid fields in path order, each with its values.
    public var grid: [(path: String, values: [ConfigValue])] = []
    /// How many random samples follow the grid's combinations.
    public var randomSamples = 0
    /// The seed of the random samples' generator.
    public var randomSeed: UInt64 = 1
    /// The random samples' ranges, in path order.
    public var ranges: [Range] = []

    /// Parses the spec, checking every path against the config's fields.
    public static func parse(_ text: String, source: String = "spec") throws -> SweepSpec {
        let table: TOMLTable
        if let (at, message) = TOMLText.problem(in: text) { throw SweepError.spec("\(source): \(at): \(message)") }
        do { table = try TOMLTable(string: text) } catch { throw SweepError.spec("\(source): TOML syntax: \(error)") }
        var spec = SweepSpec()
        let known = Set(EngineConfig.parameters.map(\.path))
        func checkPath(_ path: String) throws {
            guard known.contains(path) else {
                throw SweepError.spec("\(source): unknown config field '\(path)'\(Self.suggestion(for: path, among: known.sorted())) (see `mm-replay config show --json`)")
            }
        }
        for key in table.keys.sorted() {
            let node = table[key]!
            switch key {
            case "objective":
                guard let name = node.string, let objective = Objective(rawValue: name) else {
                    throw SweepError.spec("\(source): objective must be one of \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                spec.objective = objective
            case "grid":
                guard let grid = node.table else { throw SweepError.spec("\(source): [grid] must be a table") }
                for path in grid.keys.sorted() {
                    try checkPath(path)
                    guard let array = grid[path]?.array, !array.isEmpty else { throw SweepError.spec("\(source): grid.\"\(path)\" must be a non-empty array") }
                    var values: [ConfigValue] = []
                    for index in 0..<array.count {
                        guard let value = ConfigFile.value(array[index]) else { throw SweepError.spec("\(source): grid.\"\(path)\"[\(index)] is not a number, string or boolean") }
                        values.append(value)
                    }
                    spec.grid.append((path, values))
                }
            case "random":
                guard let random = node.table else { throw SweepError.spec("\(source): [random] must be a table") }
                for field in random.keys.sorted() {
                    switch field {
                    case "samples":
                        guard let n = random[field]?.int, n >= 0 else { throw SweepError.spec("\(source): random.samples must be an integer >= 0") }
                        spec.randomSamples = n
                    case "seed":
                        guard let seed = random[field]?.int, seed >= 0 else { throw SweepError.spec("\(source): random.seed must be an integer >= 0") }
                        spec.randomSeed = UInt64(seed)
                    default:
                        try checkPath(field)
                        guard let range = random[field]?.table, let low = range["min"].flatMap(ConfigFile.value), let high = range["max"].flatMap(ConfigFile.value) else {
                            throw SweepError.spec("\(source): random.\"\(field)\" must be { min = …, max = … }")
                        }
                        spec.ranges.append(Range(path: field, min: low, max: high))
                    }
                }
            default:
                throw SweepError.spec("\(source): unknown key '\(key)' (objective, [grid], [random])")
            }
        }
        guard !spec.grid.isEmpty || (spec.randomSamples > 0 && !spec.ranges.isEmpty) else {
            throw SweepError.spec("\(source): nothing to sweep: give [grid] values or [random] samples and ranges")
        }
        var runs = spec.grid.isEmpty ? 0 : 1
        for (_, values) in spec.grid {
            let (product, overflow) = runs.multipliedReportingOverflow(by: values.count)
            runs = overflow ? Int.max : product
        }
        let (total, overflow) = runs.addingReportingOverflow(spec.randomSamples)
        if overflow || total > Self.maxRuns {
            throw SweepError.spec("\(source): the sweep asks for \(overflow ? "more than \(Int.max)" : String(total)) runs (grid combinations plus random samples); at most \(Self.maxRuns) — split the spec into several smaller specs")
        }
        return spec
    }

    /// "; did you mean X?" for an unknown field: a field the name starts (a truncated
    /// name such as `strategy.kappa_prior`), else the closest by spelling, else nothing.
    static func suggestion(for path: String, among known: [String]) -> String {
        if let extended = known.filter({ $0.hasPrefix(path) }).min(by: { $0.count < $1.count }) { return "; did you mean \(extended)?" }
        return ConfigFile.suggestion(for: path, among: known)
    }

    /// How many grid combinations ``combinations()`` starts with (0 without a grid).
    public var gridCombinationCount: Int {
        self.grid.isEmpty ? 0 : self.grid.reduce(1) { $0 * $1.values.count }
    }

    /// The most runs (grid combinations plus random samples) one spec may ask for.
    public static let maxRuns = 100_000

    /// The parameter sets to run: every grid combination (paths in order, the last
    /// varying fastest), then the random samples (drawn from `randomSeed`), each applied
    /// over the base config.
    public func combinations() -> [[(path: String, value: ConfigValue)]] {
        var result: [[(path: String, value: ConfigValue)]] = [[]]
        for (path, values) in self.grid {
            result = result.flatMap { prefix in values.map { prefix + [(path, $0)] } }
        }
        if self.grid.isEmpty { result = [] }
        var random = Xoshiro256StarStar(seed: self.randomSeed)
        for _ in 0..<self.randomSamples {
            var sample: [(path: String, value: ConfigValue)] = []
            for range in self.ranges {
                switch (range.min, range.max) {
                case (.integer(let low), .integer(let high)):
                    sample.append((range.path, .integer(random.next(in: min(low, high)...max(low, high)))))
                default:
                    let low = Self.real(range.min), high = Self.real(range.max)
                    sample.append((range.path, .real(low + (high - low) * random.nextUnit())))
                }
            }
            result.append(sample)
        }
        return result
    }

    static func real(_ value: ConfigValue) -> Double {
        switch value {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return 0
        }
    }
}

/// Why a sweep could not run.
public enum SweepError: Error, CustomStringConvertible, Sendable {
    /// The spec (or the capture list) is invalid.
    case spec(String)
    /// A configuration of the spec does not validate.
    case config(String)
    /// The output directory or a job's result could not be used or written.
    case output(String)

    /// The message, naming what is wrong.
    public var description: String {
        switch self {
        case .spec(let message), .config(let message), .output(let message): return message
        }
    }
}
