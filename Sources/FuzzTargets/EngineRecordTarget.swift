import Engine
import EngineJournal
import Journal

extension FuzzTarget {
    /// Journal record payloads: every event and command type (books in both payload
    /// versions) and engine snapshots. Input: a 2-byte little-endian record type, then
    /// the payload.
    ///
    /// Properties: decoding never traps; an accepted record lies inside ``Limits``,
    /// re-encodes to bytes that decode to an equal record and re-encode identically
    /// (decode(encode(x)) == x); an accepted event is handled by an engine that has seen
    /// a market, within the per-event command bound; an accepted snapshot passes the
    /// restore checks, round-trips, and runs the engine.
    public static let engineRecord = FuzzTarget(
        name: "engine-record",
        summary: "record payloads (events, commands, snapshots): decode(encode(x)) == x, accepted events run the engine",
        seeds: { root in
            var seeds: [[UInt8]] = []
            for journal in ["recordings/cold-start.mmj", "recordings/cancel-fill-race.mmj", "Tests/Fixtures/journals/v1-books-cold-start.mmj"] {
                var seenTypes: [UInt16: Int] = [:]
                let reader = try JournalReader(path: root + "/" + journal)
                while let record = try reader.next() {
                    // A few of each type from each journal keeps the corpus small and varied.
                    seenTypes[record.type, default: 0] += 1
                    guard seenTypes[record.type]! <= 3 else { continue }
                    seeds.append(FuzzTarget.recordInput(type: record.type, payload: Array(record.payload)))
                }
            }
            return seeds
        },
        check: { bytes in
            guard bytes.count >= 2 else { return .refused }
            let tag = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
            let payload = Array(bytes.dropFirst(2))
            if tag == EngineRecord.snapshotTag { return checkSnapshot(payload) }
            guard let record = try? decodeRecord(tag: tag, payload) else { return .refused }
            if case .input(let event) = record, let problem = event.limitProblem {
                return .failed(FuzzFinding("a decoded \(event.typeName) lies outside the limits: \(problem)"))
            }
            let encoded = encodePayload(record)
            let again: EngineRecord
            do { again = try decodeRecord(tag: record.tag, encoded) } catch {
                return .failed(FuzzFinding("the re-encoded \(record.typeName) does not decode: \(error)"))
            }
            if encodePayload(again) != encoded { return .failed(FuzzFinding("\(record.typeName) re-encodes differently the second time")) }
            if record == record, again != record { return .failed(FuzzFinding("decode(encode(x)) != x for \(record.typeName)")) }
            guard case .input(let event) = record else { return .accepted }
            var engine = try! Engine(config: EngineConfig())
            if let finding = EngineDriving.drive(&engine, EngineDriving.prelude) { return .failed(finding) }
            let time = EngineDriving.prelude.last!.time + 1_000_000
            return FuzzOutcome(EngineDriving.drive(&engine, [(time, event)], from: UInt64(EngineDriving.prelude.count + 1)))
        })

    static func recordInput(type: UInt16, payload: [UInt8]) -> [UInt8] {
        [UInt8(type & 0xFF), UInt8(type >> 8)] + payload
    }

    static func decodeRecord(tag: UInt16, _ payload: [UInt8]) throws(BinaryDecodingError) -> EngineRecord {
        try JournalRecord(seq: 1, time: 0, type: tag, payload: payload[...]).decode()
    }

    static func encodePayload(_ record: EngineRecord) -> [UInt8] {
        var writer = BinaryWriter()
        record.encodePayload(to: &writer)
        return writer.bytes
    }

    /// A snapshot payload: accepted ones round-trip and run the engine.
    static func checkSnapshot(_ payload: [UInt8]) -> FuzzOutcome {
        guard var engine = try? EngineSnapshot.decode(payload) else { return .refused }
        let problems = engine.restoreProblems()
        if !problems.isEmpty { return .failed(FuzzFinding("an accepted snapshot has restore problems: \(problems)")) }
        do {
            let encoded = try EngineSnapshot.encode(engine)
            let again = try EngineSnapshot.decode(encoded)
            if try EngineSnapshot.encode(again) != encoded { return .failed(FuzzFinding("a snapshot re-encodes differently the second time")) }
        } catch {
            return .failed(FuzzFinding("a re-encoded snapshot does not decode: \(error)"))
        }
        // Times before the snapshot's clock are held at it by the engine.
        let coins = engine.config.coins.prefix(4).map(\.name)
        return FuzzOutcome(EngineDriving.drive(&engine, EngineDriving.market(coins: Array(coins), count: 40), from: 1))
    }
}
