import ConfigFile
import Engine
import EngineJournal
import Journal

/// What a replay did.
public struct ReplaySummary: Sendable {
    /// Input events fed to the engine.
    public var events: UInt64 = 0
    /// Records of the input journal that were commands of an earlier run (not re-fed).
    public var recordedCommands: UInt64 = 0
    /// Records of types this build does not know (skipped, counted).
    public var unknownRecords: UInt64 = 0
    /// Commands emitted, by kind, in tag order.
    public var commandsByKind: [(kind: Command.Kind, count: UInt64)] = Command.Kind.allCases.map { ($0, 0) }
    /// Decision records by `reason` field, in first-seen order.
    public var decisionReasons: [(reason: String, count: UInt64)] = []
    /// SHA-256 of the command stream (see ``CommandDigest``).
    public var digest = ""
    /// The engine's state at the end.
    public var finalState: EngineState?
    /// What mattered, in order (see ``StoryBuilder``).
    public var story: [StoryEntry] = []
    /// Story entries left out past the limit.
    public var storyOmitted = 0
    /// Every kill-switch trigger: seq, time, reason.
    public var killSwitchTriggers: [StoryEntry] = []
    /// Quote-cycle decisions by reason (cycles only, not fill or reconciliation notes).
    public var gateReasons: [(reason: String, count: UInt64)] = []
    /// Journals read to their end that end with a torn tail (an incomplete last frame):
    /// every record before it was used, its bytes were ignored.
    public var tornTails: [TornTail] = []

    /// The latest cross-venue signals of each coin that had reference data, in
    /// first-seen order (from its quote-cycle decisions).
    public var signals: [(coin: String, signals: QuoteCycleDecision.Signals)] = []

    /// The quality of the fills (markouts), summed over the coins of the final state.
    public var fillQuality: FillQuality {
        self.finalState?.coins.reduce(FillQuality()) { $0 + $1.fillQuality } ?? FillQuality()
    }

    /// Commands emitted in all.
    public var commands: UInt64 { self.commandsByKind.reduce(0) { $0 + $1.count } }

    mutating func count(_ command: Command) {
        if let i = self.commandsByKind.firstIndex(where: { $0.kind == command.kind }) { self.commandsByKind[i].count += 1 }
        if case .decision(let record) = command {
            switch record.decision {
            case .unlabeled: break
            case .quoteCycle(let cycle):
                Self.increment(&self.decisionReasons, cycle.reason)
                Self.increment(&self.gateReasons, cycle.reason)
                if let signals = cycle.signals {
                    if let i = self.signals.firstIndex(where: { $0.coin == record.coin }) {
                        self.signals[i].signals = signals
                    } else {
                        self.signals.append((record.coin, signals))
                    }
                }
            default:
                Self.increment(&self.decisionReasons, record.reason)
            }
        }
    }

    static func increment(_ counts: inout [(reason: String, count: UInt64)], _ reason: String) {
        if let i = counts.firstIndex(where: { $0.reason == reason }) {
            counts[i].count += 1
        } else {
            counts.append((reason, 1))
        }
    }
}


/// Runs the engine over a journal's inputs, optionally writing a journal of inputs and
/// the commands they led to.
public struct ReplayRunner {
    public let config: EngineConfig

    public init(config: EngineConfig) { self.config = config }

    /// Replays `path` from `start` up to (and including) `untilSeq` / `untilTime`. A
    /// start in the middle restores the latest engine snapshot before it (journals written
    /// by replay and backtest carry one every 10 minutes of virtual time) and runs the
    /// engine silently from there to the start; the summary covers the rest. `progress` is
    /// called now and then with (records read, bytes read).
    public func run(path: String, output: String? = nil, from start: JournalReader.Start = .beginning,
                    untilSeq: UInt64? = nil, untilTime: Int64? = nil,
                    progress: ((UInt64, UInt64) -> Void)? = nil) throws -> ReplaySummary {
        let header = try JournalReader(path: path)
        let checkpoint = try KillSwitchCheckpoint.recorded(in: header.metadata)
        var engine = try Engine(config: self.config, restoring: checkpoint)
        var resumeSeq: UInt64 = 0
        if start != .beginning, let snapshot = try EngineSnapshot.latest(in: path, before: start) {
            // The snapshot's config built its state; another config cannot continue it.
            if snapshot.engine.config != self.config {
                let first = EngineConfig.differences(self.config, snapshot.engine.config).first ?? "a field"
                throw SnapshotError(path: path, seq: snapshot.seq, reasons: [
                    "it was taken under another config than the one chosen (\(first) differs); drop --config/--profile to continue with the snapshot's, or replay from the beginning to use another"])
            }
            engine = snapshot.engine
            resumeSeq = snapshot.seq
        }
        let reader = resumeSeq > 0 ? try JournalReader(path: path, from: .seq(resumeSeq + 1)) : header
        var snapshots = SnapshotSchedule(interval: EngineSnapshot.defaultInterval)
        var writer: JournalWriter?
        if let output {
            // The config that runs (and its hash), the source journal and its hash, the
            // checkpoint the engine started from.
            let provenance = JournalProvenance(mode: .replay, config: self.config, parent: header.metadata, sources: [path], checkpoint: checkpoint)
            writer = try JournalWriter(creating: output, metadata: try provenance.metadata(), options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        }
        var summary = ReplaySummary()
        var digest = CommandDigest()
        var records: UInt64 = 0
        var story = StoryBuilder(config: self.config)
        let stream = DecodedRecordStream(reader: reader)
        defer { stream.stop() }
        loop: while let item = try stream.next() {
            records += 1
            if records & 0x3FFF == 0 { progress?(records, stream.bytesRead) }
            let seq: UInt64
            let time: Int64
            let event: Event
            switch consume item {
            case .unknown:
                summary.unknownRecords += 1
                continue
            case .output(let s, let t, _):
                if let untilSeq, s > untilSeq { break loop }
                if let untilTime, t > untilTime { break loop }
                summary.recordedCommands += 1
                continue
            case .input(let s, let t, let e):
                (seq, time, event) = (s, t, e)
            }
            // Before the start: bring the engine up to date without counting.
            switch start {
            case .seq(let from) where seq < from:
                _ = engine.handle(Stamped(seq: seq, time: time, event: event))
                continue
            case .time(let from) where time < from:
                _ = engine.handle(Stamped(seq: seq, time: time, event: event))
                continue
            default:
                break
            }
            if let untilSeq, seq > untilSeq { break loop }
            if let untilTime, time > untilTime { break loop }
            summary.events += 1
            story.observe(event, seq: seq, time: time)
            try snapshots.writeIfDue(engine, at: time, to: writer)
            if let writer { try writer.append(event, time: time) }
            var stamped = Stamped(seq: seq, time: time, event: consume event)
            let commands = engine.handle(stamped)
            stream.recycle(&stamped)
            for command in commands {
                digest.add(command, input: summary.events, time: time)
                summary.count(command)
                story.observe(command, seq: seq, time: time)
                if let writer { try writer.append(command, time: time) }
            }
        }
        try writer?.close()
        if let torn = stream.tornTail { summary.tornTails.append(torn) }
        summary.digest = digest.finalize()
        summary.story = story.entries
        summary.storyOmitted = story.omitted
        summary.killSwitchTriggers = story.killSwitchTriggers
        summary.finalState = engine.state
        return summary
    }
}
