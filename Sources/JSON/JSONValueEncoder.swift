/// Encodes an `Encodable` value as an ``OrderedJSON`` value with every object's keys
/// sorted by their UTF-8 bytes, so equal values give equal bytes on every platform.
///
/// For stored state whose types are `Codable` (engine snapshots, journal headers,
/// kill-switch checkpoints). Numbers: integers as integers; a `Double` in the form of
/// ``JSONNumber/compactText(_:)``, NaN and infinities as the strings `"nan"`, `"+inf"`,
/// `"-inf"` (``JSONValueDecoder`` reads them back).
public struct JSONValueEncoder {
    /// An encoder.
    public init() {}

    /// The value as JSON, keys sorted.
    public func encode(_ value: some Encodable) throws -> OrderedJSON {
        let root = EncodingNode()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.json
    }

    /// The value as compact JSON bytes, keys sorted.
    public func encodeBytes(_ value: some Encodable) throws -> [UInt8] { try self.encode(value).bytes }

    /// The strings that stand for non-finite doubles.
    static let positiveInfinity = "+inf", negativeInfinity = "-inf", notANumber = "nan"

    static func json(_ number: Double) -> OrderedJSON {
        if let text = JSONNumber.compactText(number) { return .number(text) }
        return .string(number.isNaN ? self.notANumber : number < 0 ? self.negativeInfinity : self.positiveInfinity)
    }

    static func json(_ number: some BinaryInteger) -> OrderedJSON {
        if let value = Int64(exactly: number) { return .integer(value) }
        return .unsigned(UInt64(number))
    }
}

/// One value being encoded: a leaf, an object or an array of further nodes.
final class EncodingNode {
    var leaf: OrderedJSON?
    var object: [String: EncodingNode]?
    var array: [EncodingNode]?

    init(_ leaf: OrderedJSON? = nil) { self.leaf = leaf }

    var json: OrderedJSON {
        if let object {
            return .object(object.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { (key: $0.key, value: $0.value.json) })
        }
        if let array { return .array(array.map(\.json)) }
        return self.leaf ?? .object([])
    }

    func child(_ key: String) -> EncodingNode {
        if self.object == nil { self.object = [:] }
        let node = EncodingNode()
        self.object![key] = node
        return node
    }

    func append() -> EncodingNode {
        if self.array == nil { self.array = [] }
        let node = EncodingNode()
        self.array!.append(node)
        return node
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if self.node.object == nil { self.node.object = [:] }
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: self.node, codingPath: self.codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if self.node.array == nil { self.node.array = [] }
        return UnkeyedNodeEncoder(node: self.node, codingPath: self.codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeEncoder(node: self.node, codingPath: self.codingPath) }
}

struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func set(_ json: OrderedJSON, _ key: Key) { self.node.child(key.stringValue).leaf = json }
    mutating func encodeNil(forKey key: Key) throws { self.set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { self.set(JSONValueEncoder.json(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { self.set(JSONValueEncoder.json(value), key) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try value.encode(to: NodeEncoder(node: self.node.child(key.stringValue), codingPath: self.codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: self.node.child(key.stringValue), codingPath: self.codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: self.node.child(key.stringValue), codingPath: self.codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: self.node.child("super"), codingPath: self.codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: self.node.child(key.stringValue), codingPath: self.codingPath + [key]) }
}

struct UnkeyedNodeEncoder: UnkeyedEncodingContainer, LeafEncoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { self.node.array?.count ?? 0 }

    func put(_ json: OrderedJSON) { self.node.append().leaf = json }
    mutating func encode(_ value: some Encodable) throws {
        let path = self.codingPath + [IndexKey(self.count)]
        try value.encode(to: NodeEncoder(node: self.node.append(), codingPath: path))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: self.node.append(), codingPath: self.codingPath + [IndexKey(self.count)]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: self.node.append(), codingPath: self.codingPath + [IndexKey(self.count)]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: self.node.append(), codingPath: self.codingPath + [IndexKey(self.count)]) }
}

struct SingleNodeEncoder: SingleValueEncodingContainer, LeafEncoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func put(_ json: OrderedJSON) { self.node.leaf = json }
    mutating func encode(_ value: some Encodable) throws { try value.encode(to: NodeEncoder(node: self.node, codingPath: self.codingPath)) }
}

/// The primitive encodes of the unkeyed and single-value containers: each puts one leaf.
protocol LeafEncoder {
    /// Stores one leaf value (the next element, or the value itself).
    func put(_ json: OrderedJSON)
}

extension LeafEncoder {
    mutating func encodeNil() throws { self.put(.null) }
    mutating func encode(_ value: Bool) throws { self.put(.bool(value)) }
    mutating func encode(_ value: String) throws { self.put(.string(value)) }
    mutating func encode(_ value: Double) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: Float) throws { self.put(JSONValueEncoder.json(Double(value))) }
    mutating func encode(_ value: Int) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: Int8) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: Int16) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: Int32) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: Int64) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: UInt) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: UInt8) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: UInt16) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: UInt32) throws { self.put(JSONValueEncoder.json(value)) }
    mutating func encode(_ value: UInt64) throws { self.put(JSONValueEncoder.json(value)) }
}

/// The coding key of an array element.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(self.intValue ?? 0)" }
    init(_ index: Int) { self.intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}
