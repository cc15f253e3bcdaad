/// Decodes a `Decodable` value from an ``OrderedJSON`` value: the reverse of
/// ``JSONValueEncoder``, and of Foundation's `JSONEncoder` with sorted keys (what wrote
/// engine snapshots, journal headers and checkpoints before this module).
///
/// Integers must be JSON integers within the type's range; a `Double` reads any number,
/// and the strings `"nan"`, `"+inf"`, `"-inf"`. Errors are `DecodingError`s with the
/// coding path of the value.
public struct JSONValueDecoder {
    /// A decoder.
    public init() {}

    /// The value `json` holds.
    public func decode<T: Decodable>(_ type: T.Type, from json: OrderedJSON) throws -> T {
        try T(from: NodeDecoder(json: json, codingPath: []))
    }

    /// The value JSON text holds: parsed strictly (``OrderedJSON/init(parsing:maxDepth:)-(Collection<UInt8>,_)``), then decoded.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try self.decode(type, from: try OrderedJSON(parsing: bytes))
    }
}

/// Reading primitives out of a JSON value.
struct Primitive {
    let json: OrderedJSON
    let codingPath: [any CodingKey]

    func mismatch(_ type: Any.Type, _ expected: String) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: self.codingPath, debugDescription: "expected \(expected), found \(Self.kind(self.json))"))
    }

    static func kind(_ json: OrderedJSON) -> String {
        switch json {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let text): return "the string \(JSONString.quoted(String(text.prefix(40))))"
        case .integer(let value): return "the number \(value)"
        case .unsigned(let value): return "the number \(value)"
        case .number(let text): return "the number \(text)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = self.json else { throw self.mismatch(Bool.self, "true or false") }
        return flag
    }

    func string() throws -> String {
        guard case .string(let text) = self.json else { throw self.mismatch(String.self, "a string") }
        return text
    }

    func double() throws -> Double {
        switch self.json {
        case .integer(let value): return Double(value)
        case .unsigned(let value): return Double(value)
        case .number(let text): if let value = Double(text) { return value }
        case .string(JSONValueEncoder.notANumber): return .nan
        case .string(JSONValueEncoder.positiveInfinity): return .infinity
        case .string(JSONValueEncoder.negativeInfinity): return -.infinity
        default: break
        }
        throw self.mismatch(Double.self, "a number")
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value: T?
        switch self.json {
        case .integer(let number): value = T(exactly: number)
        case .unsigned(let number): value = T(exactly: number)
        default: throw self.mismatch(T.self, "an integer")
        }
        guard let value else {
            throw DecodingError.dataCorrupted(.init(codingPath: self.codingPath, debugDescription: "\(Self.kind(self.json)) does not fit \(T.self)"))
        }
        return value
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: NodeDecoder(json: self.json, codingPath: self.codingPath))
    }
}

struct NodeDecoder: Decoder {
    let json: OrderedJSON
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let pairs) = self.json else { throw Primitive(json: self.json, codingPath: self.codingPath).mismatch([String: Any].self, "an object") }
        var values: [String: OrderedJSON] = [:]
        for pair in pairs { values[pair.key] = pair.value }
        return KeyedDecodingContainer(KeyedNodeDecoder<Key>(values: values, keys: pairs.map(\.key), codingPath: self.codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let values) = self.json else { throw Primitive(json: self.json, codingPath: self.codingPath).mismatch([Any].self, "an array") }
        return UnkeyedNodeDecoder(values: values, codingPath: self.codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNodeDecoder(json: self.json, codingPath: self.codingPath) }
}

struct KeyedNodeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let values: [String: OrderedJSON]
    let keys: [String]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { self.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { self.values[key.stringValue] != nil }

    func primitive(_ key: Key) throws -> Primitive {
        guard let json = self.values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: self.codingPath, debugDescription: "no value for key \(JSONString.quoted(key.stringValue))"))
        }
        return Primitive(json: json, codingPath: self.codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try self.primitive(key).json == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try self.primitive(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try self.primitive(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try self.primitive(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try self.primitive(key).double()) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try self.primitive(key).integer(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try self.primitive(key).integer(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try self.primitive(key).integer(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try self.primitive(key).integer(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try self.primitive(key).integer(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try self.primitive(key).integer(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try self.primitive(key).integer(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try self.primitive(key).integer(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try self.primitive(key).integer(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try self.primitive(key).integer(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try self.primitive(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let value = try self.primitive(key)
        return try NodeDecoder(json: value.json, codingPath: value.codingPath).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let value = try self.primitive(key)
        return try NodeDecoder(json: value.json, codingPath: value.codingPath).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { NodeDecoder(json: self.values["super"] ?? .null, codingPath: self.codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoder(json: self.values[key.stringValue] ?? .null, codingPath: self.codingPath + [key]) }
}

struct UnkeyedNodeDecoder: UnkeyedDecodingContainer {
    let values: [OrderedJSON]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(values: [OrderedJSON], codingPath: [any CodingKey]) {
        self.values = values
        self.codingPath = codingPath
    }

    var count: Int? { self.values.count }
    var isAtEnd: Bool { self.currentIndex >= self.values.count }

    mutating func next(_ type: Any.Type) throws -> Primitive {
        guard !self.isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: self.codingPath + [IndexKey(self.currentIndex)], debugDescription: "the array has only \(self.values.count) elements"))
        }
        defer { self.currentIndex += 1 }
        return Primitive(json: self.values[self.currentIndex], codingPath: self.codingPath + [IndexKey(self.currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !self.isAtEnd, self.values[self.currentIndex] == .null else { return false }
        self.currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try self.next(type).bool() }
    mutating func decode(_ type: String.Type) throws -> String { try self.next(type).string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try self.next(type).double() }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try self.next(type).double()) }
    mutating func decode(_ type: Int.Type) throws -> Int { try self.next(type).integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try self.next(type).integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try self.next(type).integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try self.next(type).integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try self.next(type).integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try self.next(type).integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try self.next(type).integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try self.next(type).integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try self.next(type).integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try self.next(type).integer(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try self.next(type).decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let value = try self.next([String: Any].self)
        return try NodeDecoder(json: value.json, codingPath: value.codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let value = try self.next([Any].self)
        return try NodeDecoder(json: value.json, codingPath: value.codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let value = try self.next(Any.self)
        return NodeDecoder(json: value.json, codingPath: value.codingPath)
    }
}

struct SingleNodeDecoder: SingleValueDecodingContainer {
    let json: OrderedJSON
    let codingPath: [any CodingKey]

    var primitive: Primitive { Primitive(json: self.json, codingPath: self.codingPath) }
    func decodeNil() -> Bool { self.json == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try self.primitive.bool() }
    func decode(_ type: String.Type) throws -> String { try self.primitive.string() }
    func decode(_ type: Double.Type) throws -> Double { try self.primitive.double() }
    func decode(_ type: Float.Type) throws -> Float { Float(try self.primitive.double()) }
    func decode(_ type: Int.Type) throws -> Int { try self.primitive.integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try self.primitive.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try self.primitive.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try self.primitive.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try self.primitive.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try self.primitive.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try self.primitive.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try self.primitive.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try self.primitive.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try self.primitive.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try self.primitive.decode(type) }
}
