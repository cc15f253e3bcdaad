import Foundation
import TestSupport
import Testing

@Suite(.tags(.endToEnd)) struct JournalCLITests {
    @Test func synthIsDeterministicAndStatCatVerifyWork() throws {
        let scratch = Scratch()
        let a = scratch.file("a.mmj")
        let b = scratch.file("b.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", a, "--seed", "7", "--events", "20000", "--coins", "BTC,ETH"]).status == 0)
        #expect(try MMReplay.run(["journal", "synth", "--out", b, "--seed", "7", "--events", "20000", "--coins", "BTC,ETH"]).status == 0)
        #expect(contents(a) == contents(b))
        // Refuses to overwrite without --force.
        #expect(try MMReplay.run(["journal", "synth", "--out", a, "--events", "10"]).status == 1)
        #expect(try MMReplay.run(["journal", "synth", "--out", a, "--events", "10", "--force"]).status == 0)
        #expect(try MMReplay.run(["journal", "synth", "--out", a, "--seed", "7", "--events", "20000", "--coins", "BTC,ETH", "--force"]).status == 0)
        #expect(contents(a) == contents(b))

        let verify = try MMReplay.run(["journal", "verify", a])
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("ok:"))

        let stat = try MMReplay.run(["journal", "stat", a, "--json"])
        #expect(stat.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any])
        for key in ["records", "frames", "bytes", "raw_bytes", "first_seq", "last_seq", "first_time", "last_time", "types"] {
            #expect(object[key] != nil, "stat --json lacks \(key)")
        }
        #expect(object["records"] as? Int == 20000)
        #expect(object["first_seq"] as? Int == 1 && object["last_seq"] as? Int == 20000)
        let types = try #require(object["types"] as? [String: Int])
        #expect((types["book"] ?? 0) + (types["trades"] ?? 0) == 20000)
        #expect(object["ending"] as? String == "closed")

        let cat = try MMReplay.run(["journal", "cat", a, "--from-seq", "1000", "--limit", "5"])
        let lines = cat.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        for (i, line) in lines.enumerated() {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(record["seq"] as? Int == 1000 + i)
            #expect(record["time"] is Int && record["type"] is String)
        }
        let trades = try MMReplay.run(["journal", "cat", a, "--type", "trades", "--limit", "3"])
        #expect(trades.stdout.split(separator: "\n").allSatisfy { $0.contains(#""type":"trades""#) })
        let fromTime = try MMReplay.run(["journal", "cat", a, "--from-time", "1737849700000000000", "--limit", "1"])
        let first = try #require(try JSONSerialization.jsonObject(with: Data(fromTime.stdout.utf8)) as? [String: Any])
        #expect((first["time"] as? Int ?? 0) >= 1_737_849_700_000_000_000)
        #expect(try MMReplay.run(["journal", "cat", a, "--type", "bogus"]).status != 0)
    }

    @Test func everySubcommandExplainsItselfAndItsExitCodes() throws {
        for sub in ["synth", "stat", "cat", "verify", "repair", "bench"] {
            let help = try MMReplay.run(["journal", sub, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: mm-replay journal \(sub)"), "\(help.stdout)")
        }
        #expect(try MMReplay.run(["journal", "verify", "--help"]).stdout.contains("torn tail"))
    }

    /// Each damaged input gets its documented exit code and message; nothing crashes.
    @Test func badInputGetsDocumentedExitCodes() throws {
        let scratch = Scratch()
        let good = scratch.file("good.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", good, "--seed", "5", "--events", "30000"]).status == 0)
        let clean = contents(good)

        var cases: [(name: String, bytes: [UInt8], status: Int32, mentions: [String])] = []
        cases.append(("empty", [], 1, ["empty"]))
        cases.append(("magic", Array(String(repeating: "NOTAJOURNALATALL", count: 100).utf8), 1, ["not a journal"]))
        var future = clean
        future[16] = 7  // format version 7 (checked before the header checksum)
        cases.append(("future", future, 1, ["version 7"]))
        var zeroVersion = clean
        zeroVersion[16] = 0  // format version 0: damaged, not "newer than this build"
        cases.append(("zero-version", zeroVersion, 1, ["corrupt header", "format version 0 is invalid"]))
        cases.append(("header", Array(clean[0..<40]), 1, ["truncated header"]))
        var flipped = clean
        flipped[clean.count / 2] ^= 0x5A
        cases.append(("flip", flipped, 1, ["offset", "seq"]))
        cases.append(("trunc", Array(clean[0..<(clean.count * 3 / 4)]), 2, ["torn tail", "offset", "bytes"]))
        for c in cases {
            let path = scratch.file(c.name + ".mmj")
            store(c.bytes, path)
            let verify = try MMReplay.run(["journal", "verify", path])
            #expect(verify.status == c.status, "\(c.name): verify exited \(verify.status): \(verify.stdout) \(verify.stderr)")
            let message = (verify.stdout + verify.stderr).lowercased()
            for word in c.mentions { #expect(message.contains(word), "\(c.name): message lacks '\(word)': \(message)") }
            for sub in ["cat", "stat"] {
                let status = try MMReplay.run(["journal", sub, path]).status
                #expect(status < 128, "\(c.name): \(sub) crashed with \(status)")
            }
        }
        // A torn tail: repair removes it, after which verify passes.
        let trunc = scratch.file("trunc.mmj")
        let repair = try MMReplay.run(["journal", "repair", trunc])
        #expect(repair.status == 0)
        #expect(repair.stdout.contains("removed"))
        #expect(try MMReplay.run(["journal", "verify", trunc]).status == 0)
        // Corruption in the middle is not repaired away.
        #expect(try MMReplay.run(["journal", "repair", scratch.file("flip.mmj")]).status == 1)
    }

    @Test func aMissingSegmentIsReported() throws {
        let scratch = Scratch()
        let dir = scratch.file("d.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", dir, "--events", "20000", "--rotate-mb", "2", "--frame-size", "65536"]).status == 0)
        let segments = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(segments.count >= 3)
        #expect(try MMReplay.run(["journal", "verify", dir]).status == 0)
        try FileManager.default.removeItem(atPath: dir + "/" + segments[1])
        let verify = try MMReplay.run(["journal", "verify", dir])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains(segments[1]))
    }
}

@Suite(.tags(.endToEnd)) struct ConfigCLITests {
    @Test func checkListsEveryProblemAndShowLoadsBack() throws {
        let scratch = Scratch()
        let bad = scratch.file("bad.toml")
        try "[strategy]\ngamma = 0.0\nkappa = -5.0\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let check = try MMReplay.run(["config", "check", bad])
        #expect(check.status == 1)
        #expect(check.stderr.contains("strategy.gamma") && check.stderr.contains("strategy.kappa"))
        let shown = scratch.file("shown.toml")
        let show = try MMReplay.run(["config", "show"])
        #expect(show.status == 0)
        try show.stdout.write(toFile: shown, atomically: true, encoding: .utf8)
        #expect(try MMReplay.run(["config", "check", shown]).status == 0)
        let json = try MMReplay.run(["config", "show", shown, "--json"])
        #expect(json.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["strategy"] != nil)
        #expect(try MMReplay.run(["config", "show", bad]).status == 1)
    }
}
