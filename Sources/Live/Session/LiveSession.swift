import Engine
import Journal

/// The deterministic heart of a live session: every input is journaled, then handed to
/// the engine, then the commands it produced are journaled and returned for sending.
/// Replaying the journal through the same engine gives the same commands
/// (`mm-replay verify`). Time only comes in with the inputs.
public final class LiveSession {
    public private(set) var engine: Engine
    private var writer: JournalWriter?
    /// Why journaling stopped (a write failed): later inputs reach the engine only.
    public private(set) var journalFailure: String?
    /// Time of the last input (inputs never go back in time: a later one earlier than
    /// this is stamped with this).
    public private(set) var lastTime: Int64 = .min
    public private(set) var inputs: UInt64 = 0
    /// Commands by kind name ("place", "cancel", …), for metrics.
    public private(set) var commandCounts: [String: UInt64] = [:]
    public private(set) var wireErrors: UInt64 = 0

    /// A session journaling to `writer` (nil: nothing is journaled, as in tests).
    public init(config: EngineConfig, checkpoint: KillSwitchCheckpoint?, writer: JournalWriter?) throws {
        self.engine = try Engine(config: config, restoring: checkpoint)
        self.writer = writer
    }

    /// Commands of the last input not journaled yet.
    private var pending: [Command] = []

    /// Journals `event` at `time` (clamped to never go back), runs the engine on it and
    /// returns its commands. The commands are journaled by ``journalCommands()``, which
    /// the caller runs once it has handed them to the exchange client (so journaling
    /// them adds nothing to the tick-to-order path), and at the latest by the next
    /// `ingest` or `close`: the journal always reads input, its commands, next input.
    @discardableResult
    public func ingest(_ event: Event, at time: Int64) throws -> [Command] {
        try self.journalCommands()
        let time = max(time, self.lastTime)
        self.lastTime = time
        self.inputs += 1
        let seq = try self.writer?.append(event, time: time) ?? self.inputs
        let commands = self.engine.handle(Stamped(seq: seq, time: time, event: event))
        self.pending = commands
        return commands
    }

    /// Journals the commands of the last input (once).
    public func journalCommands() throws {
        guard !self.pending.isEmpty else { return }
        for command in self.pending {
            try self.writer?.append(command, time: self.lastTime)
            self.commandCounts[command.kind.name, default: 0] += 1
        }
        self.pending.removeAll(keepingCapacity: true)
    }

    /// Keeps a frame that could not be decoded, with the reason, as a non-engine record.
    public func recordWireError(frame: String, reason: String, at time: Int64) throws {
        try self.journalCommands()
        let time = max(time, self.lastTime)
        self.lastTime = time
        self.wireErrors += 1
        _ = try self.writer?.append(type: EngineRecord.wireErrorTag, time: time, payload: Array((reason + "\n" + frame).utf8))
    }

    /// Records the journal has written to disk so far.
    public var journalRecordsWritten: UInt64 { self.writer?.writtenSeq ?? 0 }

    /// Commits the pending records if the flush interval has passed.
    public func flushIfDue() throws { try self.writer?.flushIfDue() }

    /// Flushes and closes the journal.
    public func close() throws {
        try self.journalCommands()
        try self.writer?.close()
        self.writer = nil
    }

    /// Stops journaling after a write failed: the engine keeps running (to cancel
    /// everything) on inputs that can no longer be recorded.
    public func stopJournaling(because reason: String) {
        self.journalFailure = reason
        self.pending.removeAll()
        self.writer = nil
    }
}
