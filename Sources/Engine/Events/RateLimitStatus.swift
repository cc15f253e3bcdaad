import JSON

/// The exchange's request budget for our address.
public struct RateLimitStatus: Hashable, Sendable {
    /// Requests used so far.
    public var used: UInt64
    /// Requests allowed (grows with traded volume on Hyperliquid).
    public var cap: UInt64

    public init(used: UInt64, cap: UInt64) {
        self.used = used
        self.cap = cap
    }
}

extension RateLimitStatus: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) { writer.write(self.used); writer.write(self.cap) }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(used: try reader.read(), cap: try reader.read())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("used", self.used)
        json.field("cap", self.cap)
    }
}
