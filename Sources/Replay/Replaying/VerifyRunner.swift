import Engine
import Journal

/// Where a re-run first disagreed with the recorded commands.
public struct Divergence: Sendable {
    /// Seq of the recorded command that differs (or of the input after which the
    /// commands differ, when one side has a command the other lacks).
    public var seq: UInt64
    public var time: Int64
    /// What the journal recorded (`nil`: nothing more was recorded for that input).
    public var expected: Command?
    /// What the engine emitted now (`nil`: it emitted nothing more).
    public var actual: Command?
    /// The last inputs before the divergence: (seq, time, type name).
    public var recentInputs: [(seq: UInt64, time: Int64, type: String)]
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

/// Re-runs a journal's inputs through the engine and compares every emitted command with
/// the commands recorded after the same input.
public struct VerifyRunner {
    public let config: EngineConfig

    public init(config: EngineConfig) { self.config = config }

    public func run(path: String) throws -> VerifyOutcome {
        let reader = try JournalReader(path: path)
        var engine = try Engine(config: self.config, restoring: try KillSwitchCheckpoint.recorded(in: reader.metadata))
        var digest = CommandDigest()
        var pending: [Command] = []
        var pendingIndex = 0
        var inputs: UInt64 = 0
        var recorded: UInt64 = 0
        var recent: [(seq: UInt64, time: Int64, type: String)] = []
        var lastInput: (seq: UInt64, time: Int64) = (0, 0)

        func leftover() -> Divergence? {
            guard pendingIndex < pending.count else { return nil }
            return Divergence(seq: lastInput.seq, time: lastInput.time, expected: nil, actual: pending[pendingIndex], recentInputs: recent)
        }

        // A divergence found before any recorded command is held back: a journal that
        // records no command at all is "nothing to verify", not a divergence.
        var heldBack: Divergence?
        while let record = try reader.next() {
            guard EngineRecord.typeName(ofTag: record.type) != nil else { continue }
            switch try record.decode(in: path) {
            case .input(let event):
                if heldBack == nil, let divergence = leftover() {
                    if recorded > 0 { return .diverged(divergence) }
                    heldBack = divergence
                }
                inputs += 1
                lastInput = (record.seq, record.time)
                recent.append((record.seq, record.time, event.typeName))
                if recent.count > 5 { recent.removeFirst() }
                pending = engine.handle(Stamped(seq: record.seq, time: record.time, event: event))
                pendingIndex = 0
                for command in pending { digest.add(command, input: inputs, time: record.time) }
            case .output(let command):
                if let divergence = heldBack { return .diverged(divergence) }
                recorded += 1
                guard pendingIndex < pending.count else {
                    return .diverged(Divergence(seq: record.seq, time: record.time, expected: command, actual: nil, recentInputs: recent))
                }
                if pending[pendingIndex] != command {
                    return .diverged(Divergence(seq: record.seq, time: record.time, expected: command, actual: pending[pendingIndex], recentInputs: recent))
                }
                pendingIndex += 1
            }
        }
        if recorded == 0 { return .nothingRecorded(inputs: inputs) }
        // A crashed writer loses what it had not committed: the last input's commands
        // that are missing are the crash, not a divergence (a prefix of them must match).
        if let divergence = leftover(), reader.ending == .closed { return .diverged(divergence) }
        return .identical(digest: digest.finalize(), inputs: inputs, commands: digest.count)
    }
}
