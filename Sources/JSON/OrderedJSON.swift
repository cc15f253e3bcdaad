/// A JSON value that keeps object keys in their order: Hyperliquid hashes actions with
/// msgpack in key order, so the order a key was written in is part of the data.
public indirect enum OrderedJSON: Equatable, Sendable {
    /// An object: its pairs in their order.
    case object([(key: String, value: OrderedJSON)])
    /// An array.
    case array([OrderedJSON])
    /// A string.
    case string(String)
    /// An integer (JSON numbers without fraction or exponent).
    case integer(Int64)
    /// An integer above Int64.max.
    case unsigned(UInt64)
    /// A number with a fraction or exponent, kept as its text (never hashed as a float).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// Equal values: the same kind, the same contents, object keys in the same order.
    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.unsigned(let a), .unsigned(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    /// The value of a key of an object.
    public subscript(key: String) -> OrderedJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Compact JSON bytes in the same key order.
    public var bytes: [UInt8] {
        var json = JSONWriter()
        json.bytes.reserveCapacity(256)
        json.value(self)
        return json.bytes
    }

    /// Compact JSON text in the same key order.
    public var text: String { String(decoding: self.bytes, as: UTF8.self) }
}
