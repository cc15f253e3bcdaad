import ConfigFile
import Engine
import EngineJournal
import Journal
import SimulatedExchange

/// What a backtest produced.
public struct BacktestSummary: Sendable {
    public var replay = ReplaySummary()
    /// PnL parts, volume and fills at the end.
    public var totals = PnLTotals()
    /// Realized PnL.
    public var realizedPnL: Double { self.totals.realized }
    /// Unrealized PnL at the last mids.
    public var unrealizedPnL: Double { self.totals.unrealized }
    /// Fees paid.
    public var fees: Double { self.totals.fees }
    /// Funding.
    public var funding: Double { self.totals.funding }
    /// Total PnL.
    public var pnl: Double { self.totals.pnl }
    /// Traded notional.
    public var volume: Double { self.totals.volume }
    /// Fills booked.
    public var fills: UInt64 { self.totals.fills }
    public var makerShare = 0.0
    /// Share of quote cycles that placed or kept quotes.
    public var timeQuoting = 0.0
    /// Largest fall of total PnL from its running peak, in quote currency.
    public var maxDrawdown = 0.0
    /// Smallest and largest position seen, per coin.
    public var inventoryRange: [(coin: String, low: Size, high: Size)] = []
    /// Market-data events read from the captures.
    public var marketEvents: UInt64 = 0
    /// Virtual time of the first and the last market-data event (nil without any).
    public var marketTimeRange: ClosedRange<Int64>?
    /// Seconds of virtual time the market data spans (0 without any).
    public var marketSeconds: Double {
        self.marketTimeRange.map { Nanoseconds($0.upperBound - $0.lowerBound).seconds } ?? 0
    }
    /// Total PnL at each whole hour of virtual time, and at the end (hours inside a gap
    /// longer than ``BacktestRunner/maxGapHours`` are not listed).
    public var hourlyPnL: [Double] = []
    /// Ticks not delivered inside gaps of the data: after
    /// ``BacktestRunner/maxTicksPerGap`` ticks with no captured record, the clock jumps
    /// to the next record, so a capture with a long outage costs what its events cost.
    public var ticksSkipped: UInt64 = 0
}

/// Runs the engine over recorded market data with ``SimExchange`` answering its orders.
///
/// Market data from one or more journals (merged by virtual time) goes to the simulator
/// and the engine; the engine's commands go to the simulator; the simulator's responses,
/// fills, funding and rate-limit events come back to the engine at their own virtual
/// times; `tick` events are inserted every quote interval. With an output path, every
/// input the engine saw and every command it emitted is journaled in order, so
/// `mm-replay verify` reproduces the backtest.
public struct BacktestRunner {
    public let config: EngineConfig
    public let exchange: SimExchangeConfig

    public init(config: EngineConfig, exchange: SimExchangeConfig) {
        self.config = config
        self.exchange = exchange
    }

    /// Ticks since the last captured record after which the clock jumps to the next
    /// record (a gap in the capture): at least 100 s of ticks at the shortest interval.
    /// The simulator's answers in the gap still arrive at their times.
    public static let maxTicksPerGap = 10_000

    /// Hours of a gap listed in ``BacktestSummary/hourlyPnL`` before it jumps ahead.
    public static let maxGapHours: Int64 = 48

    /// Backtests over `captures` (merged by time). Each capture is decoded on a thread of
    /// its own, or with `decodeOnThread: false` on the calling thread (for callers that
    /// already keep every core busy, such as a sweep with one job per core).
    public func run(captures: [String], output: String? = nil, decodeOnThread: Bool = true,
                    progress: ((UInt64) -> Void)? = nil) throws -> BacktestSummary {
        let readers = try captures.map { try JournalReader(path: $0) }
        // The header carries the first capture's venue, coins and generator details; the
        // config, its hash and the sources are this run's.
        let provenance = JournalProvenance(mode: .backtest, parent: readers.first?.metadata, sources: captures)
        var source = try CaptureMerge(streams: readers.map { DecodedRecordStream(reader: $0, threaded: decodeOnThread) })
        defer { source.stop() }
        var summary = try self.run(source: &source, provenance: provenance, output: output, progress: progress)
        summary.replay.tornTails = source.tornTails
        return summary
    }

    /// Backtests every runner over the same captures, reading and decoding them once:
    /// each event goes to every run in turn (each with its own engine, simulator and
    /// totals), so the summaries are those of running each alone. A sweep's configs over
    /// one capture share its decoding this way. `decodeOnThread` as in
    /// ``run(captures:output:decodeOnThread:progress:)``.
    public static func run(_ runners: [BacktestRunner], captures: [String], decodeOnThread: Bool = true) throws -> [BacktestSummary] {
        let readers = try captures.map { try JournalReader(path: $0) }
        let provenance = JournalProvenance(mode: .backtest, parent: readers.first?.metadata, sources: captures)
        var source = try CaptureMerge(streams: readers.map { DecodedRecordStream(reader: $0, threaded: decodeOnThread) })
        defer { source.stop() }
        var runs = try runners.map { try BacktestRun(runner: $0, provenance: provenance, output: nil) }
        while var timed = try source.next() {
            for i in runs.indices { try runs[i].marketOrOther(&timed, progress: nil) }
            source.recycle(timed.take())
        }
        let tornTails = source.tornTails
        return try runs.indices.map { i in
            var summary = try runs[i].finish()
            summary.replay.tornTails = tornTails
            return summary
        }
    }

    /// Runs over any time-ordered source of events. Books and trades go to the simulator
    /// and the engine; every other event (connection changes, liquidations, operator
    /// actions, account snapshots, ...) goes to the engine only. The engine starts from
    /// `provenance`'s checkpoint; the output's header records this runner's config (and
    /// its hash) and the simulator's seed.
    public func run(source: AnyEventSource, provenance: JournalProvenance,
                    output: String? = nil, progress: ((UInt64) -> Void)? = nil) throws -> BacktestSummary {
        var source = source
        return try self.run(source: &source, provenance: provenance, output: output, progress: progress)
    }

    /// ``run(source:provenance:output:progress:)`` over any ``BacktestEventSource``
    /// (specialized per source type: no closure call or copy per event).
    public func run<Source: BacktestEventSource>(source: inout Source, provenance: JournalProvenance,
                                                 output: String? = nil, progress: ((UInt64) -> Void)? = nil) throws -> BacktestSummary {
        var run = try BacktestRun(runner: self, provenance: provenance, output: output)
        while var timed = try source.next() {
            try run.marketOrOther(&timed, progress: progress)
            source.recycle(timed.take())
        }
        return try run.finish()
    }
}

/// An event at a virtual time, as a backtest source hands it out.
public struct TimedEvent {
    /// Nanoseconds on the virtual clock.
    public var time: Int64
    public var event: Event

    public init(time: Int64, event: Event) {
        self.time = time
        self.event = event
    }

    /// Moves the event out, leaving a `tick` (no reference count is touched).
    mutating func take() -> Event {
        var event = Event.tick
        swap(&event, &self.event)
        return event
    }
}

/// A time-ordered source of events for ``BacktestRunner``.
public protocol BacktestEventSource {
    /// The next event, or `nil` at the end.
    mutating func next() throws -> TimedEvent?
    /// Takes back an event the runner is done with (it may release or reuse it).
    mutating func recycle(_ event: consuming Event)
}

/// A time-ordered source of (virtual time, event) pairs given as closures.
public struct AnyEventSource: BacktestEventSource {
    let nextEvent: () throws -> (Int64, Event)?
    let recycleEvent: ((consuming Event) -> Void)?

    /// A source of `next`'s events. `recycle`, when given, takes each event back once the
    /// runner is done with it (see ``DecodedRecordStream/recycle(_:)``).
    public init(_ next: @escaping () throws -> (Int64, Event)?, recycle: ((consuming Event) -> Void)? = nil) {
        self.nextEvent = next
        self.recycleEvent = recycle
    }

    /// The next event, or `nil` at the end.
    public func next() throws -> TimedEvent? {
        try self.nextEvent().map { TimedEvent(time: $0.0, event: $0.1) }
    }

    /// Hands back an event the runner is done with.
    public func recycle(_ event: consuming Event) {
        if let recycleEvent { recycleEvent(event) }
    }

    /// A source over an array of events sorted by time.
    public static func array(_ events: [(Int64, Event)]) -> AnyEventSource {
        var index = 0
        return AnyEventSource {
            guard index < events.count else { return nil }
            defer { index += 1 }
            return events[index]
        }
    }
}
