import ConfigFile
import Engine
import EngineJournal
import Journal
import SimulatedExchange

/// The state of one backtest as it runs: the engine, the simulator, the tick clock, the
/// output journal and the running totals. ``BacktestRunner`` feeds it the source's events
/// in time order. (A struct with mutating methods rather than closures over local
/// variables: those would be boxed, checked for exclusive access and copied per event.)
struct BacktestRun {
    private let config: EngineConfig
    private var engine: Engine
    private var sim: SimExchange
    private var writer: JournalWriter?
    private var summary = BacktestSummary()
    private var digest = CommandDigest()
    private var story: StoryBuilder
    private var quotingCycles: UInt64 = 0
    private var cycles: UInt64 = 0
    private var drawdown = DrawdownTracker()
    private var inventory: InventoryRange
    private let tickInterval: Int64
    private var ticksInGap = 0
    private var nextTick: Int64?
    private var lastTime = Int64.min
    private var snapshots = SnapshotSchedule(interval: EngineSnapshot.defaultInterval)
    private var hourMark: Int64?

    init(runner: BacktestRunner, provenance: JournalProvenance, output: String?) throws {
        self.config = runner.config
        self.engine = try Engine(config: runner.config, restoring: provenance.checkpoint)
        self.sim = SimExchange(config: runner.exchange, coins: runner.config.coins)
        if let output {
            var provenance = provenance
            provenance.config = runner.config
            provenance.details["sim_seed"] = String(runner.exchange.seed)
            self.writer = try JournalWriter(creating: output, metadata: try provenance.metadata(), options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        }
        self.story = StoryBuilder(config: runner.config)
        self.inventory = InventoryRange(coins: runner.config.coins.count)
        self.tickInterval = max(1, Int64(saturating: runner.config.general.quoteIntervalSeconds * Double(Nanoseconds.perSecond)))
    }

    /// One event of the source: first everything due before it (the simulator's answers,
    /// ticks), then the event itself (market data also to the simulator). The event is
    /// left in `timed` for the source to take back.
    mutating func marketOrOther(_ timed: inout TimedEvent, progress: ((UInt64) -> Void)?) throws {
        let time = max(timed.time, self.lastTime)
        if self.nextTick == nil { self.nextTick = time - time % self.tickInterval + self.tickInterval }
        try self.drain(until: time)
        let isMarket: Bool
        switch timed.event {
        case .tick: return
        case .book, .trades:
            isMarket = true
            self.sim.marketData(timed.event, at: time)
        case .referenceQuote, .referenceTrades, .referencePrice:
            isMarket = true  // the reference venue's data: the engine's only, nothing to match
        default: isMarket = false
        }
        if isMarket {
            self.summary.marketEvents += 1
            self.summary.marketTimeRange = (self.summary.marketTimeRange?.lowerBound ?? time)...time
        }
        if self.summary.marketEvents & 0x3FFF == 0 { progress?(self.summary.marketEvents) }
        self.ticksInGap = 0
        try self.feed(&timed.event, at: time)
        self.inventory.observe(self.engine)
    }

    /// Feeds one input to the engine, journals it and its commands, and sends the
    /// commands to the simulator. The event is moved into the engine's input and back.
    private mutating func feed(_ event: inout Event, at time: Int64) throws {
        self.lastTime = max(self.lastTime, time)
        if case .tick = event { self.ticksInGap += 1 }
        self.summary.replay.events += 1
        self.story.observe(event, seq: self.summary.replay.events, time: time)
        try self.snapshots.writeIfDue(self.engine, at: time, to: self.writer)
        let seq = try self.writer?.append(event, time: time) ?? self.summary.replay.events
        var stamped = Stamped(seq: seq, time: time, event: Event.tick)
        swap(&stamped.event, &event)
        let commands = self.engine.handle(stamped)
        swap(&stamped.event, &event)
        for command in commands {
            self.digest.add(command, input: self.summary.replay.events, time: time)
            self.summary.replay.count(command)
            self.story.observe(command, seq: seq, time: time)
            try self.writer?.append(command, time: time)
            if case .decision(let record) = command, case .quoteCycle(let cycle) = record.decision {
                self.cycles += 1
                if cycle.quoted { self.quotingCycles += 1 }
            }
        }
        self.sim.submit(commands, at: time)
        let total = self.engine.totalPnL
        self.drawdown.observe(total)
        self.summary.maxDrawdown = self.drawdown.maxDrawdown
        let hour = Nanoseconds.hours(1).rawValue
        if self.hourMark == nil { self.hourMark = time - time % hour + hour }
        if time - self.hourMark! > BacktestRunner.maxGapHours * hour { self.hourMark = time - time % hour }
        while time >= self.hourMark! {
            self.summary.hourlyPnL.append(total)
            self.hourMark! += hour
        }
    }

    /// Delivers everything the simulator and the tick clock have due up to `time`, in
    /// time order.
    private mutating func drain(until time: Int64) throws {
        while true {
            let simTime = self.sim.nextActionTime
            let tickTime = self.nextTick.flatMap { $0 <= time ? $0 : nil }
            if let s = simTime, s <= time, tickTime.map({ s <= $0 }) ?? true {
                for (at, event) in self.sim.run(until: s) {
                    var event = event
                    try self.feed(&event, at: max(at, self.lastTime))
                }
            } else if let t = tickTime {
                self.nextTick = t + self.tickInterval
                if self.ticksInGap >= BacktestRunner.maxTicksPerGap, let s = self.nextTick, s <= time {
                    // A gap in the data: jump to the last tick at or before `time` (the
                    // simulator's pending actions still run at their times).
                    let resume = max(s, time - time % self.tickInterval)
                    self.summary.ticksSkipped += UInt64((resume - s) / self.tickInterval)
                    self.nextTick = resume
                    self.ticksInGap = 0
                }
                var tick = Event.tick
                try self.feed(&tick, at: max(t, self.lastTime))
            } else {
                return
            }
        }
    }

    /// Lets answers already on their way arrive (one second past the data), closes the
    /// output and returns the summary.
    mutating func finish() throws -> BacktestSummary {
        if self.lastTime > Int64.min { try self.drain(until: self.lastTime + Nanoseconds.perSecond) }
        try self.writer?.close()
        let state = self.engine.state
        var summary = self.summary
        summary.replay.digest = self.digest.finalize()
        summary.replay.finalState = state
        summary.replay.story = self.story.entries
        summary.replay.storyOmitted = self.story.omitted
        summary.replay.killSwitchTriggers = self.story.killSwitchTriggers
        summary.totals = PnLTotals(state: state)
        summary.hourlyPnL.append(state.totalPnl)
        summary.makerShare = self.sim.fills == 0 ? 0 : Double(self.sim.makerFills) / Double(self.sim.fills)
        summary.timeQuoting = self.cycles == 0 ? 0 : Double(self.quotingCycles) / Double(self.cycles)
        summary.inventoryRange = self.inventory.ranges(self.config)
        return summary
    }
}
