/// A JSON value that keeps object keys in their order: Hyperliquid hashes actions with
/// msgpack in key order, so the order a key was written in is part of the data.
public indirect enum OrderedJSON: Equatable, Sendable {
    case object([(key: String, value: OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    /// An integer (JSON numbers without fraction or exponent).
    case integer(Int64)
    /// An integer above Int64.max.
    case unsigned(UInt64)
    /// A number with a fraction or exponent, kept as its text (never hashed as a float).
    case number(String)
    case bool(Bool)
    case null

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

    /// Compact JSON text in the same key order.
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        self.write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(string: pair.key, to: &out)
                out.append(UInt8(ascii: ":"))
                pair.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let s): Self.write(string: s, to: &out)
        case .integer(let v): out.append(contentsOf: String(v).utf8)
        case .unsigned(let v): out.append(contentsOf: String(v).utf8)
        case .number(let v): out.append(contentsOf: v.utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func write(string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Why JSON text could not be read.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem.
    public var offset: Int
    public var reason: String
    public var description: String { "invalid JSON at byte \(self.offset): \(self.reason)" }
}

extension OrderedJSON {
    /// Parses JSON text, keeping object key order. Duplicate keys are an error.
    public init(parsing text: String) throws(JSONParseError) {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        self = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.index != parser.bytes.count { throw JSONParseError(offset: parser.index, reason: "unexpected text after the value") }
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while self.index < self.bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(self.bytes[self.index]) { self.index += 1 }
        }

        func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: self.index, reason: reason) }

        mutating func expect(_ literal: String) throws(JSONParseError) {
            let chars = Array(literal.utf8)
            guard self.index + chars.count <= self.bytes.count, Array(self.bytes[self.index..<(self.index + chars.count)]) == chars else {
                throw self.fail("expected \(literal)")
            }
            self.index += chars.count
        }

        mutating func value(depth: Int) throws(JSONParseError) -> OrderedJSON {
            guard depth < 512 else { throw self.fail("nesting too deep") }
            guard self.index < self.bytes.count else { throw self.fail("unexpected end of input") }
            switch self.bytes[self.index] {
            case UInt8(ascii: "{"):
                self.index += 1
                var pairs: [(key: String, value: OrderedJSON)] = []
                // Duplicate keys: a scan while the object is small, a set beyond, so a
                // hostile object with many keys costs O(n log n), not O(n²).
                var seen: Set<String>?
                self.skipSpace()
                if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "}") { self.index += 1; return .object(pairs) }
                while true {
                    self.skipSpace()
                    let keyAt = self.index
                    guard case .string(let key) = try self.value(depth: depth + 1) else { throw JSONParseError(offset: keyAt, reason: "object keys must be strings") }
                    let duplicate: Bool
                    if pairs.count < 16 {
                        duplicate = pairs.contains(where: { $0.key == key })
                    } else {
                        if seen == nil { seen = Set(pairs.map(\.key)) }
                        duplicate = !seen!.insert(key).inserted
                    }
                    if duplicate { throw JSONParseError(offset: keyAt, reason: "duplicate key \"\(key)\"") }
                    self.skipSpace()
                    try self.expect(":")
                    self.skipSpace()
                    pairs.append((key, try self.value(depth: depth + 1)))
                    self.skipSpace()
                    guard self.index < self.bytes.count else { throw self.fail("unterminated object") }
                    if self.bytes[self.index] == UInt8(ascii: ",") { self.index += 1; continue }
                    if self.bytes[self.index] == UInt8(ascii: "}") { self.index += 1; return .object(pairs) }
                    throw self.fail("expected , or }")
                }
            case UInt8(ascii: "["):
                self.index += 1
                var values: [OrderedJSON] = []
                self.skipSpace()
                if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "]") { self.index += 1; return .array(values) }
                while true {
                    self.skipSpace()
                    values.append(try self.value(depth: depth + 1))
                    self.skipSpace()
                    guard self.index < self.bytes.count else { throw self.fail("unterminated array") }
                    if self.bytes[self.index] == UInt8(ascii: ",") { self.index += 1; continue }
                    if self.bytes[self.index] == UInt8(ascii: "]") { self.index += 1; return .array(values) }
                    throw self.fail("expected , or ]")
                }
            case UInt8(ascii: "\""):
                return .string(try self.string())
            case UInt8(ascii: "t"): try self.expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try self.expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try self.expect("null"); return .null
            default:
                return try self.number()
            }
        }

        mutating func string() throws(JSONParseError) -> String {
            self.index += 1
            var out: [UInt8] = []
            while self.index < self.bytes.count {
                let byte = self.bytes[self.index]
                if byte == UInt8(ascii: "\"") {
                    self.index += 1
                    guard let text = String(validating: out, as: UTF8.self) else { throw self.fail("string is not valid UTF-8") }
                    return text
                }
                if byte < 0x20 { throw self.fail("control character in string") }
                if byte == UInt8(ascii: "\\") {
                    self.index += 1
                    guard self.index < self.bytes.count else { break }
                    let escaped = self.bytes[self.index]
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard self.index + 4 < self.bytes.count, let code = UInt32(String(decoding: self.bytes[(self.index + 1)...(self.index + 4)], as: UTF8.self), radix: 16) else {
                            throw self.fail("bad \\u escape")
                        }
                        self.index += 4
                        guard let scalar = Unicode.Scalar(code) else { throw self.fail("\\u escape is not a scalar (surrogates are not supported)") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw self.fail("bad escape")
                    }
                    self.index += 1
                    continue
                }
                out.append(byte)
                self.index += 1
            }
            throw self.fail("unterminated string")
        }

        mutating func number() throws(JSONParseError) -> OrderedJSON {
            let start = self.index
            if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "-") { self.index += 1 }
            var isInteger = true
            var digits = 0
            while self.index < self.bytes.count {
                let b = self.bytes[self.index]
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { digits += 1 } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { isInteger = false } else { break }
                self.index += 1
            }
            guard digits > 0 else { throw JSONParseError(offset: start, reason: "unexpected character") }
            let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
            if isInteger {
                if let v = Int64(text) { return .integer(v) }
                if let v = UInt64(text) { return .unsigned(v) }
                throw JSONParseError(offset: start, reason: "integer \(text) out of range")
            }
            return .number(text)
        }
    }
}
