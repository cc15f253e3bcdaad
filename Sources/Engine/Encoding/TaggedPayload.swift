import JSON

/// A value journaled as a record: a numeric type tag plus a versioned payload.
///
/// The payload starts with a version byte; decoders reject versions they do not know
/// (``BinaryDecodingError/unsupportedVersion(what:found:supported:)``) and tags they do
/// not know (``BinaryDecodingError/unknownTag(what:tag:)``), so a reader can skip them.
public protocol TaggedPayload: JSONRenderable {
    /// The record type tag.
    var tag: UInt16 { get }
    /// The type's name in JSON renderings.
    var typeName: String { get }
    /// Appends the version byte and the payload (not the tag).
    func encodePayload(to writer: inout BinaryWriter)
    /// Decodes a payload of the given tag; the payload must be consumed exactly.
    init(tag: UInt16, payload: UnsafeRawBufferPointer) throws(BinaryDecodingError)
}

extension TaggedPayload {
    /// The versioned payload as a new byte array.
    public var payloadBytes: [UInt8] {
        var writer = BinaryWriter()
        self.encodePayload(to: &writer)
        return writer.bytes
    }

    /// Decodes a payload held in any byte collection.
    public init(tag: UInt16, payload: some Collection<UInt8>) throws(BinaryDecodingError) {
        let bytes = Array(payload)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(BinaryDecodingError) -> Self in try Self(tag: tag, payload: raw) }
        }
        self = try result.get()
    }
}
