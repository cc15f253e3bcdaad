import Engine
import Foundation
import JSON
import Replay

/// One job's figures, as its result file stores them (or one configuration's aggregate).
struct SweepResult: Sendable {
    var config: String
    var capture: String
    var configHash: String
    var pnl: Double
    var sharpe: Double
    /// How many hourly PnL changes the Sharpe ratio rests on.
    var sharpeSamples: Int
    var pnlPerDrawdown: Double
    var maxDrawdown: Double
    var fills: UInt64
    var volume: Double
    var makerShare: Double
    var timeQuoting: Double
    /// Mean markouts of the fills at 1, 5 and 60 s and mean adverse selection at 1 s (bps;
    /// 0 without fills).
    var markout1s: Double
    var markout5s: Double
    var markout60s: Double
    var adverse1s: Double
    /// Seconds of virtual time the capture's market data spans.
    var durationSeconds: Double
    var events: UInt64
    var warnings: [SweepWarning]
    var digest: String

    init(config: String, capture: String, configHash: String, summary: BacktestSummary, engineConfig: EngineConfig) {
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
        self.sharpeSamples = changes.count
        self.maxDrawdown = summary.maxDrawdown
        self.pnlPerDrawdown = summary.maxDrawdown > 0 ? summary.pnl / summary.maxDrawdown : summary.pnl
        self.fills = summary.fills
        self.volume = summary.volume
        self.makerShare = summary.makerShare
        self.timeQuoting = summary.timeQuoting
        let quality = summary.replay.fillQuality
        self.markout1s = quality.meanMarkoutBps[0]
        self.markout5s = quality.meanMarkoutBps[1]
        self.markout60s = quality.meanMarkoutBps[3]
        self.adverse1s = quality.meanAdverseSelectionBps[0]
        self.durationSeconds = summary.marketSeconds
        self.events = summary.replay.events
        self.digest = summary.replay.digest
        self.warnings = SweepWarning.of(sharpeSamples: changes.count, durationSeconds: summary.marketSeconds, fills: summary.fills, config: engineConfig)
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

    /// The aggregate of one configuration's results: means over the captures (maker
    /// share: over the captures with fills only), fills, volume, events, Sharpe samples and
    /// durations summed, the largest drawdown, every warning.
    init(aggregating results: [SweepResult]) {
        self = results[0]
        let n = Double(results.count)
        func mean(_ value: KeyPath<SweepResult, Double>, of rows: [SweepResult]) -> Double {
            rows.isEmpty ? 0 : rows.map { $0[keyPath: value] }.reduce(0, +) / Double(rows.count)
        }
        self.capture = "(all)"
        self.pnl = mean(\.pnl, of: results)
        self.sharpe = mean(\.sharpe, of: results)
        self.sharpeSamples = results.map(\.sharpeSamples).reduce(0, +)
        self.pnlPerDrawdown = mean(\.pnlPerDrawdown, of: results)
        self.maxDrawdown = results.map(\.maxDrawdown).max() ?? 0
        self.fills = results.map(\.fills).reduce(0, +)
        self.volume = results.map(\.volume).reduce(0, +)
        self.makerShare = mean(\.makerShare, of: results.filter { $0.fills > 0 })
        self.markout1s = mean(\.markout1s, of: results.filter { $0.fills > 0 })
        self.markout5s = mean(\.markout5s, of: results.filter { $0.fills > 0 })
        self.markout60s = mean(\.markout60s, of: results.filter { $0.fills > 0 })
        self.adverse1s = mean(\.adverse1s, of: results.filter { $0.fills > 0 })
        self.timeQuoting = results.map(\.timeQuoting).reduce(0, +) / n
        self.durationSeconds = results.map(\.durationSeconds).reduce(0, +)
        self.events = results.map(\.events).reduce(0, +)
        self.warnings = SweepWarning.union(results.map(\.warnings))
        self.digest = ""
    }

    /// A number as results print it: Swift's shortest exact text; 0 for non-finite.
    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "0" }

    /// The warnings as one field: codes joined by `;`.
    var warningList: String { self.warnings.map(\.rawValue).joined(separator: ";") }

    /// The job's result file: one JSON object, keys sorted, and a newline.
    var json: String {
        var json = JSONWriter()
        json.beginObject()
        json.field("capture", self.capture)
        json.field("config", self.config)
        json.field("config_hash", self.configHash)
        json.field("digest", self.digest)
        json.key("duration_s"); json.number(self.durationSeconds)
        json.field("events", self.events)
        json.field("fills", self.fills)
        json.key("maker_share"); json.number(self.makerShare)
        json.key("markout_1s_bps"); json.number(self.markout1s)
        json.key("markout_5s_bps"); json.number(self.markout5s)
        json.key("markout_60s_bps"); json.number(self.markout60s)
        json.key("adverse_1s_bps"); json.number(self.adverse1s)
        json.key("max_drawdown"); json.number(self.maxDrawdown)
        json.key("pnl"); json.number(self.pnl)
        json.key("pnl_per_drawdown"); json.number(self.pnlPerDrawdown)
        json.key("sharpe"); json.number(self.sharpe)
        json.field("sharpe_samples", Int64(self.sharpeSamples))
        json.key("time_quoting"); json.number(self.timeQuoting)
        json.key("volume"); json.number(self.volume)
        json.field("warnings", strings: self.warnings.map(\.rawValue))
        json.endObject()
        return json.text + "\n"
    }

    init(parsing text: String, path: String) throws {
        guard let json = try? OrderedJSON(parsing: text) else { throw SweepError.output("\(path): not a job result") }
        func missing(_ key: String) -> SweepError {
            SweepError.output("\(path): missing \(key) (a job file of an older mm-replay? delete \(path) and run the sweep again to redo the job)")
        }
        func string(_ key: String) throws -> String {
            guard case .string(let value)? = json[key] else { throw missing(key) }
            return value
        }
        func real(_ key: String) throws -> Double {
            switch json[key] {
            case .integer(let v)?: return Double(v)
            case .number(let text)?: if let v = Double(text) { return v }
            default: break
            }
            throw missing(key)
        }
        func count(_ key: String) throws -> UInt64 {
            guard case .integer(let v)? = json[key], v >= 0 else { throw missing(key) }
            return UInt64(v)
        }
        self.config = try string("config")
        self.capture = try string("capture")
        self.configHash = try string("config_hash")
        self.digest = try string("digest")
        self.pnl = try real("pnl")
        self.sharpe = try real("sharpe")
        self.sharpeSamples = Int(try count("sharpe_samples"))
        self.pnlPerDrawdown = try real("pnl_per_drawdown")
        self.maxDrawdown = try real("max_drawdown")
        self.fills = try count("fills")
        self.volume = try real("volume")
        self.makerShare = try real("maker_share")
        self.timeQuoting = try real("time_quoting")
        self.markout1s = try real("markout_1s_bps")
        self.markout5s = try real("markout_5s_bps")
        self.markout60s = try real("markout_60s_bps")
        self.adverse1s = try real("adverse_1s_bps")
        self.durationSeconds = try real("duration_s")
        self.events = try count("events")
        guard case .array(let codes)? = json["warnings"] else { throw missing("warnings") }
        self.warnings = try codes.map { code in
            guard case .string(let name) = code, let warning = SweepWarning(rawValue: name) else { throw SweepError.output("\(path): unknown warning \(code.text)") }
            return warning
        }
    }

    func objective(_ objective: SweepSpec.Objective) -> Double {
        switch objective {
        case .pnl: return self.pnl
        case .sharpe: return self.sharpe
        case .pnlPerDrawdown: return self.pnlPerDrawdown
        case .markout1s: return self.markout1s
        case .markout5s: return self.markout5s
        }
    }
}

extension JSONWriter {
    /// Writes a result figure as results print it (``SweepResult/number(_:)``: 0 for a
    /// non-finite value, never null).
    mutating func number(_ value: Double) { self.value(value.isFinite ? value : 0) }
}
