import JSON

/// A value with its place in the session: a dense sequence number and a virtual time.
///
/// `seq` counts the journal's records from 1; `time` is nanoseconds on the session's
/// virtual clock (live: the local receive time). The engine reads time only from here.
public struct Stamped<Payload> {
    /// Position in the session, dense from 1.
    public var seq: UInt64
    /// Nanoseconds on the session's virtual clock.
    public var time: Int64
    /// The event (or command, or record).
    public var event: Payload

    public init(seq: UInt64, time: Int64, event: Payload) {
        self.seq = seq
        self.time = time
        self.event = event
    }
}

extension Stamped: Equatable where Payload: Equatable {}
extension Stamped: Hashable where Payload: Hashable {}
extension Stamped: Sendable where Payload: Sendable {}

extension Stamped where Payload: TaggedPayload {
    /// The record layout every journal uses: `seq u64 | time i64 | type u16 | length u32
    /// | payload`, all little-endian. 22 header bytes.
    public static var headerSize: Int { 22 }

    /// Appends the record encoding of this stamped value.
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.seq)
        writer.write(self.time)
        writer.write(self.event.tag)
        let lengthAt = writer.bytes.count
        writer.write(UInt32(0))
        let start = writer.bytes.count
        self.event.encodePayload(to: &writer)
        let length = UInt32(writer.bytes.count - start).littleEndian
        withUnsafeBytes(of: length) { raw in
            for i in 0..<4 { writer.bytes[lengthAt + i] = raw[i] }
        }
    }

    /// The record encoding as a new byte array.
    public var encodedBytes: [UInt8] {
        var writer = BinaryWriter()
        self.encode(to: &writer)
        return writer.bytes
    }

    /// Decodes one record that fills `bytes` exactly.
    public init(decoding bytes: some Collection<UInt8>) throws(BinaryDecodingError) {
        let array = Array(bytes)
        let result = array.withUnsafeBytes { raw in
            Result { () throws(BinaryDecodingError) -> Self in
                var reader = BinaryReader(raw, context: "record")
                let seq = try reader.read(UInt64.self)
                let time = try reader.read(Int64.self)
                let tag = try reader.read(UInt16.self)
                let length = Int(try reader.read(UInt32.self))
                guard length == reader.remaining else {
                    if length > reader.remaining {
                        throw .truncated(what: "record", offset: reader.offset, needed: length, available: reader.remaining)
                    }
                    throw .trailingBytes(what: "record", count: reader.remaining - length)
                }
                let payload = UnsafeRawBufferPointer(rebasing: raw[reader.offset...])
                return Stamped(seq: seq, time: time, event: try Payload(tag: tag, payload: payload))
            }
        }
        self = try result.get()
    }
}

extension Stamped: JSONRenderable where Payload: TaggedPayload {
    /// Renders `{"seq":…,"time":…,"type":…, <payload fields>}`.
    public func renderFields(to json: inout JSONWriter) {
        json.field("seq", self.seq)
        json.field("time", self.time)
        json.field("type", self.event.typeName)
        self.event.renderFields(to: &json)
    }
}
