/// A value with a stable little-endian binary encoding (see ``BinaryWriter``).
///
/// `decode(encode(x)) == x` for every value; decoding never traps on bad input.
public protocol BinaryCodable {
    /// Appends the encoding of `self`.
    func encode(to writer: inout BinaryWriter)
    /// Decodes a value, throwing on short or malformed input.
    init(from reader: inout BinaryReader) throws(BinaryDecodingError)
}

extension BinaryCodable {
    /// The encoding of `self` as a new byte array.
    public var encodedBytes: [UInt8] {
        var writer = BinaryWriter()
        self.encode(to: &writer)
        return writer.bytes
    }

    /// Decodes a value that must fill `bytes` exactly.
    public init(decoding bytes: some Collection<UInt8>, context: String = "\(Self.self)") throws(BinaryDecodingError) {
        let array = Array(bytes)
        let result = array.withUnsafeBytes { raw in
            Result { () throws(BinaryDecodingError) -> Self in
                var reader = BinaryReader(raw, context: context)
                let value = try Self(from: &reader)
                try reader.expectEnd()
                return value
            }
        }
        self = try result.get()
    }
}
