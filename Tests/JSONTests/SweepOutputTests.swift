import Engine
import Foundation
import JSON
import Journal
import Research
import SimulatedExchange
import TestSupport
import Testing

/// Names the sweep writes into its JSON files are escaped: a capture file named with a
/// quote and a backslash gives valid `sweep.json`, `results.json` and job files.
@Suite(.tags(.integration)) struct SweepOutputTests {
    @Test func aCaptureNameWithAQuoteAndABackslashGivesValidJSON() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("json-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let name = #"we"ird\name.mmj"#
        let writer = try JournalWriter(creating: directory + "/" + name, metadata: JournalMetadata(coins: ["BTC"]),
                                       options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 1, coins: ["BTC"])
        for _ in 0..<2_000 {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        let spec = try SweepSpec.parse("objective = \"pnl\"\n[grid]\n\"strategy.gamma\" = [0.05]\n")
        let plan = try SweepPlan(spec: spec, base: EngineConfig(), captures: [directory + "/" + name])
        let out = directory + "/out"
        _ = try SweepRunner(plan: plan, directory: out).run(workers: 1, shard: nil) { _, _ in }

        let manifest = try OrderedJSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: out + "/sweep.json"))))
        #expect(manifest["captures"] == .array([.string(name)]))
        let results = try OrderedJSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))))
        guard case .array(let jobs)? = results["jobs"], let job = jobs.first else { Issue.record("results.json has no jobs"); return }
        #expect(job["capture"] == .string(name))
        #expect(results["captures"] == .array([.string(name)]))
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/jobs").filter { $0.hasSuffix(".json") }
        #expect(files.count == 1)
        for file in files {
            let result = try OrderedJSON(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: out + "/jobs/" + file))))
            #expect(result["capture"] == .string(name))
        }
    }
}
