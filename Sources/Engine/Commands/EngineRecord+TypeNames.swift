/// The one table of journal record type names: what `journal stat` counts under, what
/// `journal cat` prints as `type` and accepts in `--type`.
extension EngineRecord {
    /// Every record type this build knows, in tag order: the events, the commands, the
    /// engine snapshot (``snapshotTag``, named "snapshot"), then live sessions' undecodable
    /// frames (``wireErrorTag``, named "wire_error").
    public static let recordTypes: [(name: String, tag: UInt16)] =
        Event.Kind.allCases.map { ($0.name, $0.rawValue) }
        + Command.Kind.allCases.map { ($0.name, $0.rawValue) }
        + [("snapshot", snapshotTag), ("wire_error", wireErrorTag)]

    /// The name of a record type tag ("book", "place", "snapshot", "wire_error", ...), or
    /// `nil` when this build does not know the tag.
    public static func recordTypeName(ofTag tag: UInt16) -> String? {
        if tag == snapshotTag { return "snapshot" }
        if tag == wireErrorTag { return "wire_error" }
        return self.typeName(ofTag: tag)
    }

    /// The tag of a record type name ("book", "place", "snapshot", ...), or `nil` when
    /// this build knows no such type.
    public static func recordTag(ofTypeName name: String) -> UInt16? {
        self.recordTypes.first { $0.name == name }?.tag
    }
}
