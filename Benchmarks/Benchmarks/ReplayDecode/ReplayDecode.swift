import Benchmark
import Engine
import Journal
import EngineJournal
import SimulatedExchange

/// The replay path's decode: journal records (seq, time, type, payload, as the reader
/// hands them over) decoded into engine events, without the journal file. One scaled
/// iteration is 1,000 records (scaling factor kilo): throughput is records/s and
/// mallocCountTotal mallocs per record (a book's levels are arrays: the decode allocates).
final class ReplayDecode {
    static let recordsPerIteration = 1_000
    /// Distinct records, decoded in turn (decoding keeps no state, so the run wraps).
    static let distinctRecords = 20_000

    private let records: [JournalRecord]
    private var next = 0

    init() {
        var market = SyntheticMarket(seed: 42, coins: ["BTC", "ETH"])
        self.records = (1...Self.distinctRecords).map { seq in
            let (time, event) = market.next()
            var payload = BinaryWriter(reservingCapacity: 1_024)
            event.encodePayload(to: &payload)
            return JournalRecord(seq: UInt64(seq), time: time, type: EngineRecord.input(event).tag, payload: payload.bytes[...])
        }
    }

    /// Decodes the next records; returns how many were inputs.
    func decode() throws -> Int {
        var inputs = 0
        for _ in 0..<Self.recordsPerIteration {
            if case .input = try self.records[self.next].decode() { inputs += 1 }
            self.next = self.next + 1 == self.records.count ? 0 : self.next + 1
        }
        return inputs
    }
}

nonisolated(unsafe) var replayDecode: ReplayDecode?

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Record decode (per record)",
        configuration: .init(
            metrics: [.throughput, .wallClock, .mallocCountTotal],
            warmupIterations: 2,
            scalingFactor: .kilo,
            maxDuration: .seconds(5),
            maxIterations: 1_000
        ),
        closure: { benchmark in
            guard let decoder = replayDecode, try decoder.decode() == ReplayDecode.recordsPerIteration else {
                return benchmark.error("a record did not decode to an input event")
            }
        },
        setup: { replayDecode = ReplayDecode() },
        teardown: { replayDecode = nil }
    )
}
