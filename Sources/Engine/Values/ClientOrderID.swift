import JSON

/// A 128-bit client order id ("cloid"), written on the wire as `0x` + 32 hex digits.
///
/// The engine derives cloids from sequence numbers and counters, never from randomness,
/// so a replay issues the same ids as the live run it reproduces.
public struct ClientOrderID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The high 64 bits.
    public var high: UInt64
    /// The low 64 bits.
    public var low: UInt64

    /// Creates an id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses `0x` followed by exactly 32 hex digits (either case).
    public init?(hex text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 34, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in utf8.dropFirst(2).enumerated() {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            if index < 16 { high = high << 4 | UInt64(nibble) } else { low = low << 4 | UInt64(nibble) }
        }
        self.init(high: high, low: low)
    }

    /// `0x` + 32 lowercase hex digits.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "0"), UInt8(ascii: "x")]
        for half in [self.high, self.low] {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((half >> UInt64(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

extension ClientOrderID: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.high)
        writer.write(self.low)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(high: try reader.read(), low: try reader.read())
    }
}

/// How a command names an order: by our client id, or by the exchange's order id.
public enum OrderReference: Hashable, Sendable {
    /// Our client order id.
    case client(ClientOrderID)
    /// The exchange's numeric order id ("oid").
    case exchange(UInt64)
}

extension OrderReference: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .client(let id): writer.write(UInt8(0)); id.encode(to: &writer)
        case .exchange(let oid): writer.write(UInt8(1)); writer.write(oid)
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        switch try reader.read(UInt8.self) {
        case 0: self = .client(try ClientOrderID(from: &reader))
        case 1: self = .exchange(try reader.read())
        case let tag: throw .unknownTag(what: "\(reader.context).orderReference", tag: UInt64(tag))
        }
    }
    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .client(let id): json.field("cloid", id.description)
        case .exchange(let oid): json.field("oid", oid)
        }
    }
}
