import Engine
import EngineJournal
import Journal

/// Where a re-run first disagreed with the recorded commands, and how much disagreed in all.
public struct Divergence: Sendable {
    /// Seq of the first recorded command that differs (or of the input after which the
    /// commands differ, when the re-run has a command the journal lacks).
    public var seq: UInt64
    public var time: Int64
    /// The first recorded command that differs (`nil`: nothing more was recorded for that input).
    public var expected: Command?
    /// What the engine emitted in its place (`nil`: it emitted nothing more).
    public var actual: Command?
    /// The last inputs before the divergence: (seq, time, type name).
    public var recentInputs: [(seq: UInt64, time: Int64, type: String)]
    /// Order-level view of the first divergent input: orders the journal records that the
    /// re-run did not send (`missing place BTC B 104969 0.001`), and the reverse.
    public var missing: [String] = []
    public var extra: [String] = []
    /// Inputs after which the commands differ, and commands unmatched on either side.
    public var divergentInputs: UInt64 = 0
    public var divergentCommands: UInt64 = 0
    /// Inputs re-run, commands recorded and re-run, and the digest of each side.
    public var inputs: UInt64 = 0
    public var recordedCommands: UInt64 = 0
    public var actualCommands: UInt64 = 0
    public var recordedDigest = ""
    public var actualDigest = ""
}

/// The outcome of a verification.
public enum VerifyOutcome: Sendable {
    /// Every command matched; the digest of the stream. For a journal that was never
    /// closed (its writer crashed), the commands of its very last input may be missing:
    /// they were lost with the process, and are not a divergence.
    case identical(digest: String, inputs: UInt64, commands: UInt64)
    case diverged(Divergence)
    /// The journal holds no recorded commands: nothing to compare with.
    case nothingRecorded(inputs: UInt64)
}

/// Re-runs a journal's inputs through the engine and compares, input by input, the
/// commands it emits with the commands recorded after the same input. The run goes to
/// the end (the engine's outputs never feed back into its inputs), so a divergence is
/// reported with how far it spread and both sides' digests.
public struct VerifyRunner {
    public let config: EngineConfig
    /// Compare orders only: decision records are left out on both sides.
    public var ignoringDecisions: Bool

    public init(config: EngineConfig, ignoringDecisions: Bool = false) {
        self.config = config
        self.ignoringDecisions = ignoringDecisions
    }

    public func run(path: String) throws -> VerifyOutcome {
        try self.runNotingTornTail(path: path).outcome
    }

    /// ``run(path:)``, and the torn tail the journal ends with, if any (the inputs and
    /// commands before it were compared; a caller should say so).
    public func runNotingTornTail(path: String) throws -> (outcome: VerifyOutcome, tornTail: TornTail?) {
        let reader = try JournalReader(path: path)
        var engine = try Engine(config: self.config, restoring: try KillSwitchCheckpoint.recorded(in: reader.metadata))
        var comparison = Comparison(ignoringDecisions: self.ignoringDecisions)
        while let record = try reader.next() {
            guard EngineRecord.typeName(ofTag: record.type) != nil else { continue }
            switch try record.decode(in: path) {
            case .input(let event):
                comparison.settle(final: false, closed: true)
                comparison.begin(seq: record.seq, time: record.time, type: event.typeName)
                comparison.emitted(engine.handle(Stamped(seq: record.seq, time: record.time, event: event)))
            case .output(let command):
                comparison.recorded(command, seq: record.seq)
            }
        }
        comparison.settle(final: true, closed: reader.ending == .closed)
        return (comparison.outcome, TornTail(endingOf: reader))
    }
}

/// The input-by-input comparison behind ``VerifyRunner``.
struct Comparison {
    let ignoringDecisions: Bool
    private var recordedDigest = CommandDigest()
    private var actualDigest = CommandDigest()
    private var inputs: UInt64 = 0
    private var current: (seq: UInt64, time: Int64) = (0, 0)
    private var recent: [(seq: UInt64, time: Int64, type: String)] = []
    private var emittedNow: [Command] = []
    private var recordedNow: [(seq: UInt64, command: Command)] = []
    private var first: Divergence?
    private var divergentInputs: UInt64 = 0
    private var divergentCommands: UInt64 = 0

    init(ignoringDecisions: Bool) { self.ignoringDecisions = ignoringDecisions }

    mutating func begin(seq: UInt64, time: Int64, type: String) {
        self.inputs += 1
        self.current = (seq, time)
        self.recent.append((seq, time, type))
        if self.recent.count > 5 { self.recent.removeFirst() }
        self.recordedNow.removeAll(keepingCapacity: true)
    }

    mutating func emitted(_ commands: [Command]) {
        self.emittedNow = commands
        for command in commands { self.actualDigest.add(command, input: self.inputs, time: self.current.time) }
    }

    mutating func recorded(_ command: Command, seq: UInt64) {
        self.recordedNow.append((seq, command))
        self.recordedDigest.add(command, input: self.inputs, time: self.current.time)
    }

    private func kept(_ command: Command) -> Bool {
        if self.ignoringDecisions, case .decision = command { return false }
        return true
    }

    /// Compares what was recorded after the current input with what the engine emitted.
    /// `final` and not `closed`: the writer may have died before recording the last
    /// input's commands, so a prefix of them is enough.
    mutating func settle(final: Bool, closed: Bool) {
        // The common case, without copies: the same commands in the same order.
        if !self.ignoringDecisions, self.recordedNow.count == self.emittedNow.count,
           zip(self.recordedNow, self.emittedNow).allSatisfy({ $0.command == $1 }) {
            self.emittedNow = []
            return
        }
        let expected = self.recordedNow.filter { self.kept($0.command) }
        let actual = self.emittedNow.filter(self.kept)
        defer { self.emittedNow = [] }
        if final && !closed && expected.count <= actual.count && zip(expected, actual).allSatisfy({ $0.command == $1 }) { return }
        guard expected.count != actual.count || !zip(expected, actual).allSatisfy({ $0.command == $1 }) else { return }
        self.divergentInputs += 1
        let (missing, extra) = Self.unmatched(expected.map(\.command), actual)
        self.divergentCommands += UInt64(missing.count + extra.count)
        guard self.first == nil else { return }
        let k = (0..<min(expected.count, actual.count)).first { expected[$0].command != actual[$0] } ?? min(expected.count, actual.count)
        self.first = Divergence(seq: k < expected.count ? expected[k].seq : self.current.seq, time: self.current.time,
                                expected: k < expected.count ? expected[k].command : nil, actual: k < actual.count ? actual[k] : nil,
                                recentInputs: self.recent,
                                missing: missing.compactMap(OrderLine.describe), extra: extra.compactMap(OrderLine.describe))
    }

    /// Commands of `a` without a match in `b` and the reverse (as multisets, in order).
    static func unmatched(_ a: [Command], _ b: [Command]) -> (missing: [Command], extra: [Command]) {
        var remaining = b
        var missing: [Command] = []
        for command in a {
            if let i = remaining.firstIndex(of: command) { remaining.remove(at: i) } else { missing.append(command) }
        }
        return (missing, remaining)
    }

    var outcome: VerifyOutcome {
        guard self.recordedDigest.count > 0 else { return .nothingRecorded(inputs: self.inputs) }
        guard var divergence = self.first else {
            return .identical(digest: self.actualDigest.finalize(), inputs: self.inputs, commands: self.actualDigest.count)
        }
        divergence.divergentInputs = self.divergentInputs
        divergence.divergentCommands = self.divergentCommands
        divergence.inputs = self.inputs
        divergence.recordedCommands = self.recordedDigest.count
        divergence.actualCommands = self.actualDigest.count
        divergence.recordedDigest = self.recordedDigest.finalize()
        divergence.actualDigest = self.actualDigest.finalize()
        return .diverged(divergence)
    }
}
