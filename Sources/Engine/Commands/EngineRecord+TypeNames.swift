/// Record type names by tag, read from the registry (``RecordType``): what `journal stat`
/// counts under, what `journal cat` prints as `type` and accepts in `--type`.
extension EngineRecord {
    /// Every record type this build knows, in tag order: the events, the commands, the
    /// engine snapshot ("snapshot"), then live sessions' undecodable frames ("wire_error").
    public static let recordTypes: [(name: String, tag: UInt16)] = RecordType.allCases.map { ($0.name, $0.rawValue) }

    /// The name of a record type tag ("book", "place", "snapshot", "wire_error", ...), or
    /// `nil` when this build does not know the tag.
    public static func recordTypeName(ofTag tag: UInt16) -> String? { RecordType(rawValue: tag)?.name }

    /// The tag of a record type name ("book", "place", "snapshot", ...), or `nil` when
    /// this build knows no such type.
    public static func recordTag(ofTypeName name: String) -> UInt16? { RecordType(name: name)?.rawValue }
}
