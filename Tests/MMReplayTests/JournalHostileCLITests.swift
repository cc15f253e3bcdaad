import Engine
import EngineJournal
import Foundation
import Journal
import TestSupport
import Testing

/// `mm-replay journal` against hostile and damaged input; each test names what the old
/// behaviour was.
@Suite(.tags(.endToEnd)) struct JournalHostileCLITests {
    /// A closed journal's bytes without its index (as a writer stopped at a frame
    /// boundary leaves it): the footer's frame count gives the index size.
    static func withoutIndex(_ bytes: [UInt8]) -> [UInt8] {
        let footer = bytes.count - 44
        let frames = Int(bytes[footer]) | Int(bytes[footer + 1]) << 8 | Int(bytes[footer + 2]) << 16 | Int(bytes[footer + 3]) << 24
        return Array(bytes[0..<(bytes.count - (8 + 24 * frames + 44))])
    }

    /// Synthesizes a journal of several frames and returns its bytes.
    static func synth(_ path: String, events: Int = 6000) throws -> [UInt8] {
        let result = try MMReplay.run(["journal", "synth", "--out", path, "--seed", "3", "--events", "\(events)", "--frame-size", "16384"])
        #expect(result.status == 0, "\(result.stderr)")
        return contents(path)
    }

    /// Was: "corrupt frame ... zstd: ..." (exit 1), and repair refused.
    @Test func aZeroFilledTailVerifiesAsTornAndRepairKeepsEveryIntactRecord() throws {
        let scratch = Scratch()
        let path = scratch.file("z.mmj")
        let clean = try Self.synth(path)
        let unclosed = Self.withoutIndex(clean)
        for (name, original, zeros) in [("unclosed", unclosed, 200), ("closed", clean, 20)] {
            var damaged = original
            for i in (damaged.count - zeros)..<damaged.count { damaged[i] = 0 }
            store(damaged, path)
            let verify = try MMReplay.run(["journal", "verify", path])
            #expect(verify.status == 2, "\(name): \(verify.stdout) \(verify.stderr)")
            #expect(verify.stdout.contains("torn tail"), "\(name): \(verify.stdout)")
            let repair = try MMReplay.run(["journal", "repair", path])
            #expect(repair.status == 0, "\(name): \(repair.stderr)")
            #expect(repair.stdout.contains("(torn tail)") && repair.stdout.contains("sealed: wrote the index footer"), "\(name): \(repair.stdout)")
            let after = try MMReplay.run(["journal", "verify", path])
            #expect(after.status == 0 && after.stdout.contains(", closed"), "\(name): \(after.stdout) \(after.stderr)")
            // Every record before the zeroed frame is kept.
            let reader = try JournalReader(path: path)
            var seq: UInt64 = 0
            while let record = try reader.next() { seq += 1; #expect(record.seq == seq) }
            #expect(seq > 0)
            if name == "closed" { #expect(contents(path) == clean, "the zeroed index was rewritten as it was") }
        }
    }

    /// Was: "ok ... not closed (writer stopped or still writing; index rebuilt on read)",
    /// with nothing about records that may be missing; repair said "wrote the missing index".
    @Test func anUnclosedJournalIsReportedAsPossiblyMissingRecordsAndRepairSaysItSealedIt() throws {
        let scratch = Scratch()
        let path = scratch.file("u.mmj")
        let clean = try Self.synth(path)
        store(Self.withoutIndex(clean), path)
        let stat = try MMReplay.run(["journal", "stat", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any])
        let lastSeq = try #require(object["last_seq"] as? Int)
        let lastTime = try #require(object["last_time"] as? Int)
        #expect(object["ending"] as? String == "unclosed")

        let verify = try MMReplay.run(["journal", "verify", path])
        #expect(verify.status == 0)
        let expected = "not closed: the writer stopped before closing it; records after seq \(lastSeq) (time \(lastTime)) may be missing and their number cannot be known (no index footer)"
        #expect(verify.stdout.contains(expected), "\(verify.stdout)")
        #expect(verify.stderr.contains("warning: \(path): \(expected)"), "\(verify.stderr)")

        let repair = try MMReplay.run(["journal", "repair", path])
        #expect(repair.status == 0)
        #expect(repair.stdout.contains("was not closed (the writer stopped before closing it); sealed: wrote the index footer; journal ends at seq \(lastSeq) (time \(lastTime))"),
                "\(repair.stdout)")
        #expect(contents(path) == clean)
        let sealed = try MMReplay.run(["journal", "verify", path])
        #expect(sealed.status == 0 && sealed.stdout.contains(", closed") && sealed.stderr.isEmpty)
    }

    /// Was: `stat` counted `snapshot` records that `cat --type snapshot` refused as an
    /// unknown type, and `verify` passed a snapshot that cannot be restored.
    @Test func snapshotsAreOneRecordTypeForStatCatAndVerify() throws {
        let scratch = Scratch()
        let path = scratch.file("s.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        try writer.append(EngineRecord.input(.tick), time: 1_000)
        try writer.append(type: EngineRecord.snapshotTag, time: 2_000, payload: try EngineSnapshot.encode(try Engine(config: EngineConfig())))
        try writer.append(EngineRecord.input(.tick), time: 3_000)
        try writer.close()

        let stat = try MMReplay.run(["journal", "stat", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any])
        #expect((object["types"] as? [String: Int])?["snapshot"] == 1)
        let cat = try MMReplay.run(["journal", "cat", path, "--type", "snapshot"])
        #expect(cat.status == 0, "\(cat.stderr)")
        let lines = cat.stdout.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(#""seq":2"#) && lines[0].contains(#""type":"snapshot""#))
        #expect(try MMReplay.run(["journal", "cat", path, "--type", "tick,snapshot"]).stdout.split(separator: "\n").count == 3)
        #expect(try MMReplay.run(["journal", "verify", path]).status == 0)

        // A snapshot whose state does not restore: verify names its seq.
        let bad = scratch.file("bad.mmj")
        let badWriter = try JournalWriter(creating: bad, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        try badWriter.append(EngineRecord.input(.tick), time: 1_000)
        try badWriter.append(EngineRecord.input(.tick), time: 2_000)
        try badWriter.append(type: EngineRecord.snapshotTag, time: 3_000, payload: [1] + Array(#"{"state":42}"#.utf8))
        try badWriter.close()
        let verify = try MMReplay.run(["journal", "verify", bad])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("record seq 3 (type snapshot) does not decode"), "\(verify.stderr)")
    }

    /// Was: 1e300, inf and nan trapped (converting to milliseconds), a negative value
    /// stopped at once; `--limit 0` printed one record.
    @Test func catRefusesBadIdleTimeoutsAndLimitZeroPrintsNothing() throws {
        let scratch = Scratch()
        let path = scratch.file("c.mmj")
        _ = try Self.synth(path, events: 100)
        for value in ["1e300", "inf", "nan", "0", "-1", "86401"] {
            let run = try MMReplay.run(["journal", "cat", path, "--follow", "--idle-timeout=\(value)"])
            #expect(run.status == 1, "--idle-timeout \(value): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("--idle-timeout must be a number of seconds more than 0 and at most 86400"), "\(value): \(run.stderr)")
        }
        let follow = try MMReplay.run(["journal", "cat", path, "--follow", "--idle-timeout", "0.2"])
        #expect(follow.status == 0 && follow.stdout.split(separator: "\n").count == 100)
        let none = try MMReplay.run(["journal", "cat", path, "--limit", "0"])
        #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)")
        #expect(try MMReplay.run(["journal", "cat", path, "--limit", "1"]).stdout.split(separator: "\n").count == 1)
    }
}
