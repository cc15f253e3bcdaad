/// Writes compact JSON with the key order the caller chooses.
///
/// Used for every JSON rendering of events and commands (`journal cat`, decision logs,
/// golden files): keys come out in the order they are written, never in hash order, and
/// fixed-point values are written as exact decimal strings ("105055.5"), the way the
/// exchange sends them.
public struct JSONWriter {
    /// The UTF-8 bytes written so far.
    public var bytes: [UInt8]
    @usableFromInline var needsComma = false

    /// Creates a writer that appends to `bytes`.
    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    /// The JSON text written so far.
    public var text: String { String(decoding: self.bytes, as: UTF8.self) }

    @inline(__always)
    mutating func separate() {
        if self.needsComma { self.bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() { self.separate(); self.bytes.append(UInt8(ascii: "{")); self.needsComma = false }
    public mutating func endObject() { self.bytes.append(UInt8(ascii: "}")); self.needsComma = true }
    public mutating func beginArray() { self.separate(); self.bytes.append(UInt8(ascii: "[")); self.needsComma = false }
    public mutating func endArray() { self.bytes.append(UInt8(ascii: "]")); self.needsComma = true }

    /// Writes an object key; the next call writes its value.
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
        self.appendEscaped(name)
        self.bytes.append(UInt8(ascii: ":"))
        self.needsComma = false
    }

    public mutating func value(_ text: String) { self.separate(); self.appendEscaped(text); self.needsComma = true }
    public mutating func value(_ number: Int64) {
        self.separate()
        if number < 0 { self.bytes.append(UInt8(ascii: "-")) }
        FixedPoint.appendDecimal(number.magnitude, to: &self.bytes)
        self.needsComma = true
    }
    public mutating func value(_ number: UInt64) { self.separate(); FixedPoint.appendDecimal(number, to: &self.bytes); self.needsComma = true }
    public mutating func value(_ number: Int) { self.value(Int64(number)) }
    public mutating func value(_ number: UInt32) { self.value(UInt64(number)) }
    public mutating func value(_ flag: Bool) { self.separate(); self.bytes.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8)); self.needsComma = true }
    public mutating func null() { self.separate(); self.bytes.append(contentsOf: Array("null".utf8)); self.needsComma = true }

    /// Writes a fixed-point value as an exact decimal string.
    public mutating func value<T: FixedPointDecimal>(_ number: T) {
        self.separate()
        self.bytes.append(UInt8(ascii: "\""))
        FixedPoint.append(number.rawValue, to: &self.bytes)
        self.bytes.append(UInt8(ascii: "\""))
        self.needsComma = true
    }

    /// Writes a `Double` in Swift's shortest round-trip form; NaN and infinities as `null`.
    public mutating func value(_ number: Double) {
        guard number.isFinite else { self.null(); return }
        self.separate()
        self.bytes.append(contentsOf: number.description.utf8)
        self.needsComma = true
    }

    /// Writes `key: value` for any supported value type.
    public mutating func field(_ name: StaticString, _ text: String) { self.key(name); self.value(text) }
    public mutating func field(_ name: StaticString, _ number: Int64) { self.key(name); self.value(number) }
    public mutating func field(_ name: StaticString, _ number: UInt64) { self.key(name); self.value(number) }
    public mutating func field(_ name: StaticString, _ number: UInt32) { self.key(name); self.value(number) }
    public mutating func field(_ name: StaticString, _ number: Double) { self.key(name); self.value(number) }
    public mutating func field(_ name: StaticString, _ flag: Bool) { self.key(name); self.value(flag) }
    public mutating func field<T: FixedPointDecimal>(_ name: StaticString, _ number: T) { self.key(name); self.value(number) }
    /// Writes `key: value`, or `key: null` when the value is absent.
    public mutating func field(_ name: StaticString, _ text: String?) { self.key(name); if let text { self.value(text) } else { self.null() } }
    public mutating func field<T: FixedPointDecimal>(_ name: StaticString, _ number: T?) { self.key(name); if let number { self.value(number) } else { self.null() } }
    public mutating func field(_ name: StaticString, _ number: Int64?) { self.key(name); if let number { self.value(number) } else { self.null() } }
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

    mutating func appendEscaped(_ text: String) {
        self.bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                self.bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: self.bytes.append(byte)
            }
        }
        self.bytes.append(UInt8(ascii: "\""))
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
