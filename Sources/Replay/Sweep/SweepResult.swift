import Engine
import Foundation
import Hyperliquid

/// One job's figures, as its result file stores them.
struct SweepResult: Sendable {
    var config: String
    var capture: String
    var configHash: String
    var pnl: Double
    var sharpe: Double
    var pnlPerDrawdown: Double
    var maxDrawdown: Double
    var fills: UInt64
    var volume: Double
    var makerShare: Double
    var timeQuoting: Double
    var events: UInt64
    var digest: String

    init(config: String, capture: String, configHash: String, summary: BacktestSummary) {
        self.config = config
        self.capture = capture
        self.configHash = configHash
        self.pnl = summary.pnl
        var previous = 0.0
        var changes: [Double] = []
        for value in summary.hourlyPnL {
            changes.append(value - previous)
            previous = value
        }
        self.sharpe = Self.sharpe(changes)
        self.maxDrawdown = summary.maxDrawdown
        self.pnlPerDrawdown = summary.maxDrawdown > 0 ? summary.pnl / summary.maxDrawdown : summary.pnl
        self.fills = summary.fills
        self.volume = summary.volume
        self.makerShare = summary.makerShare
        self.timeQuoting = summary.timeQuoting
        self.events = summary.replay.events
        self.digest = summary.replay.digest
    }

    /// Mean over (population) standard deviation of the hourly PnL changes; 0 with fewer
    /// than two or no variation.
    static func sharpe(_ changes: [Double]) -> Double {
        guard changes.count >= 2 else { return 0 }
        let mean = changes.reduce(0, +) / Double(changes.count)
        let variance = changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(changes.count)
        guard variance > 0 else { return 0 }
        return mean / variance.squareRoot()
    }

    /// A number as results print it: Swift's shortest exact text; 0 for non-finite.
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "0" }

    var json: String {
        "{\"capture\":\"\(self.capture)\",\"config\":\"\(self.config)\",\"config_hash\":\"\(self.configHash)\",\"digest\":\"\(self.digest)\","
            + "\"events\":\(self.events),\"fills\":\(self.fills),\"maker_share\":\(Self.number(self.makerShare)),\"max_drawdown\":\(Self.number(self.maxDrawdown)),"
            + "\"pnl\":\(Self.number(self.pnl)),\"pnl_per_drawdown\":\(Self.number(self.pnlPerDrawdown)),\"sharpe\":\(Self.number(self.sharpe)),"
            + "\"time_quoting\":\(Self.number(self.timeQuoting)),\"volume\":\(Self.number(self.volume))}\n"
    }

    init(parsing text: String, path: String) throws {
        guard let json = try? OrderedJSON(parsing: text) else { throw SweepError.output("\(path): not a job result") }
        func string(_ key: String) throws -> String {
            guard case .string(let value)? = json[key] else { throw SweepError.output("\(path): missing \(key)") }
            return value
        }
        func real(_ key: String) throws -> Double {
            switch json[key] {
            case .integer(let v)?: return Double(v)
            case .number(let text)?: if let v = Double(text) { return v }
            default: break
            }
            throw SweepError.output("\(path): missing \(key)")
        }
        func count(_ key: String) throws -> UInt64 {
            guard case .integer(let v)? = json[key], v >= 0 else { throw SweepError.output("\(path): missing \(key)") }
            return UInt64(v)
        }
        self.config = try string("config")
        self.capture = try string("capture")
        self.configHash = try string("config_hash")
        self.digest = try string("digest")
        self.pnl = try real("pnl")
        self.sharpe = try real("sharpe")
        self.pnlPerDrawdown = try real("pnl_per_drawdown")
        self.maxDrawdown = try real("max_drawdown")
        self.fills = try count("fills")
        self.volume = try real("volume")
        self.makerShare = try real("maker_share")
        self.timeQuoting = try real("time_quoting")
        self.events = try count("events")
    }

    func objective(_ objective: SweepSpec.Objective) -> Double {
        switch objective {
        case .pnl: return self.pnl
        case .sharpe: return self.sharpe
        case .pnlPerDrawdown: return self.pnlPerDrawdown
        }
    }
}

/// The sorted results of a sweep as CSV and JSON.
struct SweepTable {
    let plan: SweepPlan
    let rows: [SweepResult]
    let aggregates: [SweepResult]

    init(plan: SweepPlan, results: [SweepResult]) {
        self.plan = plan
        let objective = plan.spec.objective
        func ordered(_ a: SweepResult, _ b: SweepResult) -> Bool {
            let x = a.objective(objective), y = b.objective(objective)
            if x != y { return x > y }
            return (a.config, a.capture) < (b.config, b.capture)
        }
        self.rows = results.sorted(by: ordered)
        var aggregates: [SweepResult] = []
        for config in plan.configs {
            let mine = results.filter { $0.config == config.id }
            guard var total = mine.first else { continue }
            let n = Double(mine.count)
            total.capture = "(all)"
            total.pnl = mine.map(\.pnl).reduce(0, +) / n
            total.sharpe = mine.map(\.sharpe).reduce(0, +) / n
            total.pnlPerDrawdown = mine.map(\.pnlPerDrawdown).reduce(0, +) / n
            total.maxDrawdown = mine.map(\.maxDrawdown).max() ?? 0
            total.fills = mine.map(\.fills).reduce(0, +)
            total.volume = mine.map(\.volume).reduce(0, +)
            total.makerShare = mine.map(\.makerShare).reduce(0, +) / n
            total.timeQuoting = mine.map(\.timeQuoting).reduce(0, +) / n
            total.events = mine.map(\.events).reduce(0, +)
            total.digest = ""
            aggregates.append(total)
        }
        self.aggregates = aggregates.sorted(by: ordered)
    }

    func parameters(of config: String) -> [String] {
        let parameters = self.plan.configs.first { $0.id == config }?.parameters ?? []
        return self.plan.parameterPaths.map { path in parameters.first { $0.path == path }.map { SweepPlan.text($0.value) } ?? "" }
    }

    var csv: String {
        let objective = self.plan.spec.objective
        var lines = [(["kind", "rank", "config", "capture"] + self.plan.parameterPaths
                      + ["objective", "pnl", "sharpe", "pnl_per_drawdown", "max_drawdown", "fills", "volume", "maker_share", "time_quoting", "events", "digest"])
            .joined(separator: ",")]
        for (kind, rows) in [("job", self.rows), ("config", self.aggregates)] {
            for (rank, row) in rows.enumerated() {
                let fields = [kind, String(rank + 1), row.config, row.capture] + self.parameters(of: row.config)
                    + [SweepResult.number(row.objective(objective)), SweepResult.number(row.pnl), SweepResult.number(row.sharpe),
                       SweepResult.number(row.pnlPerDrawdown), SweepResult.number(row.maxDrawdown), String(row.fills), SweepResult.number(row.volume),
                       SweepResult.number(row.makerShare), SweepResult.number(row.timeQuoting), String(row.events), row.digest]
                lines.append(fields.map(Self.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    var json: String {
        func object(_ row: SweepResult, rank: Int) -> String {
            let parameters = zip(self.plan.parameterPaths, self.parameters(of: row.config)).map { "\"\($0)\":\"\($1)\"" }.joined(separator: ",")
            return "{\"rank\":\(rank),\"config\":\"\(row.config)\",\"capture\":\"\(row.capture)\",\"parameters\":{\(parameters)},"
                + "\"objective\":\(SweepResult.number(row.objective(self.plan.spec.objective))),\"pnl\":\(SweepResult.number(row.pnl)),"
                + "\"sharpe\":\(SweepResult.number(row.sharpe)),\"pnl_per_drawdown\":\(SweepResult.number(row.pnlPerDrawdown)),"
                + "\"max_drawdown\":\(SweepResult.number(row.maxDrawdown)),\"fills\":\(row.fills),\"volume\":\(SweepResult.number(row.volume)),"
                + "\"maker_share\":\(SweepResult.number(row.makerShare)),\"time_quoting\":\(SweepResult.number(row.timeQuoting)),"
                + "\"events\":\(row.events),\"digest\":\"\(row.digest)\"}"
        }
        let jobs = self.rows.enumerated().map { object($1, rank: $0 + 1) }.joined(separator: ",\n    ")
        let configs = self.aggregates.enumerated().map { object($1, rank: $0 + 1) }.joined(separator: ",\n    ")
        return "{\n  \"objective\": \"\(self.plan.spec.objective.rawValue)\",\n  \"parameters\": [\(self.plan.parameterPaths.map { "\"\($0)\"" }.joined(separator: ", "))],\n"
            + "  \"captures\": [\(self.plan.captureNames.map { "\"\($0)\"" }.joined(separator: ", "))],\n"
            + "  \"jobs\": [\n    \(jobs)\n  ],\n  \"configs\": [\n    \(configs)\n  ]\n}\n"
    }
}

/// Reads a sweep's manifest back into a plan (for `merge`): ids, parameters as text,
/// capture names.
enum SweepManifest {
    static func plan(from text: String) throws -> SweepPlan {
        guard let json = try? OrderedJSON(parsing: text), case .string(let objectiveName)? = json["objective"],
              let objective = SweepSpec.Objective(rawValue: objectiveName), case .array(let captures)? = json["captures"],
              case .array(let configs)? = json["configs"], case .array(let paths)? = json["parameters"] else {
            throw SweepError.output("sweep.json is not a sweep manifest")
        }
        var spec = SweepSpec()
        spec.objective = objective
        let parameterPaths = paths.compactMap { if case .string(let p) = $0 { p } else { nil } }
        var plannedConfigs: [(id: String, parameters: [(path: String, value: ConfigValue)], config: EngineConfig, hash: String)] = []
        for config in configs {
            guard case .string(let id)? = config["id"], case .string(let hash)? = config["config_hash"] else { throw SweepError.output("sweep.json: bad config entry") }
            var parameters: [(path: String, value: ConfigValue)] = []
            for path in parameterPaths {
                if case .string(let value)? = config["parameters"]?[path] { parameters.append((path, .text(value))) }
            }
            plannedConfigs.append((id, parameters, EngineConfig(), hash))
        }
        let names = captures.compactMap { if case .string(let name) = $0 { name } else { nil } }
        return SweepPlan(spec: spec, configs: plannedConfigs, captureNames: names)
    }
}

extension SweepPlan {
    /// A plan rebuilt from a manifest: enough to name jobs and print results.
    init(spec: SweepSpec, configs: [(id: String, parameters: [(path: String, value: ConfigValue)], config: EngineConfig, hash: String)], captureNames: [String]) {
        self.spec = spec
        self.configs = configs
        self.captureNames = captureNames
        self.captures = captureNames
        self.jobs = Self.jobs(configIDs: configs.map(\.id), captureCount: captureNames.count)
    }
}
