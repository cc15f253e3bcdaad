import Foundation
import Testing
import TestSupport

/// The CI recipe of docs/ci-recipe.md, run as written: it passes on the shipped
/// recordings and fails, naming the journal, when one no longer reproduces. Also the
/// several-journal forms of `journal verify` and `verify` it relies on.
@Suite struct CIRecipeTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/ci-recipe.md").standardized.path

    /// The shell block between `<!-- recipe: check-incidents -->` and `<!-- end recipe -->`.
    static func recipe() throws -> String { try documentedRecipe("check-incidents", in: Self.docs) }

    @Test func theDocumentedRecipePassesAndFailsAsItSays() throws {
        let scratch = Scratch()
        let script = scratch.file("check-incidents.sh")
        try Self.recipe().write(toFile: script, atomically: true, encoding: .utf8)
        let incidents = scratch.file("incidents")
        try FileManager.default.createDirectory(atPath: incidents, withIntermediateDirectories: true)
        for name in ["cancel-fill-race.mmj", "stale-feed.mmj", "orphan-fill.mmj"] {
            try FileManager.default.copyItem(atPath: RecordingsTests.directory + "/" + name, toPath: incidents + "/" + name)
        }
        let environment: [String: String?] = ["MM_REPLAY": MMReplay.executable]
        let report = scratch.file("report.jsonl")
        let pass = try runChildProcess("/bin/bash", [script, incidents, report], environment: environment)
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("3 verified: 3 identical, 0 diverged, 0 could not be verified"), "\(pass.stdout)")
        #expect(pass.stdout.contains("3 journals: 3 intact, 0 with a torn tail, 0 corrupt or unreadable"), "\(pass.stdout)")
        #expect(pass.stdout.contains("every incident reproduces"))
        #expect((try String(contentsOfFile: report, encoding: .utf8)).split(separator: "\n").count == 4)
        // One journal with a command dropped: the job fails and the report names it.
        let victim = incidents + "/orphan-fill.mmj"
        let tampered = scratch.file("tampered.mmj")
        try rewrite(victim, to: tampered, droppingCommandNumber: 12)
        try FileManager.default.removeItem(atPath: victim)
        try FileManager.default.moveItem(atPath: tampered, toPath: victim)
        let fail = try runChildProcess("/bin/bash", [script, incidents, report], environment: environment)
        #expect(fail.status == 1, "\(fail.stdout)\(fail.stderr)")
        #expect(fail.stdout.contains("orphan-fill.mmj: diverged at seq"), "\(fail.stdout)")
        #expect(fail.stderr.contains("the engine no longer reproduces a journal"))
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("orphan-fill.mmj") && $0.contains("\"result\":\"diverged\"") })
    }

    /// `journal verify` takes several journals: each reported, a summary, and exit 1 when
    /// one is corrupt (over 2 for a torn tail).
    @Test func journalVerifyTakesSeveralJournals() throws {
        let scratch = Scratch()
        let good = RecordingsTests.directory + "/cold-start.mmj"
        let torn = scratch.file("torn.mmj")
        let bytes = contents(good)
        store(Array(bytes.dropLast(40)), torn)
        let garbage = scratch.file("garbage.mmj")
        store(Array("not a journal".utf8), garbage)
        let two = try MMReplay.run(["journal", "verify", good, torn])
        #expect(two.status == 2, "\(two.stdout)\(two.stderr)")
        #expect(two.stdout.contains("2 journals: 1 intact, 1 with a torn tail, 0 corrupt or unreadable"))
        let three = try MMReplay.run(["journal", "verify", good, torn, garbage])
        #expect(three.status == 1)
        #expect(three.stdout.contains("3 journals: 1 intact, 1 with a torn tail, 1 corrupt or unreadable"))
        #expect(three.stderr.contains("garbage.mmj"))
    }

    /// Was: `recordings --update-digests` skipped journals it could not regenerate (live
    /// sessions, imported incidents) silently. They are rebaselined (same inputs, the
    /// engine's new commands), each update says what it did, and the directory checks clean.
    @Test func updatingDigestsRebaselinesLiveRecordings() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 6, events: 3000, in: scratch)
        let directory = scratch.file("incidents")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try rewrite(run, to: directory + "/session.mmj", droppingCommandNumber: 5)
        try FileManager.default.copyItem(atPath: RecordingsTests.directory + "/cold-start.mmj", toPath: directory + "/cold-start.mmj")
        let update = try MMReplay.run(["recordings", directory, "--update-digests"])
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        #expect(update.stdout.contains("cold-start.mmj: regenerated (scenario cold-start"), "\(update.stdout)")
        #expect(update.stdout.contains("session.mmj: rebaselined: same "), "\(update.stdout)")
        #expect(update.stdout.contains("commands first differ at seq"), "\(update.stdout)")
        #expect(update.stdout.contains("updated 2 recording(s)"))
        let check = try MMReplay.run(["recordings", directory])
        #expect(check.status == 0 && check.stdout.hasSuffix("2 checked, 2 ok, 0 changed\n"), "\(check.stdout)")
    }
}
