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

    public func run(captures: [String], output: String? = nil, progress: ((UInt64) -> Void)? = nil) throws -> BacktestSummary {
        let readers = try captures.map { try JournalReader(path: $0) }
        // The header carries the first capture's venue, coins and generator details; the
        // config, its hash and the sources are this run's.
        let provenance = JournalProvenance(mode: .backtest, parent: readers.first?.metadata, sources: captures)
        // Each capture is read and decoded on a thread of its own.
        let streams = readers.map { DecodedRecordStream(reader: $0) }
        defer { streams.forEach { $0.stop() } }
        func nextMarket(_ stream: DecodedRecordStream) throws -> (Int64, Event)? {
            while let item = try stream.next() {
                if case .input(_, let time, let event) = item {
                    switch event {
                    case .book, .trades: return (time, event)
                    default: continue
                    }
                }
            }
            return nil
        }
        var heads: [(Int64, Event)?] = try streams.map { try nextMarket($0) }
        var lastPick = 0
        let source = AnyEventSource({
            // The earliest market event across the captures (ties: the first capture).
            var pick: Int?
            for (i, head) in heads.enumerated() {
                if let head, pick.map({ head.0 < heads[$0]!.0 }) ?? true { pick = i }
            }
            guard let i = pick, let head = heads[i] else { return nil }
            heads[i] = try nextMarket(streams[i])
            lastPick = i
            return head
        }, recycle: { event in streams[lastPick].recycle(event) })
        var summary = try self.run(source: source, provenance: provenance, output: output, progress: progress)
        summary.replay.tornTails = streams.compactMap(\.tornTail)
        return summary
    }

    /// Runs over any time-ordered source of events. Books and trades go to the simulator
    /// and the engine; every other event (connection changes, liquidations, operator
    /// actions, account snapshots, ...) goes to the engine only. The engine starts from
    /// `provenance`'s checkpoint; the output's header records this runner's config (and
    /// its hash) and the simulator's seed.
    public func run(source: AnyEventSource, provenance: JournalProvenance,
                    output: String? = nil, progress: ((UInt64) -> Void)? = nil) throws -> BacktestSummary {
        var engine = try Engine(config: self.config, restoring: provenance.checkpoint)
        var sim = SimExchange(config: self.exchange, coins: self.config.coins)
        var writer: JournalWriter?
        if let output {
            var provenance = provenance
            provenance.config = self.config
            provenance.details["sim_seed"] = String(self.exchange.seed)
            writer = try JournalWriter(creating: output, metadata: try provenance.metadata(), options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        }
        var summary = BacktestSummary()
        var digest = CommandDigest()
        var story = StoryBuilder(config: self.config)
        var quotingCycles: UInt64 = 0
        var cycles: UInt64 = 0
        var drawdown = DrawdownTracker()
        var inventory = InventoryRange(coins: self.config.coins.count)
        let tickInterval = max(1, Int64(saturating: self.config.general.quoteIntervalSeconds * Double(Nanoseconds.perSecond)))
        var ticksInGap = 0
        var nextTick: Int64?
        var lastTime = Int64.min
        var snapshots = SnapshotSchedule(interval: EngineSnapshot.defaultInterval)
        var hourMark: Int64?

        /// Feeds one input to the engine, journals it and its commands, and sends the
        /// commands to the simulator.
        func feed(_ event: Event, at time: Int64) throws {
            lastTime = max(lastTime, time)
            if case .tick = event { ticksInGap += 1 }
            summary.replay.events += 1
            story.observe(event, seq: summary.replay.events, time: time)
            try snapshots.writeIfDue(engine, at: time, to: writer)
            let seq = try writer?.append(event, time: time) ?? summary.replay.events
            let commands = engine.handle(Stamped(seq: seq, time: time, event: event))
            for command in commands {
                digest.add(command, input: summary.replay.events, time: time)
                summary.replay.count(command)
                story.observe(command, seq: seq, time: time)
                try writer?.append(command, time: time)
                if case .decision(let record) = command, case .quoteCycle(let cycle) = record.decision {
                    cycles += 1
                    if cycle.quoted { quotingCycles += 1 }
                }
            }
            sim.submit(commands, at: time)
            let total = engine.totalPnL
            drawdown.observe(total)
            summary.maxDrawdown = drawdown.maxDrawdown
            let hour = Nanoseconds.hours(1).rawValue
            if hourMark == nil { hourMark = time - time % hour + hour }
            if time - hourMark! > Self.maxGapHours * hour { hourMark = time - time % hour }
            while time >= hourMark! {
                summary.hourlyPnL.append(total)
                hourMark! += hour
            }
        }

        /// Delivers everything the simulator and the tick clock have due up to `time`,
        /// in time order.
        func drain(until time: Int64) throws {
            while true {
                let simTime = sim.nextActionTime
                let tickTime = nextTick.flatMap { $0 <= time ? $0 : nil }
                if let s = simTime, s <= time, tickTime.map({ s <= $0 }) ?? true {
                    for (at, event) in sim.run(until: s) { try feed(event, at: max(at, lastTime)) }
                } else if let t = tickTime {
                    nextTick = t + tickInterval
                    if ticksInGap >= Self.maxTicksPerGap, let s = nextTick, s <= time {
                        // A gap in the data: jump to the last tick at or before `time`
                        // (the simulator's pending actions still run at their times).
                        let resume = max(s, time - time % tickInterval)
                        summary.ticksSkipped += UInt64((resume - s) / tickInterval)
                        nextTick = resume
                        ticksInGap = 0
                    }
                    try feed(.tick, at: max(t, lastTime))
                } else {
                    return
                }
            }
        }

        while let (recordTime, event) = try source.next() {
            let time = max(recordTime, lastTime)
            if nextTick == nil { nextTick = time - time % tickInterval + tickInterval }
            try drain(until: time)
            if case .tick = event { continue }
            let isMarket: Bool
            switch event {
            case .book, .trades: isMarket = true
            default: isMarket = false
            }
            if isMarket {
                sim.marketData(event, at: time)
                summary.marketEvents += 1
                summary.marketTimeRange = (summary.marketTimeRange?.lowerBound ?? time)...time
            }
            if summary.marketEvents & 0x3FFF == 0 { progress?(summary.marketEvents) }
            ticksInGap = 0
            try feed(event, at: time)
            source.recycle(event)
            inventory.observe(engine)
        }
        // Let answers already on their way arrive (one second past the data).
        if lastTime > Int64.min { try drain(until: lastTime + Nanoseconds.perSecond) }
        try writer?.close()

        let state = engine.state
        summary.replay.digest = digest.finalize()
        summary.replay.finalState = state
        summary.replay.story = story.entries
        summary.replay.storyOmitted = story.omitted
        summary.replay.killSwitchTriggers = story.killSwitchTriggers
        summary.totals = PnLTotals(state: state)
        summary.hourlyPnL.append(state.totalPnl)
        summary.makerShare = sim.fills == 0 ? 0 : Double(sim.makerFills) / Double(sim.fills)
        summary.timeQuoting = cycles == 0 ? 0 : Double(quotingCycles) / Double(cycles)
        summary.inventoryRange = inventory.ranges(self.config)
        return summary
    }
}

/// A time-ordered source of (virtual time, event) pairs for ``BacktestRunner``.
public struct AnyEventSource {
    let nextEvent: () throws -> (Int64, Event)?
    let recycleEvent: ((consuming Event) -> Void)?

    /// A source of `next`'s events. `recycle`, when given, takes each event back once the
    /// runner is done with it (see ``DecodedRecordStream/recycle(_:)``).
    public init(_ next: @escaping () throws -> (Int64, Event)?, recycle: ((consuming Event) -> Void)? = nil) {
        self.nextEvent = next
        self.recycleEvent = recycle
    }

    /// The next event, or `nil` at the end.
    public func next() throws -> (Int64, Event)? { try self.nextEvent() }

    /// Hands back an event the runner is done with.
    func recycle(_ event: consuming Event) {
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
