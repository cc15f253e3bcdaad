/// The one registry of journal record types: every tag a journal holds, with its name.
///
/// Tags are stable and never reused. Ranges: input events 0x0001-0x00FF, commands
/// 0x0100-0x01FF, engine snapshots 0x0200, undecodable live frames 0x0300. The names are
/// what `journal cat` prints as `type`, `journal stat` counts under and `--type` accepts.
/// ``Event/Kind`` and ``Command/Kind`` are the event and command parts of this table;
/// ``EngineRecord/snapshotTag`` and ``EngineRecord/wireErrorTag`` name the other two.
public enum RecordType: UInt16, Sendable, CaseIterable {
    // Input events (``Event``).
    case book = 0x0001
    case trades = 0x0002
    case fill = 0x0003
    case orderUpdate = 0x0004
    case orderResponse = 0x0005
    case account = 0x0006
    case userEvent = 0x0007
    case connection = 0x0008
    case rateLimit = 0x0009
    case referencePrice = 0x000A
    case tick = 0x000B
    case `operator` = 0x000C
    case orderLookup = 0x000D
    case referenceQuote = 0x000E
    case referenceTrades = 0x000F
    // Commands (``Command``).
    case place = 0x0101
    case cancel = 0x0102
    case modify = 0x0103
    case cancelAll = 0x0104
    case scheduleCancel = 0x0105
    case decision = 0x0106
    case query = 0x0107
    case reconnect = 0x0108
    /// A periodic engine snapshot (EngineJournal's `EngineSnapshot`), for entering a
    /// journal in the middle.
    case snapshot = 0x0200
    /// A live feed frame that did not decode (``WireErrorRecord``).
    case wireError = 0x0300

    /// The record type's name ("book", "place", "snapshot", "wire_error", ...).
    public var name: String {
        switch self {
        case .book: return "book"
        case .trades: return "trades"
        case .fill: return "fill"
        case .orderUpdate: return "orderUpdate"
        case .orderResponse: return "orderResponse"
        case .account: return "account"
        case .userEvent: return "userEvent"
        case .connection: return "connection"
        case .rateLimit: return "rateLimit"
        case .referencePrice: return "referencePrice"
        case .tick: return "tick"
        case .operator: return "operator"
        case .orderLookup: return "orderLookup"
        case .referenceQuote: return "referenceQuote"
        case .referenceTrades: return "referenceTrades"
        case .place: return "place"
        case .cancel: return "cancel"
        case .modify: return "modify"
        case .cancelAll: return "cancelAll"
        case .scheduleCancel: return "scheduleCancel"
        case .decision: return "decision"
        case .query: return "query"
        case .reconnect: return "reconnect"
        case .snapshot: return "snapshot"
        case .wireError: return "wire_error"
        }
    }

    /// The record type of a name, or `nil` when this build knows no such type.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// Whether a tag lies in the input events' range (0x0001-0x00FF), known or not.
    @inline(__always)
    public static func isEventRange(_ tag: UInt16) -> Bool { tag < 0x0100 }
}

/// A typed part of the registry (``Event/Kind``, ``Command/Kind``): its cases map to
/// ``RecordType`` entries, from which the tag and the name come.
public protocol RecordKind: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == UInt16 {
    /// The registry entry of this kind.
    var recordType: RecordType { get }
    /// The kind of a registry entry, or `nil` when the entry is not of this part.
    init?(_ type: RecordType)
}

extension RecordKind {
    /// The kind of a record tag, or `nil` when the tag is not of this part.
    @inline(__always)
    public init?(rawValue: UInt16) {
        guard let type = RecordType(rawValue: rawValue) else { return nil }
        self.init(type)
    }

    /// The record tag (from the registry).
    @inline(__always)
    public var rawValue: UInt16 { self.recordType.rawValue }

    /// The name used in JSON renderings and CLI filters ("book", "place", ...).
    public var name: String { self.recordType.name }
}
