import Engine
import Journal

/// A record of a type this build knows whose payload or stamps do not decode (a time
/// outside ``Limits``, a truncated payload, ...), named by journal and seq as
/// `journal verify` names it.
public struct RecordDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The journal (file or segment directory).
    public var path: String
    public var seq: UInt64
    /// The record's type name ("book", "place", ...).
    public var type: String
    /// What is wrong (the ``BinaryDecodingError``'s message).
    public var reason: String

    public init(path: String, seq: UInt64, type: String, reason: String) {
        self.path = path
        self.seq = seq
        self.type = type
        self.reason = reason
    }

    public var description: String {
        "\(self.path): record seq \(self.seq) (type \(self.type)) does not decode: \(self.reason)"
    }
}

extension JournalRecord {
    /// ``decode()``, with a failure named by the journal `path` and the record's seq.
    public func decode(in path: String) throws(RecordDecodingError) -> EngineRecord {
        do {
            return try self.decode()
        } catch {
            throw RecordDecodingError(path: path, seq: self.seq, type: self.typeName, reason: error.description)
        }
    }
}
