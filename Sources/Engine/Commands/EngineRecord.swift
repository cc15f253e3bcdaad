import JSON

/// Anything the engine's journals hold: an input event or an output command.
///
/// Decoding dispatches on the tag range (events 0x0001-0x00FF, commands 0x0100-0x01FF);
/// every tag and its name are in the registry, ``RecordType``.
public enum EngineRecord: Hashable, Sendable {
    case input(Event)
    case output(Command)

    /// The record type of engine snapshots (periodic state, for entering a journal in the
    /// middle); neither an input nor an output.
    public static let snapshotTag: UInt16 = RecordType.snapshot.rawValue

    /// The record type of a live feed frame that could not be decoded (``WireErrorRecord``,
    /// written by live sessions); neither an input nor an output.
    public static let wireErrorTag: UInt16 = RecordType.wireError.rawValue

    /// Whether a record type tag belongs to an input event.
    public static func isEventTag(_ tag: UInt16) -> Bool { RecordType.isEventRange(tag) }

    /// Whether this build knows a record type tag as an event or a command.
    @inline(__always)
    public static func isKnown(tag: UInt16) -> Bool {
        Event.Kind(rawValue: tag) != nil || Command.Kind(rawValue: tag) != nil
    }

    /// The name of a tag that decodes as an ``EngineRecord`` (an event or a command), or
    /// `nil` (unknown tags and the engine snapshot, which is not an `EngineRecord`). To
    /// name any record type, snapshots included, use ``recordTypeName(ofTag:)``.
    public static func typeName(ofTag tag: UInt16) -> String? {
        if let kind = Event.Kind(rawValue: tag) { return kind.name }
        if let kind = Command.Kind(rawValue: tag) { return kind.name }
        return nil
    }
}

extension EngineRecord: TaggedPayload {
    public var tag: UInt16 {
        switch self {
        case .input(let event): return event.tag
        case .output(let command): return command.tag
        }
    }
    public var typeName: String {
        switch self {
        case .input(let event): return event.typeName
        case .output(let command): return command.typeName
        }
    }
    public func encodePayload(to writer: inout BinaryWriter) {
        switch self {
        case .input(let event): event.encodePayload(to: &writer)
        case .output(let command): command.encodePayload(to: &writer)
        }
    }
    public init(tag: UInt16, payload: UnsafeRawBufferPointer) throws(BinaryDecodingError) {
        if Self.isEventTag(tag) {
            self = .input(try Event(tag: tag, payload: payload))
        } else {
            self = .output(try Command(tag: tag, payload: payload))
        }
    }
    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .input(let event): event.renderFields(to: &json)
        case .output(let command): command.renderFields(to: &json)
        }
    }
}
