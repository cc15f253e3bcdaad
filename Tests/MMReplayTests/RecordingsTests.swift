import Foundation
import Engine
import Journal
import Testing

/// Every journal in `recordings/` matches its golden digest and verifies.
@Suite struct RecordingsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../recordings").standardized.path

    static func goldenDigests() throws -> [(digest: String, name: String)] {
        let text = try String(contentsOfFile: Self.directory + "/SHA256SUMS", encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " *")))
        }
    }

    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(out.prefix(64))
    }

    @Test func everyRecordingHasAGoldenDigest() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".mmj") }.sorted()
        #expect(!shipped.isEmpty)
        #expect(shipped == (try Self.goldenDigests().map(\.name).sorted()))
    }

    @Test func recordingsMatchTheirDigestsAndVerify() throws {
        for (digest, name) in try Self.goldenDigests() {
            let path = Self.directory + "/" + name
            #expect(try Self.sha256(path) == digest, "\(name) changed; regenerate SHA256SUMS only if the change is deliberate")
            let verify = try MMReplay.run(["journal", "verify", path])
            #expect(verify.status == 0, "\(name): \(verify.stdout)\(verify.stderr)")
            // Journals with the engine's commands reproduce bit for bit.
            if try JournalReader(path: path).metadata.mode == "scenario" {
                let engine = try MMReplay.run(["verify", path])
                #expect(engine.status == 0, "\(name): \(engine.stdout)\(engine.stderr)")
            }
        }
    }

    /// A backtest of synthetic data regenerates byte for byte from its header: the
    /// generator's seed, the coins, and the number of market records.
    @Test func syntheticBacktestRecordingsRegenerateByteForByte() throws {
        let scratch = Scratch()
        for (_, name) in try Self.goldenDigests() {
            let path = Self.directory + "/" + name
            let reader = try JournalReader(path: path)
            guard reader.metadata.mode == "backtest", reader.metadata.extra?["generator"] == "synth",
                  let seed = reader.metadata.extra?["seed"], let capture = reader.metadata.extra?["captures"] else { continue }
            var market = 0
            while let record = try reader.next() {
                if record.type == Event.Kind.book.rawValue || record.type == Event.Kind.trades.rawValue { market += 1 }
            }
            let data = scratch.file(capture)
            #expect(try MMReplay.run(["journal", "synth", "--out", data, "--seed", seed, "--events", String(market),
                                      "--coins", reader.metadata.coins.joined(separator: ",")]).status == 0)
            let again = scratch.file(name)
            #expect(try MMReplay.run(["backtest", data, "--out", again]).status == 0)
            #expect(contents(again) == contents(path), "\(name) does not regenerate identically")
        }
    }
}
