import Engine
import EngineJournal
import Hashing

/// SHA-256 over an engine's command stream: the fingerprint two runs must share to
/// have decided the same things.
///
/// Each command is hashed in the record encoding with the ordinal (1, 2, ...) and the
/// virtual time of the input event that caused it: `input u64 | time i64 | type u16 |
/// length u32 | payload`. Ordinals, not journal seqs, so the digest does not depend on
/// how a journal interleaves commands: replaying a replay's output gives the same digest.
public struct CommandDigest {
    private var hasher = SHA256()
    private var buffer = BinaryWriter(reservingCapacity: 512)
    /// Commands hashed so far.
    public private(set) var count: UInt64 = 0

    public init() {}

    /// Adds one command emitted for the `input`-th input event, stamped `time`.
    public mutating func add(_ command: Command, input: UInt64, time: Int64) {
        self.buffer.bytes.removeAll(keepingCapacity: true)
        Stamped<Command>.encodeRecord(seq: input, time: time, of: command, to: &self.buffer)
        self.buffer.bytes.withUnsafeBytes { self.hasher.update($0) }
        self.count += 1
    }

    /// The digest as 64 lowercase hex digits.
    public func finalize() -> String { self.hasher.finalizeHex() }
}
