import Engine
import Foundation
import Journal

/// The journals shipped in `recordings/` and their golden digests (`SHA256SUMS`).
public enum Recordings {
    /// One recording's status.
    public enum Status: Sendable {
        case ok(name: String)
        /// The file's SHA-256 differs from the golden one; `divergence` says where the
        /// engine now decides differently, when it does.
        case changed(name: String, expected: String, actual: String, divergence: Divergence?)
        case missingDigest(name: String)
        case missingFile(name: String)
        case notVerifiable(name: String, reason: String)
    }

    /// Reads `SHA256SUMS` (sha256sum format) as (digest, name) pairs in file order.
    public static func goldenDigests(in directory: String) throws -> [(digest: String, name: String)] {
        let path = directory + "/SHA256SUMS"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw JournalError.invalidArgument("\(path): cannot read it; a recordings directory holds *.mmj journals and their SHA256SUMS (see recordings/README.md)")
        }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " *")))
        }
    }

    /// The SHA-256 of a file, as 64 lowercase hex digits.
    public static func sha256(of path: String) throws -> String {
        var digest = FileDigest()
        let handle = try FileHandleReader(path: path)
        while let chunk = try handle.read(1 << 20) { digest.update(chunk) }
        return digest.finalize()
    }

    /// Checks every `*.mmj` of the directory: golden digest, and the engine reproduces its
    /// commands. A changed file is explained by the first divergence.
    public static func check(directory: String) throws -> [Status] {
        let golden = try self.goldenDigests(in: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mmj") }.sorted()
        var statuses: [Status] = []
        for name in files {
            let path = directory + "/" + name
            guard let expected = golden.first(where: { $0.name == name })?.digest else {
                statuses.append(.missingDigest(name: name))
                continue
            }
            let actual = try self.sha256(of: path)
            let config = try ReplayRunner.recordedConfig(of: path) ?? EngineConfig()
            let outcome = try VerifyRunner(config: config).run(path: path)
            var divergence: Divergence?
            if case .diverged(let d) = outcome { divergence = d }
            if actual != expected {
                statuses.append(.changed(name: name, expected: expected, actual: actual, divergence: divergence))
            } else if let divergence {
                statuses.append(.changed(name: name, expected: expected, actual: actual, divergence: divergence))
            } else if case .nothingRecorded = outcome {
                statuses.append(.notVerifiable(name: name, reason: "records no engine commands"))
            } else {
                statuses.append(.ok(name: name))
            }
        }
        for (_, name) in golden where !files.contains(name) { statuses.append(.missingFile(name: name)) }
        return statuses
    }

    /// How one recording was brought up to date.
    public struct Update: Sendable, Equatable {
        public var name: String
        /// What was done: `regenerated (scenario …)`, `regenerated (synthetic backtest)`,
        /// or `rebaselined: same inputs, …` with the command counts and the first difference.
        public var how: String
    }

    /// Brings every recording of the directory up to date and rewrites `SHA256SUMS`:
    /// scenarios are regenerated from their name and seed, synthetic backtests from the
    /// generator's seed, coins and record count; any other journal (a live session, an
    /// imported incident) is rebaselined: the same recorded inputs with the engine's new
    /// commands (``Rebaseline``). Returns what was done to each, in name order.
    public static func update(directory: String) throws -> [Update] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mmj") }.sorted()
        var rewritten: [Update] = []
        for name in files {
            let path = directory + "/" + name
            let reader = try JournalReader(path: path)
            let metadata = reader.metadata
            let temporary = path + ".new"
            try? JournalLayout.remove(temporary)
            if metadata.mode == "scenario", let scenario = metadata.extra?["scenario"].flatMap(Scenario.init(rawValue:)),
               let seed = metadata.extra?["seed"].flatMap(UInt64.init) {
                try scenario.generate(seed: seed, output: temporary)
                rewritten.append(Update(name: name, how: "regenerated (scenario \(scenario.rawValue), seed \(seed))"))
            } else if metadata.mode == "backtest", metadata.extra?["generator"] == "synth",
                      let seed = metadata.extra?["seed"].flatMap(UInt64.init), let capture = metadata.extra?["captures"] {
                var market = 0
                while let record = try reader.next() {
                    if record.type == Event.Kind.book.rawValue || record.type == Event.Kind.trades.rawValue { market += 1 }
                }
                let scratch = NSTemporaryDirectory() + "recordings-\(UUID().uuidString)"
                try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: scratch) }
                let data = scratch + "/" + capture
                let writer = try JournalWriter(creating: data, metadata: JournalMetadata(venue: "hyperliquid", coins: metadata.coins, mode: "synthetic",
                                                                                           engineVersion: metadata.engineVersion, clockAnchorUnixNanos: 0,
                                                                                           extra: ["generator": "synth", "seed": String(seed)]),
                                               options: JournalWriterOptions(flushInterval: nil, fsync: .interval(.seconds(1))))
                var synthetic = SyntheticMarket(seed: seed, coins: metadata.coins)
                for _ in 0..<market { let (t, e) = synthetic.next(); try writer.append(e, time: t) }
                try writer.close()
                let config = try ReplayRunner.recordedConfig(of: path) ?? EngineConfig()
                try BacktestRunner(config: config, exchange: SimExchangeConfig()).run(captures: [data], output: temporary)
                rewritten.append(Update(name: name, how: "regenerated (synthetic backtest, seed \(seed))"))
            } else {
                let summary = try Rebaseline.rewrite(path, to: temporary)
                let change = summary.firstDifference.map { "commands first differ at seq \($0)" } ?? "commands unchanged"
                rewritten.append(Update(name: name, how: "rebaselined: same \(summary.inputs) inputs, \(summary.oldCommands) commands before, "
                                                     + "\(summary.newCommands) now; \(change)"))
            }
            try JournalLayout.remove(path)
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        }
        var sums = ""
        for name in files { sums += "\(try self.sha256(of: directory + "/" + name))  \(name)\n" }
        try sums.write(toFile: directory + "/SHA256SUMS", atomically: true, encoding: .utf8)
        return rewritten
    }
}
