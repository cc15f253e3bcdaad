import Foundation
import Journal
import TestSupport
import Testing

/// `recordings --update-digests` says what changed for every kind of recording, changes
/// all or nothing, and keeps a rebaselined journal whose commands did not change.
@Suite(.tags(.endToEnd)) struct RecordingsUpdateTests {
    /// `recordings/NAMES` copied into a scratch directory, with their digests.
    static func copyOfRecordings(_ names: [String], in scratch: Scratch) throws -> String {
        let directory = scratch.file("recordings")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var sums = ""
        for (digest, name) in try RecordingsTests.goldenDigests() where names.contains(name) {
            try FileManager.default.copyItem(atPath: RecordingsTests.directory + "/" + name, toPath: directory + "/" + name)
            sums += "\(digest)  \(name)\n"
        }
        try sums.write(toFile: directory + "/SHA256SUMS", atomically: true, encoding: .utf8)
        return directory
    }

    /// Every file of the directory (temporaries included) and its bytes.
    static func snapshot(_ directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) { files[name] = contents(directory + "/" + name) }
        return files
    }

    /// Replaces `path` with itself less its n-th command.
    static func dropCommand(_ n: Int, of path: String, scratch: Scratch) throws {
        let tampered = scratch.file("tampered-\(UUID().uuidString).mmj")
        try rewrite(path, to: tampered, droppingCommandNumber: n)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: tampered, toPath: path)
    }

    /// Runs the update, which must fail with `message` and leave every file as it was.
    static func expectRefusal(in directory: String, saying message: String) throws {
        let before = try Self.snapshot(directory)
        let update = try MMReplay.run(["recordings", directory, "--update-digests"])
        #expect(update.status == 1)
        #expect(update.stderr.contains(message) && update.stderr.contains("nothing was updated"), "\(update.stderr)")
        #expect(try Self.snapshot(directory) == before, "the directory changed")
    }

    /// Was: scenarios and synthetic backtests said only `regenerated (scenario …)`. Every
    /// recording now states its inputs and commands before and after, and the first
    /// difference (seq, time, both commands) or `commands unchanged`.
    @Test func everyKindOfRecordingSaysWhatChanged() throws {
        let scratch = Scratch()
        let directory = try Self.copyOfRecordings(["backtest-btc-eth.mmj", "cold-start.mmj", "orphan-fill.mmj"], in: scratch)
        try Self.dropCommand(30, of: directory + "/orphan-fill.mmj", scratch: scratch)
        let update = try MMReplay.run(["recordings", directory, "--update-digests"])
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        let lines = update.stdout.split(separator: "\n").map(String.init)
        let backtest = try #require(lines.first { $0.hasPrefix("backtest-btc-eth.mmj: regenerated (synthetic backtest, seed 1): same ") })
        #expect(backtest.contains(" commands before and now; commands unchanged"), "\(backtest)")
        let cold = try #require(lines.first { $0.hasPrefix("cold-start.mmj: regenerated (scenario cold-start, seed 1): same ") })
        #expect(cold.hasSuffix(" commands before and now; commands unchanged"), "\(cold)")
        let orphan = try #require(lines.firstIndex { $0.hasPrefix("orphan-fill.mmj: regenerated (scenario orphan-fill, seed 1): ") })
        #expect(lines[orphan].contains(" commands before, ") && lines[orphan].contains("; commands first differ at seq "), "\(lines[orphan])")
        #expect(lines[orphan].contains(", time ") && lines[orphan].contains("(after input "), "\(lines[orphan])")
        // The tampered file lacks the command the regenerated one has.
        #expect(lines[orphan + 1] == "  before: (nothing)", "\(update.stdout)")
        #expect(lines[orphan + 2].hasPrefix("  now:    {"), "\(update.stdout)")
        #expect(lines.last == "updated 3 recording(s) and rewrote \(directory)/SHA256SUMS")
        #expect(try MMReplay.run(["recordings", directory]).status == 0)
    }

    /// Was: a header-less capture sorted after other recordings stopped the update after
    /// those were replaced, with SHA256SUMS not rewritten. Now nothing is written.
    @Test func aRecordingThatCannotBeRebaselinedRefusesTheWholeUpdate() throws {
        let scratch = Scratch()
        let directory = try Self.copyOfRecordings(["cold-start.mmj", "orphan-fill.mmj"], in: scratch)
        try Self.dropCommand(10, of: directory + "/cold-start.mmj", scratch: scratch)
        let capture = directory + "/m-capture.mmj"
        #expect(try MMReplay.run(["journal", "synth", "--out", capture, "--events", "1000"]).status == 0)
        try Self.expectRefusal(in: directory, saying: "m-capture.mmj: the header holds no engine config")
    }

    /// A failure while the new journals are being written (a corrupt journal sorted
    /// last) removes the ones already written: the directory is as it was.
    @Test func aFailureWhileWritingLeavesTheDirectoryAsItWas() throws {
        let scratch = Scratch()
        let directory = try Self.copyOfRecordings(["cold-start.mmj"], in: scratch)
        try Self.dropCommand(10, of: directory + "/cold-start.mmj", scratch: scratch)
        let (_, run) = try replayedSyntheticJournal(seed: 6, events: 3000, in: scratch)
        var bytes = contents(run)
        for i in (bytes.count / 2)..<(bytes.count / 2 + 64) { bytes[i] ^= 0x5A }
        store(bytes, directory + "/z-session.mmj")
        try Self.expectRefusal(in: directory, saying: "z-session.mmj: cannot update it: ")
    }

    /// Was: a live journal whose commands did not change was rewritten (its frames
    /// merged), so its digest changed. It is now kept byte for byte.
    @Test func aLiveJournalWithUnchangedCommandsIsKeptByteForByte() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 6, events: 3000, in: scratch)
        let directory = scratch.file("incidents")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // As a live session writes it: many small frames.
        let session = directory + "/session.mmj"
        let reader = try JournalReader(path: run)
        let writer = try JournalWriter(creating: session, metadata: reader.metadata, options: JournalWriterOptions(fsync: .never))
        var records = 0
        while let record = try reader.next() {
            _ = try writer.append(type: record.type, time: record.time, payload: Array(record.payload))
            records += 1
            if records % 20 == 0 { try writer.flush() }
        }
        try writer.close()
        let original = contents(session)
        let update = try MMReplay.run(["recordings", directory, "--update-digests"])
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        #expect(update.stdout.contains("session.mmj: rebaselined: same "), "\(update.stdout)")
        #expect(update.stdout.contains("commands unchanged, file kept byte for byte"), "\(update.stdout)")
        #expect(update.stdout.contains("(1 kept byte for byte)"), "\(update.stdout)")
        #expect(contents(session) == original)
        let sums = try String(contentsOfFile: directory + "/SHA256SUMS", encoding: .utf8)
        #expect(sums == "\(try RecordingsTests.sha256(session))  session.mmj\n")
        #expect(try MMReplay.run(["recordings", directory]).status == 0)
    }

    /// Was: `journal rebaseline` of a journal with a torn tail said nothing about it.
    @Test func rebaselineWarnsAboutATornTail() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 6, events: 3000, in: scratch)
        let torn = scratch.file("torn.mmj")
        store(Array(contents(run).dropLast(40)), torn)
        let result = try MMReplay.run(["journal", "rebaseline", torn, "--out", scratch.file("new.mmj")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("commands unchanged"), "\(result.stdout)")
        #expect(result.stderr.contains("warning: \(torn) ends with a torn tail at offset "), "\(result.stderr)")
    }
}
