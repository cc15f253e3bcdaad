import ConfigFile
import Engine
import Foundation
import Journal
import Replay
import Research
import TestSupport
import Testing

@Suite(.tags(.endToEnd)) struct ReplayCLITests {
    /// The same journal replayed in separate processes (so Swift's per-process hash
    /// seeds differ) gives the same digest.
    @Test func replayIsDeterministicAcrossProcesses() throws {
        let scratch = Scratch()
        let journal = scratch.file("s.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", journal, "--seed", "21", "--events", "30000", "--coins", "BTC,ETH"]).status == 0)
        var digests: [String] = []
        for environment: [String: String?] in [[:], ["SWIFT_DETERMINISTIC_HASHING": "1"], ["SWIFT_DETERMINISTIC_HASHING": nil]] {
            let result = try MMReplay.run(["replay", journal, "--json"], environment: environment)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(object["events"] as? Int == 30000)
            #expect((object["commands"] as? Int ?? 0) > 0)
            digests.append(try #require(object["digest"] as? String))
        }
        #expect(Set(digests).count == 1)
        #expect(digests[0].count == 64)
        // And equal to an in-process replay.
        let summary = try ReplayRunner(config: EngineConfig()).run(path: journal)
        #expect(summary.digest == digests[0])
    }

    @Test func replayOutWritesAVerifiableJournalOfInputsAndCommands() throws {
        let scratch = Scratch()
        let journal = scratch.file("in.mmj")
        let out = scratch.file("out.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", journal, "--seed", "4", "--events", "5000"]).status == 0)
        let replay = try MMReplay.run(["replay", journal, "--out", out])
        #expect(replay.status == 0)
        #expect(replay.stdout.contains("digest"))
        #expect(try MMReplay.run(["journal", "verify", out]).status == 0)
        let decisions = try MMReplay.run(["journal", "cat", out, "--type", "decision", "--limit", "3"])
        let first = try #require(decisions.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [String: Any])
        #expect(fields["reason"] is String)
        // The output journal carries its config; replaying it reproduces the digest, and
        // its recorded commands are not fed back as inputs.
        let again = try ReplayRunner(config: try #require(try ConfigFile.recordedConfig(of: out))).run(path: out)
        // (The BTC capture without a recorded config runs the defaults in its coins.)
        let config = try CaptureCoins.fit(EngineConfig(), listsCoins: false, to: try CaptureCoins.read([journal]), captures: [journal])
        let original = try ReplayRunner(config: config).run(path: journal)
        #expect(again.digest == original.digest)
        #expect(again.recordedCommands == original.commands)
    }

    @Test func aBadConfigIsRejectedWithItsProblems() throws {
        let scratch = Scratch()
        let journal = scratch.file("in.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", journal, "--events", "100"]).status == 0)
        let bad = scratch.file("bad.toml")
        try "[strategy]\ngamma = -1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try MMReplay.run(["replay", journal, "--config", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("strategy.gamma"))
    }
}
