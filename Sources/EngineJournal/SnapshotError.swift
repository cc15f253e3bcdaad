import Foundation

/// An engine snapshot that cannot be restored: undecodable, of an unknown version, or
/// holding a config or state that validation refuses. Names the journal and the
/// snapshot's seq when known.
public struct SnapshotError: Error, Equatable, CustomStringConvertible {
    /// The journal holding the snapshot, when known.
    public var path: String?
    /// The snapshot record's seq, when known.
    public var seq: UInt64?
    /// Every problem found (at least one).
    public var reasons: [String]

    public init(path: String? = nil, seq: UInt64? = nil, reasons: [String]) {
        self.path = path
        self.seq = seq
        self.reasons = reasons
    }

    public var description: String {
        var place = "engine snapshot"
        if let seq { place += " at seq \(seq)" }
        if let path { place += " of \(path)" }
        let shown = self.reasons.prefix(10).joined(separator: "; ")
        let more = self.reasons.count > 10 ? " (and \(self.reasons.count - 10) more)" : ""
        return "\(place) cannot be restored: \(shown)\(more). Replay from the beginning (without --from-seq/--from-time) to rebuild the state from the inputs."
    }

    /// A readable account of a JSON decoding error: what was wrong and where.
    static func describe(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop(while: { $0 == "." }))
        }
        switch error as? DecodingError {
        case .dataCorrupted(let context)?:
            return "not valid JSON or a bad value at \(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context)?:
            return "missing field \(key.stringValue) at \(path(context))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type at \(path(context)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
