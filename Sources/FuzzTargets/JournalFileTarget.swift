import Engine
import Journal
import SimulatedExchange

extension FuzzTarget {
    /// Journal files: the frame scanner, zstd frames, CRCs, the header, torn and
    /// zero-filled tails, the index, and `repair`.
    ///
    /// Properties: reading never traps and stops with a typed error or an ending; every
    /// record read decodes or is refused with a typed error; when `repair` succeeds, the
    /// journal then reads back cleanly to a closed ending and keeps every record that was
    /// readable before, unchanged; a journal that read to an ending without error can be
    /// repaired.
    public static let journalFile = FuzzTarget(
        name: "journal-file",
        summary: "journal bytes read, decoded and repaired: repair keeps every readable record",
        seeds: { root in
            var seeds = [try sampleBytes(root, "recordings/cold-start.mmj")]
            for (records, frameSize) in [(3, 1 << 10), (40, 2 << 10), (200, 256 << 10)] {
                seeds.append(try syntheticJournal(records: records, frameSize: frameSize))
            }
            // An unclosed journal: the closed one without its index (cut at the last frame's end
            // is not known here, so a torn tail: the last 50 bytes gone).
            if let closed = seeds.last, closed.count > 100 { seeds.append(Array(closed.dropLast(50))) }
            return seeds
        },
        check: { bytes in
            let path = FuzzScratch.write(bytes, named: "journal.mmj")
            let before: [JournalRecord]
            let readError: JournalError?
            (before, readError) = readAll(path)
            for record in before { _ = try? record.decode() }
            let repaired: RepairReport
            do { repaired = try JournalRepair.repair(path: path) } catch {
                if readError == nil {
                    // Opening may fail on garbage; a journal that read to its end must repair.
                    return .failed(FuzzFinding("a journal that read \(before.count) records without error could not be repaired: \(error)"))
                }
                return .refused
            }
            let (after, afterError) = readAll(path)
            if let afterError { return .failed(FuzzFinding("after repair (\(repaired)), reading fails: \(afterError)")) }
            guard after.count >= before.count, Array(after.prefix(before.count)) == before else {
                return .failed(FuzzFinding("repair lost or changed records: \(before.count) readable before, \(after.count) after"))
            }
            return .accepted
        })

    /// Every record of a journal until the end or the first error.
    static func readAll(_ path: String) -> ([JournalRecord], JournalError?) {
        var records: [JournalRecord] = []
        do {
            let reader = try JournalReader(path: path)
            while let record = try reader.next() {
                var copy = record
                copy.payload = ArraySlice(Array(record.payload))
                records.append(copy)
            }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    /// A small closed journal of synthetic market events (BTC and ETH).
    static func syntheticJournal(records: Int, frameSize: Int) throws -> [UInt8] {
        let path = FuzzScratch.path("seed.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC", "ETH"]),
                                       options: JournalWriterOptions(frameSize: frameSize, fsync: .never, backgroundCommit: false))
        var market = SyntheticMarket(seed: UInt64(records), coins: ["BTC", "ETH"])
        for _ in 0..<records {
            let (time, event) = market.next()
            try writer.append(event, time: time)
        }
        try writer.close()
        return try fileBytes(path)
    }
}
