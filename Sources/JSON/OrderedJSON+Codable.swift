/// An ``OrderedJSON`` value as a field of a `Codable` type (a journal header's nested
/// kill-switch checkpoint, for one): through ``JSONValueEncoder`` and ``JSONValueDecoder``
/// the value is stored and read back exactly as it is (keys in its order, numbers as their
/// text); through other coders, keys and numbers go the usual way (numbers as `Double`
/// unless integral).
extension OrderedJSON: Codable {
    public func encode(to encoder: any Encoder) throws {
        if let node = encoder as? NodeEncoder {
            node.node.leaf = self
            return
        }
        switch self {
        case .object(let pairs):
            var container = encoder.container(keyedBy: JSONKey.self)
            for pair in pairs { try container.encode(pair.value, forKey: JSONKey(pair.key)) }
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .unsigned(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let text):
            var container = encoder.singleValueContainer()
            try container.encode(Double(text) ?? 0)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    public init(from decoder: any Decoder) throws {
        if let node = decoder as? NodeDecoder {
            self = node.json
            return
        }
        if let container = try? decoder.container(keyedBy: JSONKey.self) {
            self = .object(try container.allKeys.map { (key: $0.stringValue, value: try container.decode(OrderedJSON.self, forKey: $0)) })
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var values: [OrderedJSON] = []
            while !container.isAtEnd { values.append(try container.decode(OrderedJSON.self)) }
            self = .array(values)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(UInt64.self) { self = .unsigned(value) }
        else if let value = try? container.decode(Double.self) { self = .number(JSONNumber.compactText(value) ?? "0") }
        else { self = .string(try container.decode(String.self)) }
    }
}

/// A coding key for any object key.
private struct JSONKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ key: String) { self.stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
