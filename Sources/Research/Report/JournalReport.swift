import ConfigFile
import Engine
import EngineJournal
import Foundation
import Journal
import Replay

/// A postmortem of one journal as a self-contained HTML page: the engine runs over the
/// journal's inputs (with the header's config and checkpoint) and the page opens with a
/// summary (PnL and its parts, fills, volume, maker share, positions, drawdown, config
/// and its hash, inputs and commands), then charts, on one time axis, each coin's mid
/// (broken and shaded at data gaps) with our resting orders as step lines and our fills
/// (late, orphan and out-of-order ones ringed), its position and spread multiplier with
/// the gate states along the time axis, total PnL and API headroom, with the coin's risk
/// actions and every kill-switch event marked, then tells the story.
public struct JournalReport {
    struct CoinSeries {
        var mid: [(time: Int64, value: Double)] = []
        var position: [(time: Int64, value: Double)] = []
        var multiplier: [(time: Int64, value: Double)] = []
    }

    /// The journal.
    public let path: String
    /// The torn tail the journal ends with, if any: the page shows the records before it.
    public private(set) var tornTail: TornTail?
    var coins: [String] = []
    var series: [String: CoinSeries] = [:]
    var pnl: [(time: Int64, value: Double)] = []
    var headroom: [(time: Int64, value: Double)] = []
    /// Our orders, placement to end.
    public private(set) var orders: [RestingOrder] = []
    /// Our fills, classified, in journal order.
    public private(set) var fills: [ReportFill] = []
    /// Market-data gaps and feed outages.
    public private(set) var gaps: [DataGap] = []
    /// Each coin's gate states over time.
    public private(set) var gates: [GateInterval] = []
    /// Each coin's risk actions above normal.
    public private(set) var riskEvents: [RiskEvent] = []
    /// Kill-switch triggers (time, reason).
    public private(set) var kills: [StoryEntry] = []
    /// Kill-switch resets (times).
    public private(set) var resets: [Int64] = []
    /// The replay story.
    public private(set) var story: [StoryEntry] = []
    /// The numbers at the top of the page.
    public private(set) var summary: ReportSummary
    /// Each coin's latest cross-venue signals (coins with reference data).
    public private(set) var signals: [(coin: String, signals: QuoteCycleDecision.Signals)] = []
    /// The fills' markout records, in order.
    public private(set) var markouts: [(time: Int64, coin: String, markout: FillMarkoutDecision)] = []
    /// The quality of all fills (from the engine's state at the end).
    public private(set) var fillQuality = FillQuality()
    var start: Int64 = 0
    var end: Int64 = 1
    var events: UInt64 = 0
    var commands: UInt64 = 0
    var metadata: JournalMetadata

    /// Runs the engine over the journal and collects what the page shows.
    public init(path: String, config: EngineConfig? = nil) throws {
        self.path = path
        let reader = try JournalReader(path: path)
        self.metadata = reader.metadata
        let config = try config ?? ConfigFile.recordedConfig(of: path) ?? EngineConfig()
        var engine = try Engine(config: config, restoring: try KillSwitchCheckpoint.recorded(in: reader.metadata))
        var storyBuilder = StoryBuilder(config: config)
        var tracker = RestingOrderTracker()
        var gates = GateIntervalBuilder()
        var risk = RiskEventCollector()
        var classifier = FillClassifier()
        var digest = CommandDigest()
        var drawdown = DrawdownTracker()
        var inventory = InventoryRange(coins: config.coins.count)
        var inputCounts: [UInt16: UInt64] = [:]
        var commandCounts: [UInt16: UInt64] = [:]
        var fills: [ReportFill] = []
        var resets: [Int64] = []
        self.coins = config.coins.map(\.name)
        var first: Int64?
        var last: Int64 = 0
        var lastSample: Int64 = .min
        while let record = try reader.next() {
            guard EngineRecord.isEventTag(record.type), EngineRecord.isKnown(tag: record.type), case .input(let event) = try record.decode(in: path) else { continue }
            let time = record.time
            first = first ?? time
            last = max(last, time)
            self.events += 1
            inputCounts[event.kind.rawValue, default: 0] += 1
            storyBuilder.observe(event, seq: record.seq, time: time)
            switch event {
            case .book(let book):
                if let bid = book.bids.first, let ask = book.asks.first {
                    self.series[book.coin, default: CoinSeries()].mid.append((time, (bid.price.doubleValue + ask.price.doubleValue) / 2))
                }
            case .rateLimit(let status):
                if status.cap > 0 { self.headroom.append((time, max(0, 1 - Double(status.used) / Double(status.cap)))) }
            default: break
            }
            let commands = engine.handle(Stamped(seq: record.seq, time: time, event: event))
            if case .fill(let fill) = event {
                fills.append(classifier.classify(fill, at: time, commands: commands, order: tracker.order(clientOrderID: fill.clientOrderID, orderID: fill.orderID)))
            }
            tracker.observe(event, at: time)
            for command in commands {
                self.commands += 1
                commandCounts[command.kind.rawValue, default: 0] += 1
                digest.add(command, input: self.events, time: time)
                storyBuilder.observe(command, seq: record.seq, time: time)
                tracker.observe(command, at: time)
                guard case .decision(let decision) = command else { continue }
                if case .killSwitchReset = decision.decision, resets.last != time { resets.append(time) }
                if case .fillMarkout(let markout) = decision.decision { self.markouts.append((time, decision.coin, markout)) }
                guard case .quoteCycle(let cycle) = decision.decision else { continue }
                if let signals = cycle.signals {
                    if let i = self.signals.firstIndex(where: { $0.coin == decision.coin }) { self.signals[i].signals = signals } else { self.signals.append((decision.coin, signals)) }
                }
                gates.cycle(coin: decision.coin, reason: cycle.reason, at: time)
                risk.cycle(cycle, coin: decision.coin, at: time)
                if let total = cycle.multipliers?.total { self.series[decision.coin, default: CoinSeries()].multiplier.append((time, total)) }
                if self.headroom.last?.value != cycle.headroom { self.headroom.append((time, cycle.headroom)) }
            }
            let total = engine.totalPnL
            drawdown.observe(total)
            inventory.observe(engine)
            if lastSample == .min || time - lastSample >= Nanoseconds.perSecond || !commands.isEmpty && time - lastSample >= Nanoseconds.milliseconds(100).rawValue {
                lastSample = time
                self.pnl.append((time, total))
                for (index, coin) in self.coins.enumerated() {
                    self.series[coin, default: CoinSeries()].position.append((time, engine.position(coinIndex: index).doubleValue))
                }
            }
        }
        self.start = first ?? 0
        self.end = max(last, self.start + 1)
        self.tornTail = TornTail(endingOf: reader)
        self.pnl.append((self.end, engine.totalPnL))
        self.orders = tracker.orders
        self.fills = fills
        self.gaps = storyBuilder.gaps.finished(at: self.end)
        self.gates = gates.finished(at: self.end)
        self.riskEvents = risk.events
        self.resets = resets
        self.story = storyBuilder.entries
        self.kills = storyBuilder.killSwitchTriggers
        self.fillQuality = engine.state.coins.reduce(FillQuality()) { $0 + $1.fillQuality }
        var summary = ReportSummary(config: config, recordedHash: reader.metadata.configHash, state: engine.state)
        summary.maxDrawdown = drawdown.maxDrawdown
        summary.inventory = inventory.ranges(config)
        for fill in fills {
            summary.fillKinds[fill.kind, default: 0] += 1
            if fill.outOfOrder { summary.outOfOrderFills += 1 }
            guard fill.kind == .live || fill.kind == .late || fill.kind == .orphan else { continue }
            if fill.taker { summary.takerFills += 1 } else { summary.makerFills += 1 }
        }
        summary.killTriggers = self.kills.count
        summary.inputs = Event.Kind.allCases.compactMap { kind in inputCounts[kind.rawValue].map { (kind.name, $0) } }
        summary.commands = Command.Kind.allCases.compactMap { kind in commandCounts[kind.rawValue].map { (kind.name, $0) } }
        summary.digest = digest.finalize()
        self.summary = summary
    }
}
