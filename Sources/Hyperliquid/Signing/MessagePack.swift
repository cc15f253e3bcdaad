import JSON

/// MessagePack encoding of JSON values as Hyperliquid hashes actions (msgpack-python's
/// defaults): maps in key order, the smallest integer forms, str8/str16, no floats.
public enum MessagePack {
    /// Why a value cannot be encoded for hashing.
    public struct EncodingError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { "msgpack: \(self.reason)" }
    }

    /// The msgpack bytes of `value`.
    public static func encode(_ value: OrderedJSON) throws(EncodingError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try self.encode(value, into: &out)
        return out
    }

    static func encode(_ value: OrderedJSON, into out: inout [UInt8]) throws(EncodingError) {
        switch value {
        case .null: out.append(0xC0)
        case .bool(let b): out.append(b ? 0xC3 : 0xC2)
        case .integer(let v):
            if v >= 0 { self.unsigned(UInt64(v), into: &out) } else { self.signed(v, into: &out) }
        case .unsigned(let v): self.unsigned(v, into: &out)
        case .number(let text): throw EncodingError(reason: "the number \(text) is not an integer; Hyperliquid actions carry decimals as strings")
        case .string(let s):
            self.string(s, into: &out)
        case .array(let values):
            self.header(count: values.count, fix: 0x90, sixteen: 0xDC, thirtyTwo: 0xDD, into: &out)
            for v in values { try self.encode(v, into: &out) }
        case .object(let pairs):
            self.header(count: pairs.count, fix: 0x80, sixteen: 0xDE, thirtyTwo: 0xDF, into: &out)
            for (key, v) in pairs {
                self.string(key, into: &out)
                try self.encode(v, into: &out)
            }
        }
    }

    static func string(_ s: String, into out: inout [UInt8]) {
        let count = s.utf8.count
        switch count {
        case 0..<32: out.append(0xA0 | UInt8(count))
        case 32..<256: out.append(0xD9); out.append(UInt8(count))
        case 256..<65_536: out.append(0xDA); self.big(UInt64(count), bytes: 2, into: &out)
        default: out.append(0xDB); self.big(UInt64(count), bytes: 4, into: &out)
        }
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    static func header(count: Int, fix: UInt8, sixteen: UInt8, thirtyTwo: UInt8, into out: inout [UInt8]) {
        if count < 16 { out.append(fix | UInt8(count)) } else if count < 65_536 { out.append(sixteen); self.big(UInt64(count), bytes: 2, into: &out) } else { out.append(thirtyTwo); self.big(UInt64(count), bytes: 4, into: &out) }
    }

    static func unsigned(_ v: UInt64, into out: inout [UInt8]) {
        switch v {
        case 0..<128: out.append(UInt8(v))
        case 128..<256: out.append(0xCC); out.append(UInt8(v))
        case 256..<65_536: out.append(0xCD); self.big(v, bytes: 2, into: &out)
        case 65_536..<4_294_967_296: out.append(0xCE); self.big(v, bytes: 4, into: &out)
        default: out.append(0xCF); self.big(v, bytes: 8, into: &out)
        }
    }

    static func signed(_ v: Int64, into out: inout [UInt8]) {
        switch v {
        case -32 ..< 0: out.append(UInt8(bitPattern: Int8(v)))
        case -128 ..< -32: out.append(0xD0); out.append(UInt8(bitPattern: Int8(v)))
        case -32_768 ..< -128: out.append(0xD1); self.big(UInt64(bitPattern: v), bytes: 2, into: &out)
        case -2_147_483_648 ..< -32_768: out.append(0xD2); self.big(UInt64(bitPattern: v), bytes: 4, into: &out)
        default: out.append(0xD3); self.big(UInt64(bitPattern: v), bytes: 8, into: &out)
        }
    }

    /// Appends the low `bytes` bytes of `v`, big-endian.
    static func big(_ v: UInt64, bytes: Int, into out: inout [UInt8]) {
        for i in stride(from: bytes - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}
