import Engine
import Foundation
import Journal
import SimulatedExchange
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Kills a writing process with SIGKILL at random moments and checks what survives.
@Suite(.tags(.endToEnd)) struct CrashSafetyTests {
    @Test func everyReportedDurableRecordSurvivesSIGKILL() throws {
        let scratch = Scratch()
        var random = Xoshiro256StarStar(seed: 2024)
        for round in 0..<4 {
            let path = scratch.file("crash-\(round).mmj")
            let seed = UInt64(round + 1)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: MMReplay.executable)
            process.arguments = ["journal", "synth", "--out", path, "--seed", String(seed), "--events", "50000000",
                                 "--frame-size", "8192", "--flush-interval-ms", "5", "--fsync", "always", "--report-durable"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Collect `durable SEQ` lines while the child runs.
            nonisolated(unsafe) var durable: UInt64 = 0
            let collector = Thread {
                var pending = Data()
                while true {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                        pending.removeSubrange(pending.startIndex...newline)
                        if line.hasPrefix("durable "), let seq = UInt64(line.dropFirst(8)) { durable = seq }
                    }
                }
            }
            collector.start()
            let delay = 0.3 + Double(random.next(below: 1500)) / 1000
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            while !collector.isFinished { Thread.sleep(forTimeInterval: 0.001) }
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(durable > 0, "round \(round): no durable record reported in \(delay) s")

            // At most a torn tail.
            let verify = try MMReplay.run(["journal", "verify", path])
            #expect(verify.status == 0 || verify.status == 2, "round \(round): verify \(verify.status): \(verify.stdout)\(verify.stderr)")

            // Every record reported durable reads back, identical to what was generated.
            var market = SyntheticMarket(seed: seed, coins: ["BTC"])
            let reader = try JournalReader(path: path)
            var seen: UInt64 = 0
            while let record = try reader.next() {
                let (time, event) = market.next()
                #expect(record.seq == seen + 1)
                #expect(record.time == time)
                #expect(try record.decode() == .input(event))
                seen = record.seq
            }
            #expect(seen >= durable, "round \(round): \(seen) records read back, \(durable) reported durable")

            // Repair, then appending continues the seq without a gap.
            #expect(try MMReplay.run(["journal", "repair", path]).status == 0)
            #expect(try MMReplay.run(["journal", "verify", path]).status == 0)
            let writer = try JournalWriter(appendingTo: path, options: JournalWriterOptions(fsync: .never))
            #expect(writer.nextSeq == seen + 1)
            let (time, event) = market.next()
            try writer.append(event, time: time)
            try writer.close()
            let after = try JournalReader(path: path)
            var last: UInt64 = 0
            while let record = try after.next() {
                #expect(record.seq == last + 1)
                last = record.seq
            }
            #expect(last == seen + 1)
            #expect(after.ending == .closed)
        }
    }

    /// A reader in this process tails a journal that a child process is writing and sees
    /// every record exactly once, in order.
    @Test func followTailsAJournalWrittenByAnotherProcess() throws {
        let scratch = Scratch()
        let path = scratch.file("follow.mmj")
        let events: UInt64 = 100_000
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MMReplay.executable)
        process.arguments = ["journal", "synth", "--out", path, "--seed", "3", "--events", String(events), "--coins", "BTC,ETH",
                             "--frame-size", "16384", "--flush-interval-ms", "2", "--fsync", "never"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Wait for the header to exist.
        let deadline = Date().addingTimeInterval(30)
        while (FileManager.default.contents(atPath: path)?.count ?? 0) < 64 && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        let reader = try JournalReader(path: path, follow: JournalReader.Follow(pollInterval: .milliseconds(2), idleTimeout: .seconds(60)))
        var expected: UInt64 = 1
        while let record = try reader.next() {
            #expect(record.seq == expected)
            if record.seq != expected { break }
            expected += 1
        }
        process.waitUntilExit()
        #expect(expected - 1 == events)
        #expect(reader.ending == .closed)
    }

    /// Reading a journal of more than 1 GiB of raw records stays under 64 MiB resident.
    @Test func readingAGigabyteJournalStaysUnder64MiB() throws {
        let scratch = Scratch()
        let path = scratch.file("big.mmj")
        #expect(try MMReplay.run(["journal", "synth", "--out", path, "--seed", "9", "--events", "2000000", "--fsync", "never"]).status == 0)
        // Two million compact market-data records are ~440 MB raw; records of a type this
        // build does not know (48 KiB each, skipped by readers) make up the rest of the
        // gigabyte without minutes of debug-build synthesis.
        let stat = try MMReplay.run(["journal", "stat", path, "--json"])
        let synthesized = try #require(try JSONSerialization.jsonObject(with: Data(stat.stdout.utf8)) as? [String: Any])["raw_bytes"] as? Int ?? 0
        #expect(synthesized > 100 << 20)
        let writer = try JournalWriter(appendingTo: path, options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        let opaque = [UInt8]((0..<(48 << 10)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) })
        var time = writer.lastTime
        var raw = synthesized
        while raw < (1 << 30) + (16 << 20) {
            time += 1_000_000
            try writer.append(type: 0x00F0, time: time, payload: opaque)
            raw += RecordHeader.size + opaque.count
        }
        try writer.close()
        let reader = try JournalReader(path: path)
        while try reader.next() != nil {}
        #expect(reader.statistics.rawBytes >= 1 << 30, "only \(reader.statistics.rawBytes) raw bytes")
        let (status, peakKiB) = try MMReplay.runMeasuringPeakMemory(["journal", "verify", path])
        #expect(status == 0)
        #expect(peakKiB > 1024, "no memory figure was sampled")
        #expect(peakKiB < 64 * 1024, "verify peaked at \(peakKiB / 1024) MiB")
        let (catStatus, catPeak) = try MMReplay.runMeasuringPeakMemory(["journal", "cat", path, "--type", "trades"])
        #expect(catStatus == 0)
        #expect(catPeak < 64 * 1024, "cat peaked at \(catPeak / 1024) MiB")
    }
}
