#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Benchmark
import Engine
import EngineJournal
import Journal
import SimulatedExchange

/// The journal's hot paths on synthetic BTC+ETH market events: appending records (event
/// encoding, framing, zstd, file writes; fsync never) and reading them back (frame
/// checksums and framing checked, decompression). One scaled iteration is 1,000 records
/// (scaling factor kilo): throughput is records/s, mallocCountTotal mallocs per record.
enum JournalIO {
    static let recordsPerIteration = 1_000
    static let warmupIterations = 2
    static let maxIterations = 200
    /// Records needed for every iteration of a run.
    static let records = (warmupIterations + maxIterations) * recordsPerIteration

    /// A temporary journal path for this process.
    static func temporaryPath(_ name: String) -> String { "/tmp/mm-benchmarks-\(getpid())-\(name).mmj" }

    /// The options the live recorder's file gets, without the flush timer and fsync.
    static let options = JournalWriterOptions(flushInterval: nil, fsync: .never)

    /// `count` synthetic market events.
    static func events(_ count: Int) -> [(time: Int64, event: Event)] {
        var market = SyntheticMarket(seed: 42, coins: ["BTC", "ETH"])
        return (0..<count).map { _ in market.next() }
    }
}

/// Appends the prepared events, `JournalIO.recordsPerIteration` per call.
final class JournalAppending {
    private let writer: JournalWriter
    private let events: [(time: Int64, event: Event)]
    private var next = 0
    let path = JournalIO.temporaryPath("write")

    init() throws {
        try? JournalLayout.remove(self.path)
        self.events = JournalIO.events(JournalIO.records)
        self.writer = try JournalWriter(creating: self.path, metadata: JournalMetadata(coins: ["BTC", "ETH"], mode: .synthetic), options: JournalIO.options)
    }

    /// Appends the next records; false when the prepared events ran out.
    func append() throws -> Bool {
        guard self.next + JournalIO.recordsPerIteration <= self.events.count else { return false }
        for index in self.next..<(self.next + JournalIO.recordsPerIteration) {
            let (time, event) = self.events[index]
            try self.writer.append(event, time: time)
        }
        self.next += JournalIO.recordsPerIteration
        return true
    }

    func close() throws {
        try self.writer.close()
        try JournalLayout.remove(self.path)
    }
}

/// Reads a journal written in setup, `JournalIO.recordsPerIteration` records per call.
final class JournalReading {
    private let reader: JournalReader
    let path = JournalIO.temporaryPath("read")

    init() throws {
        try? JournalLayout.remove(self.path)
        let writer = try JournalWriter(creating: self.path, metadata: JournalMetadata(coins: ["BTC", "ETH"], mode: .synthetic), options: JournalIO.options)
        for (time, event) in JournalIO.events(JournalIO.records) { try writer.append(event, time: time) }
        try writer.close()
        self.reader = try JournalReader(path: self.path)
    }

    /// Reads the next records; false when the journal ended first.
    func read() throws -> Bool {
        for _ in 0..<JournalIO.recordsPerIteration {
            guard let record = try self.reader.next() else { return false }
            blackHole(record.payload.count)
        }
        return true
    }

    func close() throws { try JournalLayout.remove(self.path) }
}

nonisolated(unsafe) var appending: JournalAppending?
nonisolated(unsafe) var reading: JournalReading?

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: JournalIO.warmupIterations,
        scalingFactor: .kilo,
        maxDuration: .seconds(10),
        maxIterations: JournalIO.maxIterations
    )
    Benchmark(
        "Journal append (per record)", configuration: configuration,
        closure: { benchmark in
            guard try appending?.append() == true else { return benchmark.error("the prepared events ran out: raise JournalIO.maxIterations") }
        },
        setup: { appending = try JournalAppending() },
        teardown: { try appending?.close(); appending = nil }
    )
    Benchmark(
        "Journal read (per record)", configuration: configuration,
        closure: { benchmark in
            guard try reading?.read() == true else { return benchmark.error("the journal ended: raise JournalIO.maxIterations") }
        },
        setup: { reading = try JournalReading() },
        teardown: { try reading?.close(); reading = nil }
    )
}
