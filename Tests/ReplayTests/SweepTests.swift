import Engine
import Foundation
import Journal
@testable import Research
@testable import SimulatedExchange
import TestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite(.serialized, .tags(.endToEnd)) struct SweepTests {
    static let directory: String = {
        let path = temporaryPath("sweep-tests")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for seed in [1, 2] {
            let writer = try! JournalWriter(creating: path + "/c\(seed).mmj", metadata: JournalMetadata(coins: ["BTC", "ETH"]),
                                            options: JournalWriterOptions(flushInterval: nil, fsync: .never))
            var market = SyntheticMarket(seed: UInt64(seed), coins: ["BTC", "ETH"])
            for _ in 0..<15_000 {
                let (time, event) = market.next()
                _ = try! writer.append(event, time: time)
            }
            try! writer.close()
        }
        return path
    }()

    static let spec = """
        objective = "pnl"
        [grid]
        "strategy.gamma" = [0.05, 0.2]
        "quoting.levels" = [1, 2]
        """

    var captures: [String] { [Self.directory + "/c1.mmj", Self.directory + "/c2.mmj"] }

    func run(_ name: String, workers: Int, shard: (Int, Int)? = nil) throws -> String {
        let plan = try SweepPlan(spec: try SweepSpec.parse(Self.spec), base: EngineConfig(), captures: self.captures)
        let out = Self.directory + "/" + name
        _ = try SweepRunner(plan: plan, directory: out).run(workers: workers, shard: shard) { _, _ in }
        return out
    }

    @Test func resultsAreTheSameWithOneOrTwoWorkersAndAcrossShards() throws {
        let one = try self.run("one", workers: 1)
        let two = try self.run("two", workers: 2)
        let csv = try String(contentsOfFile: one + "/results.csv", encoding: .utf8)
        #expect(csv == (try String(contentsOfFile: two + "/results.csv", encoding: .utf8)))
        #expect(try String(contentsOfFile: one + "/results.json", encoding: .utf8) == String(contentsOfFile: two + "/results.json", encoding: .utf8))
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 1 + 8 + 4, "header, 4 configs x 2 captures, 4 aggregates")
        #expect(lines[0].hasPrefix("kind,rank,config,capture,origin,quoting.levels,strategy.gamma,objective,pnl,sharpe,sharpe_samples,"))
        #expect(lines[0].hasSuffix(",warnings,digest"))
        let a = try self.run("shard1", workers: 1, shard: (1, 2))
        let b = try self.run("shard2", workers: 2, shard: (2, 2))
        #expect(FileManager.default.fileExists(atPath: a + "/results.partial"))
        _ = try SweepRunner.merge([a, b], into: Self.directory + "/merged")
        #expect(try String(contentsOfFile: Self.directory + "/merged/results.csv", encoding: .utf8) == csv)
        #expect(try String(contentsOfFile: Self.directory + "/merged/results.json", encoding: .utf8) == String(contentsOfFile: one + "/results.json", encoding: .utf8))
        // Ranked by the objective.
        let pnls = lines.dropFirst().filter { $0.hasPrefix("job,") }.map { Double($0.split(separator: ",")[7])! }
        #expect(pnls == pnls.sorted(by: >))
    }

    @Test func aFinishedSweepResumesWithoutRunningAgain() throws {
        let plan = try SweepPlan(spec: try SweepSpec.parse(Self.spec), base: EngineConfig(), captures: self.captures)
        let out = Self.directory + "/resume"
        _ = try SweepRunner(plan: plan, directory: out).run(workers: 2, shard: (1, 2)) { _, _ in }
        let (ran, reused, _) = try SweepRunner(plan: plan, directory: out).run(workers: 2, shard: nil) { _, _ in }
        #expect(reused == 4 && ran == 4)
        #expect(FileManager.default.fileExists(atPath: out + "/results.csv"))
        let other = try SweepPlan(spec: try SweepSpec.parse("[grid]\n\"strategy.gamma\" = [0.3]\n"), base: EngineConfig(), captures: self.captures)
        #expect(throws: SweepError.self) { try SweepRunner(plan: other, directory: out).run(workers: 1, shard: nil) { _, _ in } }
    }

    @Test func specsAreChecked() throws {
        #expect(throws: SweepError.self) { try SweepSpec.parse("[grid]\n\"strategy.gama\" = [1]\n") }
        // Issue 16: an unknown field gets "did you mean", like `config check` (a typo, or
        // a truncated name such as the old README example's `strategy.kappa_prior`).
        #expect { try SweepSpec.parse("[grid]\n\"strategy.gama\" = [1]\n") } throws: { "\($0)".contains("did you mean strategy.gamma?") }
        #expect { try SweepSpec.parse("[random]\nsamples = 2\n\"strategy.kappa_prior\" = { min = 1.0, max = 2.0 }\n") } throws: {
            "\($0)".contains("did you mean strategy.kappa_prior_observations?")
        }
        #expect(throws: SweepError.self) { try SweepSpec.parse("objective = \"wealth\"\n[grid]\n\"strategy.gamma\" = [1.0]\n") }
        #expect(throws: SweepError.self) { try SweepSpec.parse("objective = \"pnl\"\n") }
        let random = try SweepSpec.parse("[random]\nsamples = 3\nseed = 9\n\"strategy.gamma\" = { min = 0.01, max = 0.5 }\n\"quoting.levels\" = { min = 1, max = 3 }\n")
        let combinations = random.combinations()
        #expect(combinations.count == 3)
        #expect(combinations.map { $0.map(\.path) } == Array(repeating: ["quoting.levels", "strategy.gamma"], count: 3))
        #expect(combinations.map { "\($0)" } == random.combinations().map { "\($0)" }, "seeded: the same samples every time")
        #expect(throws: SweepError.self) { try SweepPlan(spec: try SweepSpec.parse("[grid]\n\"strategy.gamma\" = [-1.0]\n"), base: EngineConfig(), captures: self.captures) }
    }

    @Test func reportsAreSelfContainedAndHaveEveryChart() throws {
        let out = try self.run("report", workers: 2)
        let sweep = try SweepReport(directory: out).html
        #expect(sweep.contains("<svg") && sweep.contains("strategy.gamma") && sweep.contains("quoting.levels"))
        let journal = try JournalReport(path: Self.directory + "/c1.mmj").html
        for title in ["BTC mid, our resting orders and fills", "BTC position", "BTC spread multiplier (total)", "ETH mid, our resting orders and fills", "PnL (total)", "API headroom", "Story"] {
            #expect(journal.contains(title), "missing \(title)")
        }
        #expect(journal.components(separatedBy: "<svg ").count - 1 == 8)
        for page in [sweep, journal] {
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(page.range(of: #"(src|href)="https?:"#, options: .regularExpression) == nil, "loads nothing from the network")
            #expect(!page.contains("<script"))
            // Every SVG is well-formed XML.
            var rest = Substring(page)
            while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
                let svg = String(rest[start.lowerBound..<end.upperBound])
                let parser = XMLParser(data: Data(svg.utf8))
                #expect(parser.parse(), "malformed SVG: \(parser.parserError.map { "\($0)" } ?? "")")
                rest = rest[end.upperBound...]
            }
        }
    }
}
