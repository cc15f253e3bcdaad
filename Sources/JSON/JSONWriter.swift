/// Writes compact JSON with the key order the caller chooses.
///
/// Used for every JSON rendering of events and commands (`journal cat`, decision logs,
/// golden files, sweep and import outputs, the live endpoints): keys come out in the
/// order they are written, never in hash order; strings are escaped by ``JSONString``.
public struct JSONWriter {
    /// The UTF-8 bytes written so far.
    public var bytes: [UInt8]
    var needsComma = false

    /// Creates a writer that appends to `bytes`.
    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    /// The JSON text written so far.
    public var text: String { String(decoding: self.bytes, as: UTF8.self) }

    @inline(__always)
    mutating func separate() {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
    }

    /// Opens an object (`{`).
    public mutating func beginObject() { self.separate(); self.bytes.append(UInt8(ascii: "{")); self.needsComma = false }
    /// Closes the open object (`}`).
    public mutating func endObject() { self.bytes.append(UInt8(ascii: "}")); self.needsComma = true }
    /// Opens an array (`[`).
    public mutating func beginArray() { self.separate(); self.bytes.append(UInt8(ascii: "[")); self.needsComma = false }
    /// Closes the open array (`]`).
    public mutating func endArray() { self.bytes.append(UInt8(ascii: "]")); self.needsComma = true }

    /// Writes an object key; the next call writes its value. The key must need no
    /// escaping (a literal of the program: letters, digits, `_`).
    public mutating func key(_ name: StaticString) {
        self.separate()
        self.bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { self.bytes.append(contentsOf: $0) }
        self.bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        self.needsComma = false
    }

    /// Writes an object key from a runtime string (escaped).
    public mutating func key(_ name: String) {
        self.separate()
        JSONString.append(name, to: &self.bytes)
        self.bytes.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    /// Writes a string value (escaped).
    public mutating func value(_ text: String) { self.separate(); JSONString.append(text, to: &self.bytes); self.needsComma = true }
    /// Writes an integer value.
    public mutating func value(_ number: Int64) { self.separate(); JSONNumber.append(number, to: &self.bytes); self.needsComma = true }
    /// Writes an integer value.
    public mutating func value(_ number: UInt64) { self.separate(); JSONNumber.appendDigits(number, to: &self.bytes); self.needsComma = true }
    /// Writes an integer value.
    public mutating func value(_ number: Int) { self.value(Int64(number)) }
    /// Writes an integer value.
    public mutating func value(_ number: UInt32) { self.value(UInt64(number)) }
    /// Writes `true` or `false`.
    public mutating func value(_ flag: Bool) { self.separate(); self.bytes.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8)); self.needsComma = true }
    /// Writes `null`.
    public mutating func null() { self.separate(); self.bytes.append(contentsOf: Array("null".utf8)); self.needsComma = true }

    /// Writes a `Double` in Swift's shortest round-trip form; NaN and infinities as `null`.
    public mutating func value(_ number: Double) {
        guard number.isFinite else { self.null(); return }
        self.separate()
        self.bytes.append(contentsOf: number.description.utf8)
        self.needsComma = true
    }

    /// Writes one value whose bytes `token` appends: for formatters outside this module
    /// (exact decimal strings of fixed-point values). `token` must append exactly one
    /// valid JSON value.
    public mutating func value(token: (inout [UInt8]) -> Void) {
        self.separate()
        token(&self.bytes)
        self.needsComma = true
    }

    /// Writes a parsed or built value, keys in its order.
    public mutating func value(_ json: OrderedJSON) {
        switch json {
        case .object(let pairs):
            self.beginObject()
            for pair in pairs {
                self.key(pair.key)
                self.value(pair.value)
            }
            self.endObject()
        case .array(let values):
            self.beginArray()
            for element in values { self.value(element) }
            self.endArray()
        case .string(let text): self.value(text)
        case .integer(let number): self.value(number)
        case .unsigned(let number): self.value(number)
        case .number(let text): self.value { $0.append(contentsOf: text.utf8) }
        case .bool(let flag): self.value(flag)
        case .null: self.null()
        }
    }

    /// Writes `key: value` for any supported value type.
    public mutating func field(_ name: StaticString, _ text: String) { self.key(name); self.value(text) }
    /// Writes `key: value`.
    public mutating func field(_ name: StaticString, _ number: Int64) { self.key(name); self.value(number) }
    /// Writes `key: value`.
    public mutating func field(_ name: StaticString, _ number: UInt64) { self.key(name); self.value(number) }
    /// Writes `key: value`.
    public mutating func field(_ name: StaticString, _ number: UInt32) { self.key(name); self.value(number) }
    /// Writes `key: value`.
    public mutating func field(_ name: StaticString, _ number: Double) { self.key(name); self.value(number) }
    /// Writes `key: value`.
    public mutating func field(_ name: StaticString, _ flag: Bool) { self.key(name); self.value(flag) }
    /// Writes `key: value`, or `key: null` when the value is absent.
    public mutating func field(_ name: StaticString, _ text: String?) { self.key(name); if let text { self.value(text) } else { self.null() } }
    /// Writes `key: value`, or `key: null` when the value is absent.
    public mutating func field(_ name: StaticString, _ number: Int64?) { self.key(name); if let number { self.value(number) } else { self.null() } }
    /// Writes `key: value`, or `key: null` when the value is absent.
    public mutating func field(_ name: StaticString, _ number: UInt64?) { self.key(name); if let number { self.value(number) } else { self.null() } }
    /// Writes `key: {...}` with the value's own fields.
    public mutating func field(_ name: StaticString, object: some JSONRenderable) { self.key(name); self.object(object) }
    /// Writes `key: [...]` of objects.
    public mutating func field(_ name: StaticString, objects: [some JSONRenderable]) {
        self.key(name)
        self.beginArray()
        for element in objects { self.object(element) }
        self.endArray()
    }
    /// Writes `key: [...]` of strings.
    public mutating func field(_ name: StaticString, strings: [String]) {
        self.key(name)
        self.beginArray()
        for element in strings { self.value(element) }
        self.endArray()
    }

    /// Writes `key: {name: count, ...}` in the given order.
    public mutating func field(_ name: StaticString, counts: [(String, UInt64)]) {
        self.key(name)
        self.beginObject()
        for (label, count) in counts {
            self.key(label)
            self.value(count)
        }
        self.endObject()
    }

    /// Writes one value as a JSON object.
    public mutating func object(_ value: some JSONRenderable) {
        self.beginObject()
        value.renderFields(to: &self)
        self.endObject()
    }
}

/// A value that can write its fields into an open JSON object, in a fixed order.
public protocol JSONRenderable {
    /// Writes `key: value` pairs (no braces) into `json`.
    func renderFields(to json: inout JSONWriter)
}

extension JSONRenderable {
    /// The value as one compact JSON object.
    public var jsonText: String {
        var json = JSONWriter()
        json.object(self)
        return json.text
    }
}
