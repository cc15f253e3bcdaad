import Engine
import EngineJournal
import Foundation
import Journal
@testable import Replay
@testable import Research
@testable import SimulatedExchange
import TestSupport
import Testing

/// The replay and backtest read path after issue 18's throughput work: decoded records
/// move through reusable batches (on a thread, or inline), book arrays are reused, and
/// several backtests can share one read of a capture. Each must give exactly what the
/// plain path gives.
@Suite(.tags(.integration)) struct DecodingPipelineTests {
    /// A backtest's output journal over a synthetic BTC+ETH capture: books, trades, fills,
    /// order responses and ticks as inputs, the engine's commands as outputs.
    static func mixedJournal(scratch: Scratch, events: Int = 3_000) throws -> String {
        let capture = scratch.file("capture.mmj")
        let writer = try JournalWriter(creating: capture, metadata: JournalMetadata(coins: ["BTC", "ETH"]),
                                       options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 11, coins: ["BTC", "ETH"])
        for _ in 0..<events {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        let output = scratch.file("backtest.mmj")
        _ = try BacktestRunner(config: EngineConfig(), exchange: SimExchangeConfig()).run(captures: [capture], output: output)
        return output
    }

    /// Every record of `path`, decoded directly (no stream): the reference.
    static func directlyDecoded(_ path: String) throws -> [String] {
        let reader = try JournalReader(path: path)
        var items: [String] = []
        while let record = try reader.next() {
            guard EngineRecord.isKnown(tag: record.type) else {
                items.append("unknown")
                continue
            }
            switch try record.decode() {
            case .input(let event): items.append("input \(record.seq) \(record.time) \(event)")
            case .output(let command): items.append("output \(record.seq) \(record.time) \(command)")
            }
        }
        return items
    }

    /// Every item of a stream, recycling each input event (so later books are decoded
    /// into the arrays of earlier ones).
    static func streamed(_ path: String, threaded: Bool, batchSize: Int, maxBatches: Int) throws -> [String] {
        let stream = DecodedRecordStream(reader: try JournalReader(path: path), threaded: threaded, batchSize: batchSize, maxBatches: maxBatches)
        defer { stream.stop() }
        var items: [String] = []
        while let item = try stream.next() {
            switch consume item {
            case .input(let seq, let time, let event):
                items.append("input \(seq) \(time) \(event)")
                stream.recycle(event)
            case .output(let seq, let time, let command): items.append("output \(seq) \(time) \(command)")
            case .unknown: items.append("unknown")
            }
        }
        #expect(stream.ending == .closed)
        return items
    }

    @Test func streamsGiveEveryRecordInOrderThreadedOrInlineAtAnyBatchSize() throws {
        let scratch = Scratch("pipeline")
        let path = try Self.mixedJournal(scratch: scratch)
        let reference = try Self.directlyDecoded(path)
        #expect(reference.contains { $0.hasPrefix("output") } && reference.contains { $0.contains("book(") })
        for (batchSize, maxBatches) in [(1024, 8), (3, 1), (1, 2), (500, 1)] {
            for threaded in [true, false] {
                let items = try Self.streamed(path, threaded: threaded, batchSize: batchSize, maxBatches: maxBatches)
                #expect(items == reference, "threaded \(threaded), batches of \(batchSize)")
            }
        }
    }

    @Test func aCorruptFrameFailsAtTheSamePlaceThreadedOrInline() throws {
        let scratch = Scratch("pipeline-corrupt")
        let path = try Self.mixedJournal(scratch: scratch, events: 6_000)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x5A  // inside some frame's compressed bytes
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var counts: [Int] = []
        var messages: [String] = []
        for threaded in [true, false] {
            let stream = DecodedRecordStream(reader: try JournalReader(path: path), threaded: threaded, batchSize: 64)
            defer { stream.stop() }
            var count = 0
            do {
                while try stream.next() != nil { count += 1 }
                Issue.record("a corrupt frame was read without an error (threaded \(threaded))")
            } catch {
                messages.append("\(error)")
            }
            counts.append(count)
        }
        // Every record before the corrupt frame comes out first, then the error.
        var readable = 0
        let reader = try JournalReader(path: path)
        do {
            while try reader.next() != nil { readable += 1 }
        } catch {}
        #expect(readable > 0 && counts == [readable, readable], "\(counts), \(readable) readable")
        #expect(messages.count == 2 && messages[0] == messages[1] && messages[0].contains(path), "\(messages)")
    }

    @Test func backtestsSharingOneReadEqualBacktestsRunAlone() throws {
        let scratch = Scratch("pipeline-lockstep")
        let capture = scratch.file("capture.mmj")
        let writer = try JournalWriter(creating: capture, metadata: JournalMetadata(coins: ["BTC", "ETH"]),
                                       options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 23, coins: ["BTC", "ETH"])
        for _ in 0..<20_000 {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        var runners: [BacktestRunner] = []
        for gamma in [0.05, 0.1, 0.3] {
            var config = EngineConfig()
            config.strategy.gamma = gamma
            var exchange = SimExchangeConfig()
            exchange.makerFeeBps = gamma * 10
            runners.append(BacktestRunner(config: config, exchange: exchange))
        }
        let alone = try runners.map { try $0.run(captures: [capture]) }
        #expect(Set(alone.map(\.replay.digest)).count == 3, "the configs should decide differently")
        for decodeOnThread in [true, false] {
            let together = try BacktestRunner.run(runners, captures: [capture], decodeOnThread: decodeOnThread)
            #expect(together.count == 3)
            for (a, b) in zip(alone, together) {
                #expect(a.replay.digest == b.replay.digest)
                #expect(a.replay.events == b.replay.events && a.marketEvents == b.marketEvents)
                #expect(a.pnl == b.pnl && a.fills == b.fills && a.volume == b.volume && a.maxDrawdown == b.maxDrawdown)
                #expect(a.hourlyPnL == b.hourlyPnL && a.makerShare == b.makerShare && a.timeQuoting == b.timeQuoting)
            }
        }
    }

    @Test func sweepUnitsGroupByCaptureAndGiveEveryWorkerWork() {
        let jobs = SweepPlan.jobs(configIDs: ["a", "b", "c", "d", "e"], captureCount: 3)
        for workers in [1, 2, 3, 4, 8, 40] {
            let units = SweepRunner.units(of: jobs, workers: workers)
            // Every job exactly once, in plan order within a unit, one capture per unit.
            #expect(units.flatMap { $0 }.map(\.index).sorted() == jobs.map(\.index))
            for unit in units {
                #expect(Set(unit.map(\.captureIndex)).count == 1)
                #expect(unit.map(\.index) == unit.map(\.index).sorted())
                #expect(unit.count <= SweepRunner.maxJobsPerRead)
            }
            #expect(units.count >= min(workers, jobs.count), "\(workers) workers, \(units.count) units")
            if workers <= 3 { #expect(units.count == 3, "one read per capture when captures cover the workers") }
        }
        #expect(SweepRunner.units(of: [], workers: 2).isEmpty)
        let many = SweepPlan.jobs(configIDs: (1...40).map { "c\($0)" }, captureCount: 1)
        #expect(SweepRunner.units(of: many, workers: 1).map(\.count) == [16, 16, 8])
    }
}
