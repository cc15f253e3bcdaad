/// An incomplete last frame (a write cut short) that a run stopped before: the records
/// before it were all used, its bytes were ignored.
public struct TornTail: Equatable, Sendable {
    /// The file that ends with it (a segment, for a directory journal).
    public var path: String
    /// Where the incomplete frame starts.
    public var offset: UInt64
    /// Its bytes, to the end of the file.
    public var bytes: UInt64

    public init(path: String, offset: UInt64, bytes: UInt64) {
        self.path = path
        self.offset = offset
        self.bytes = bytes
    }

    /// The torn tail `reader` stopped before, or nil when it ended otherwise (closed,
    /// or an unclosed journal whose last frame is whole).
    public init?(endingOf reader: JournalReader) {
        guard case .tornTail(let path, let offset, let bytes) = reader.ending else { return nil }
        self.init(path: path, offset: offset, bytes: bytes)
    }
}
