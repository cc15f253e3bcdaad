import Foundation
import Testing

@Suite struct VerifyCLITests {
    @Test func verifyReproducesAReplayAndLocatesADivergence() throws {
        let scratch = Scratch()
        let input = scratch.file("in.mmj")
        let run = scratch.file("run.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", input, "--seed", "4", "--events", "8000"]).status == 0)
        #expect(try MMReplay.run(["replay", input, "--out", run]).status == 0)
        let same = try MMReplay.run(["verify", run])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("digest "))
        // A different gamma changes the decisions: exit 1 and the first divergence.
        let shown = try MMReplay.run(["config", "show"]).stdout
        let changed = scratch.file("gamma.toml")
        try shown.replacingOccurrences(of: "\ngamma = 0.1\n", with: "\ngamma = 0.3\n").write(toFile: changed, atomically: true, encoding: .utf8)
        let diverged = try MMReplay.run(["verify", run, "--config", changed])
        #expect(diverged.status == 1)
        #expect(diverged.stdout.contains("diverged at seq"))
        #expect(diverged.stdout.contains("expected:") && diverged.stdout.contains("actual:"))
        #expect(diverged.stdout.contains("last inputs before it"))
        // A data-only journal has nothing to verify against.
        let nothing = try MMReplay.run(["verify", input])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("records no engine commands"))
    }

    @Test func aTamperedCommandIsFound() throws {
        let scratch = Scratch()
        let input = scratch.file("in.mmj")
        let run = scratch.file("run.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", input, "--seed", "2", "--events", "3000"]).status == 0)
        #expect(try MMReplay.run(["replay", input, "--out", run]).status == 0)
        // Re-record the journal with one command dropped.
        let tampered = scratch.file("tampered.mmj")
        try rewrite(run, to: tampered, droppingCommandNumber: 7)
        let result = try MMReplay.run(["verify", tampered])
        #expect(result.status == 1)
        #expect(result.stdout.contains("diverged at seq"))
    }
}

import Engine
import Journal
import Replay

/// Copies a journal, leaving out its n-th command record (1-based).
func rewrite(_ source: String, to destination: String, droppingCommandNumber n: Int) throws {
    let reader = try JournalReader(path: source)
    let writer = try JournalWriter(creating: destination, metadata: reader.metadata, options: JournalWriterOptions(fsync: .never))
    var commands = 0
    while let record = try reader.next() {
        if !EngineRecord.isEventTag(record.type) {
            commands += 1
            if commands == n { continue }
        }
        try writer.append(type: record.type, time: record.time, payload: Array(record.payload))
    }
    try writer.close()
}
