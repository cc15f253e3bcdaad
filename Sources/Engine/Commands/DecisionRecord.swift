import JSON

/// One named input or output of a quote cycle, for postmortems.
public struct DecisionField: Hashable, Sendable {
    /// A field value; each kind keeps its exact form.
    public enum Value: Hashable, Sendable {
        case integer(Int64)
        case price(Price)
        case size(Size)
        case amount(Amount)
        /// Compared and encoded by bit pattern, so NaN round-trips.
        case real(Double)
        case text(String)
        case flag(Bool)

        public static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.integer(let a), .integer(let b)): return a == b
            case (.price(let a), .price(let b)): return a == b
            case (.size(let a), .size(let b)): return a == b
            case (.amount(let a), .amount(let b)): return a == b
            case (.real(let a), .real(let b)): return a.bitPattern == b.bitPattern
            case (.text(let a), .text(let b)): return a == b
            case (.flag(let a), .flag(let b)): return a == b
            default: return false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case .integer(let v): hasher.combine(0); hasher.combine(v)
            case .price(let v): hasher.combine(1); hasher.combine(v)
            case .size(let v): hasher.combine(2); hasher.combine(v)
            case .amount(let v): hasher.combine(3); hasher.combine(v)
            case .real(let v): hasher.combine(4); hasher.combine(v.bitPattern)
            case .text(let v): hasher.combine(5); hasher.combine(v)
            case .flag(let v): hasher.combine(6); hasher.combine(v)
            }
        }
    }

    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// Why the engine did what it did, for one coin: a typed `Decision` (quote cycle, fill,
/// kill-switch trip, ...). Encoded as the decision's ordered name/value fields, so a
/// journal's bytes do not depend on the Swift types.
public struct DecisionRecord: Hashable, Sendable {
    public var coin: String
    public var decision: Decision

    /// A record of `decision` for `coin`.
    public init(coin: String, _ decision: Decision) {
        self.coin = coin
        self.decision = decision
    }

    /// A record parsed from generic fields (typed when they are one kind's rendering).
    public init(coin: String, fields: [DecisionField]) {
        self.init(coin: coin, Decision(fields: fields))
    }

    /// The record's reason (the `reason` field).
    public var reason: String { self.decision.reason }

    /// The generic fields, for display.
    public var fields: [DecisionField] { self.decision.fields }
}

extension DecisionField: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { Self.encode(name: self.name, value: self.value, to: &writer) }

    /// Encodes one field without building it: name, tag and value composed and appended
    /// at once (decision records are most of what the command digest encodes); the same
    /// bytes as ``encodeByParts(name:value:to:)``, which takes long names and texts.
    static func encode(name: String, value: Value, to writer: inout BinaryWriter) {
        let tag: UInt8
        let word: UInt64
        let width: Int
        switch value {
        case .integer(let v): (tag, word, width) = (0, UInt64(bitPattern: v), 8)
        case .price(let v): (tag, word, width) = (1, UInt64(bitPattern: v.rawValue), 8)
        case .size(let v): (tag, word, width) = (2, UInt64(bitPattern: v.rawValue), 8)
        case .amount(let v): (tag, word, width) = (3, UInt64(bitPattern: v.rawValue), 8)
        case .real(let v): (tag, word, width) = (4, v.bitPattern, 8)
        case .flag(let v): (tag, word, width) = (6, v ? 1 : 0, 1)
        case .text(let text):
            let composed = name.utf8.withContiguousStorageIfAvailable { nameBytes in
                text.utf8.withContiguousStorageIfAvailable { textBytes -> Bool in
                    guard nameBytes.count <= Self.longestComposedName, textBytes.count <= Self.longestComposedName else { return false }
                    writer.appendComposed(capacity: 2 * (2 + Self.longestComposedName) + 1) { out in
                        var at = Self.storeString(nameBytes, at: out)
                        out.storeBytes(of: UInt8(5), toByteOffset: at, as: UInt8.self)
                        at += 1
                        return at + Self.storeString(textBytes, at: out + at)
                    }
                    return true
                }
            }
            if composed != true { Self.encodeByParts(name: name, value: value, to: &writer) }
            return
        }
        let composed = name.utf8.withContiguousStorageIfAvailable { nameBytes -> Bool in
            guard nameBytes.count <= Self.longestComposedName else { return false }
            writer.appendComposed(capacity: 2 + Self.longestComposedName + 1 + 8) { out in
                var at = Self.storeString(nameBytes, at: out)
                out.storeBytes(of: tag, toByteOffset: at, as: UInt8.self)
                at += 1
                withUnsafeBytes(of: word.littleEndian) { (out + at).copyMemory(from: $0.baseAddress.unsafelyUnwrapped, byteCount: width) }
                return at + width
            }
            return true
        }
        if composed != true { Self.encodeByParts(name: name, value: value, to: &writer) }
    }

    /// Stores a string as the binary encoding does (a `UInt16` byte count, then the
    /// UTF-8) at `out`; returns the bytes stored. (`bytes` has at most 65,535 bytes.)
    @inline(__always)
    static func storeString(_ bytes: UnsafeBufferPointer<UInt8>, at out: UnsafeMutableRawPointer) -> Int {
        out.storeBytes(of: UInt16(truncatingIfNeeded: bytes.count).littleEndian, as: UInt16.self)
        if let source = bytes.baseAddress { (out + 2).copyMemory(from: source, byteCount: bytes.count) }
        return 2 + bytes.count
    }

    /// Names up to this many UTF-8 bytes are composed on the stack.
    static let longestComposedName = 128

    /// Encodes one field part by part: the name (a `UInt16` byte count and UTF-8), the
    /// value's tag, the value.
    static func encodeByParts(name: String, value: Value, to writer: inout BinaryWriter) {
        writer.write(name)
        switch value {
        case .integer(let v): writer.write(UInt8(0)); writer.write(v)
        case .price(let v): writer.write(UInt8(1)); writer.write(v)
        case .size(let v): writer.write(UInt8(2)); writer.write(v)
        case .amount(let v): writer.write(UInt8(3)); writer.write(v)
        case .real(let v): writer.write(UInt8(4)); writer.write(v)
        case .text(let v): writer.write(UInt8(5)); writer.write(v)
        case .flag(let v): writer.write(UInt8(6)); writer.write(v)
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        let name = try reader.readString()
        let value: Value
        switch try reader.read(UInt8.self) {
        case 0: value = .integer(try reader.read())
        case 1: value = .price(try reader.read())
        case 2: value = .size(try reader.read())
        case 3: value = .amount(try reader.read())
        case 4: value = .real(try reader.readDouble())
        case 5: value = .text(try reader.readString())
        case 6: value = .flag(try reader.readBool())
        case let tag: throw .unknownTag(what: "\(reader.context).field", tag: UInt64(tag))
        }
        self.init(name, value)
    }
}

extension DecisionRecord: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        var count: UInt32 = 0
        self.decision.forEachField { _, _ in count += 1 }
        writer.write(count)
        self.decision.forEachField { DecisionField.encode(name: $0, value: $1, to: &writer) }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        self.init(coin: try reader.readString(),
                  fields: try reader.readArray(minimumElementSize: 3) { (r) throws(BinaryDecodingError) in try DecisionField(from: &r) })
    }
    /// Renders `coin` and then one key per field, in the record's order.
    public func renderFields(to json: inout JSONWriter) {
        json.field("coin", self.coin)
        json.key("fields")
        json.beginObject()
        self.decision.forEachField { name, value in
            json.key(name)
            switch value {
            case .integer(let v): json.value(v)
            case .price(let v): json.value(v)
            case .size(let v): json.value(v)
            case .amount(let v): json.value(v)
            case .real(let v): json.value(v)
            case .text(let v): json.value(v)
            case .flag(let v): json.value(v)
            }
        }
        json.endObject()
    }
}
