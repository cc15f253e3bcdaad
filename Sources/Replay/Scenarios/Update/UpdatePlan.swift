import ConfigFile
import Engine
import Foundation
import Journal
import SimulatedExchange

/// What `recordings --update-digests` will do to one recording, decided from its header
/// before anything is written.
struct UpdatePlan {
    enum Kind {
        case scenario(Scenario, seed: UInt64)
        case syntheticBacktest(seed: UInt64, capture: String)
        case rebaseline
    }

    let name: String
    let path: String
    let metadata: JournalMetadata
    let kind: Kind

    /// Reads the recording's header; throws ``RecordingsUpdateError`` when it cannot be
    /// read, or when it can be neither regenerated nor rebaselined.
    init(directory: String, name: String) throws {
        self.name = name
        self.path = directory + "/" + name
        do {
            self.metadata = try JournalReader(path: self.path).metadata
        } catch {
            throw RecordingsUpdateError(path: self.path, reason: "cannot read it (\(error))")
        }
        let extra = self.metadata.extra ?? [:]
        if self.metadata.mode == .scenario, let scenario = extra["scenario"].flatMap(Scenario.init(rawValue:)),
           let seed = extra["seed"].flatMap(UInt64.init) {
            self.kind = .scenario(scenario, seed: seed)
        } else if self.metadata.mode == .backtest, extra["generator"] == "synth",
                  let seed = extra["seed"].flatMap(UInt64.init), let capture = self.metadata.sourceNames.first {
            self.kind = .syntheticBacktest(seed: seed, capture: capture)
        } else {
            let config: EngineConfig?
            do {
                config = try ConfigFile.recordedConfig(of: self.path)
            } catch {
                throw RecordingsUpdateError(path: self.path, reason: "its header's engine config is unusable (\(error))")
            }
            guard config != nil else {
                throw RecordingsUpdateError(path: self.path, reason: "the header holds no engine config and it is neither a scenario "
                    + "nor a synthetic backtest, so it can be neither regenerated nor rebaselined (a capture of market data "
                    + "is not a recording: move it out of the directory)")
            }
            self.kind = .rebaseline
        }
    }

    /// Writes the recording's new journal to `output` and compares its commands with
    /// the current file's.
    func produce(to output: String) throws -> Recordings.Update {
        let how: String
        var tornTail: TornTail?
        switch self.kind {
        case .scenario(let scenario, let seed):
            _ = try scenario.generate(seed: seed, output: output)
            how = "regenerated (scenario \(scenario.rawValue), seed \(seed))"
        case .syntheticBacktest(let seed, let capture):
            try self.regenerateBacktest(seed: seed, capture: capture, output: output)
            how = "regenerated (synthetic backtest, seed \(seed))"
        case .rebaseline:
            tornTail = try Rebaseline.rewrite(self.path, to: output).tornTail
            how = "rebaselined"
        }
        let change = try CommandChange.between(self.path, output)
        var kept = false
        if case .rebaseline = self.kind, change.firstDifference == nil { kept = true }
        return Recordings.Update(name: self.name, how: how, change: change, kept: kept, tornTail: tornTail)
    }

    /// A synthetic backtest again: as many market records from the generator's seed as
    /// the recording holds, backtested with its header's config.
    private func regenerateBacktest(seed: UInt64, capture: String, output: String) throws {
        let reader = try JournalReader(path: self.path)
        var market = 0
        while let record = try reader.next() {
            if record.type == Event.Kind.book.rawValue || record.type == Event.Kind.trades.rawValue { market += 1 }
        }
        let scratch = NSTemporaryDirectory() + "recordings-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let data = scratch + "/" + capture
        let header = try JournalProvenance.syntheticMarket(coins: self.metadata.coins, seed: seed, engineVersion: self.metadata.engineVersion).metadata()
        let writer = try JournalWriter(creating: data, metadata: header,
                                       options: JournalWriterOptions(flushInterval: nil, fsync: .interval(.seconds(1))))
        var synthetic = SyntheticMarket(seed: seed, coins: self.metadata.coins)
        for _ in 0..<market { let (t, e) = synthetic.next(); try writer.append(e, time: t) }
        try writer.close()
        let config = try ConfigFile.recordedConfig(of: self.path) ?? EngineConfig()
        _ = try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [data], output: output)
    }
}
