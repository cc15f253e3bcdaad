import Engine
import Foundation
import Journal
import TestSupport
import Testing

@Suite(.tags(.endToEnd)) struct VerifyCLITests {
    @Test func verifyReproducesAReplayAndLocatesADivergence() throws {
        let scratch = Scratch()
        let (input, run) = try replayedSyntheticJournal(seed: 4, events: 8000, in: scratch)
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
        // A data-only journal has nothing to verify against: it could not be verified (2).
        let nothing = try MMReplay.run(["verify", input])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("records no engine commands"))
    }

    /// Issue 16: a divergence reads at a glance: the fields that differ, the orders that
    /// differ, the time in UTC, how far it spread and both digests; --json, --orders-only,
    /// several journals with a summary, and exit 1 (diverged) apart from 2 (could not run).
    @Test func aDivergenceIsReadableAndMachineReadable() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 5, events: 6000, in: scratch)
        let changed = scratch.file("gamma.toml")
        try "[strategy]\ngamma = 0.3\n".write(toFile: changed, atomically: true, encoding: .utf8)
        let text = try MMReplay.run(["verify", run, "--config", changed])
        #expect(text.status == 1)
        #expect(text.stdout.contains(" UTC)"), "\(text.stdout)")
        #expect(text.stdout.contains("fields that differ (expected vs actual):"), "\(text.stdout)")
        #expect(text.stdout.contains(" vs "))
        #expect(text.stdout.contains("in all: ") && text.stdout.contains(" inputs diverged, "))
        #expect(text.stdout.contains("recorded digest ") && text.stdout.contains("re-run digest "))
        // Orders only: the first difference is an order, named as such (fewer levels:
        // places the journal records are missing from the re-run).
        let fewer = scratch.file("levels.toml")
        try "[quoting]\nlevels = 1\n".write(toFile: fewer, atomically: true, encoding: .utf8)
        let orders = try MMReplay.run(["verify", run, "--config", fewer, "--orders-only"])
        #expect(orders.status == 1)
        #expect(orders.stdout.contains("missing place "), "\(orders.stdout)")
        #expect(!orders.stdout.contains("\"type\":\"decision\""), "a decision was compared under --orders-only")
        // JSON: one object per journal and a summary.
        let json = try MMReplay.run(["verify", run, "--config", changed, "--json"])
        let objects = json.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 2 && objects.allSatisfy { $0 != nil }, "\(json.stdout)")
        let report = try #require(objects.first ?? nil)
        #expect(report["result"] as? String == "diverged")
        #expect((report["divergent_commands"] as? Int ?? 0) > 0)
        #expect((report["fields"] as? [[String: Any]])?.isEmpty == false)
        #expect(report["recorded_digest"] as? String != report["actual_digest"] as? String)
        // Several journals: each reported, a summary, and the highest exit code applies.
        let many = try MMReplay.run(["verify", run, run])
        #expect(many.status == 0 && many.stdout.contains("2 verified: 2 identical, 0 diverged, 0 could not be verified"), "\(many.stdout)")
        let mixed = try MMReplay.run(["verify", run, scratch.file("missing.mmj"), "--json"])
        #expect(mixed.status == 2, "\(mixed.stdout)\(mixed.stderr)")
        #expect(mixed.stdout.contains("\"result\":\"failed\"") && mixed.stdout.contains("\"failed\":1"))
        let badConfig = scratch.file("bad.toml")
        try "[strategy]\ngamma = -1\n".write(toFile: badConfig, atomically: true, encoding: .utf8)
        #expect(try MMReplay.run(["verify", run, "--config", badConfig]).status == 2)
    }

    @Test func aTamperedCommandIsFound() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 2, events: 3000, in: scratch)
        // Re-record the journal with one command dropped.
        let tampered = scratch.file("tampered.mmj")
        try rewrite(run, to: tampered, droppingCommandNumber: 7)
        let result = try MMReplay.run(["verify", tampered])
        #expect(result.status == 1)
        #expect(result.stdout.contains("diverged at seq"))
    }

    /// Was: a typo in verify's arguments exited 1, which verify documents as "diverged":
    /// a CI job read a bad command line as an engine change.
    @Test func badArgumentsAreCouldNotVerifyNotDiverged() throws {
        let recording = ExportCLITests.recordings + "/stale-feed.mmj"
        for arguments in [["verify", recording, "--profile", "prod"], ["verify", recording, "--ordersonly"], ["verify"]] {
            let run = try MMReplay.run(arguments)
            #expect(run.status == 2, "\(arguments): exited \(run.status): \(run.stderr)")
            #expect(run.stderr.contains("Error:"), "\(run.stderr)")
        }
        // Other commands keep 1 for bad arguments.
        #expect(try MMReplay.run(["replay", recording, "--bogus"]).status == 1)
        #expect(try MMReplay.run(["journal", "verify", recording, "--bogus"]).status == 1)
    }

    /// Was: `verify` and `report` stopped at a torn tail without a word, so a crashed
    /// session's journal read as a shorter, complete one.
    @Test func aTornTailIsReportedByVerifyAndReport() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 3, events: 3000, in: scratch)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: run))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size - 40)
        try handle.close()
        let verify = try MMReplay.run(["verify", run])
        #expect(verify.stderr.contains("ends with a torn tail"), "\(verify.stderr)")
        let json = try MMReplay.run(["verify", run, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect((object["torn_tail"] as? [String: Any])?["bytes"] != nil, "\(json.stdout)")
        let report = try MMReplay.run(["report", run, "--out", scratch.file("r.html")])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("ends with a torn tail"), "\(report.stderr)")
    }
}


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
