extension OrderedJSON {
    /// The deepest nesting of arrays and objects ``init(parsing:maxDepth:)`` accepts by default.
    public static let defaultMaxDepth = 512

    /// Parses JSON text strictly (RFC 8259), keeping object key order.
    ///
    /// Rejected, with the byte offset of the problem: anything but one value surrounded
    /// by optional whitespace; numbers outside the grammar (leading zeros, `+`, `.5`,
    /// `1.`, `1e`); integers beyond UInt64 (without fraction or exponent); control
    /// characters and invalid UTF-8 in strings; unknown escapes; `\u` escapes of a lone
    /// surrogate (a pair is decoded to its character); duplicate keys; nesting deeper
    /// than `maxDepth`.
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = OrderedJSON.defaultMaxDepth) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(bytes), maxDepth: maxDepth)
        self = try parser.document()
    }

    /// Parses JSON text strictly (see ``init(parsing:maxDepth:)-(Collection<UInt8>,_)``).
    public init(parsing text: String, maxDepth: Int = OrderedJSON.defaultMaxDepth) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), maxDepth: maxDepth)
    }
}

/// The strict recursive-descent parser behind ``OrderedJSON/init(parsing:maxDepth:)``.
struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONParseError) -> OrderedJSON {
        self.skipSpace()
        let value = try self.value(depth: 0)
        self.skipSpace()
        if self.index != self.bytes.count { throw self.fail("unexpected text after the value") }
        return value
    }

    var current: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

    mutating func skipSpace() {
        while let byte = self.current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { self.index += 1 }
    }

    func fail(_ reason: String, at offset: Int? = nil) -> JSONParseError { JSONParseError(offset: offset ?? self.index, reason: reason) }

    mutating func literal(_ word: StaticString, _ value: OrderedJSON) throws(JSONParseError) -> OrderedJSON {
        let start = self.index
        var matched = true
        word.withUTF8Buffer { chars in
            if start + chars.count > self.bytes.count || !self.bytes[start..<(start + chars.count)].elementsEqual(chars) { matched = false }
        }
        guard matched else { throw self.fail("expected \(word)") }
        self.index += word.utf8CodeUnitCount
        return value
    }

    mutating func value(depth: Int) throws(JSONParseError) -> OrderedJSON {
        guard let byte = self.current else { throw self.fail("unexpected end of input (expected a value)") }
        switch byte {
        case UInt8(ascii: "{"): return try self.object(depth: depth + 1)
        case UInt8(ascii: "["): return try self.array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try self.string())
        case UInt8(ascii: "t"): return try self.literal("true", .bool(true))
        case UInt8(ascii: "f"): return try self.literal("false", .bool(false))
        case UInt8(ascii: "n"): return try self.literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try self.number()
        default: throw self.fail("unexpected character (expected a value)")
        }
    }

    mutating func object(depth: Int) throws(JSONParseError) -> OrderedJSON {
        guard depth <= self.maxDepth else { throw self.fail("nesting deeper than \(self.maxDepth)") }
        self.index += 1
        var pairs: [(key: String, value: OrderedJSON)] = []
        // Duplicate keys: a scan while the object is small, a set beyond, so a hostile
        // object with many keys costs O(n log n), not O(n²).
        var seen: Set<String>?
        self.skipSpace()
        if self.current == UInt8(ascii: "}") { self.index += 1; return .object(pairs) }
        while true {
            self.skipSpace()
            let keyAt = self.index
            guard self.current == UInt8(ascii: "\"") else { throw self.fail(self.current == nil ? "unterminated object" : "object keys must be strings") }
            let key = try self.string()
            let duplicate: Bool
            if pairs.count < 16 {
                duplicate = pairs.contains { $0.key == key }
            } else {
                if seen == nil { seen = Set(pairs.map(\.key)) }
                duplicate = !seen!.insert(key).inserted
            }
            if duplicate { throw self.fail("duplicate key \(JSONString.quoted(key))", at: keyAt) }
            self.skipSpace()
            guard self.current == UInt8(ascii: ":") else { throw self.fail("expected : after an object key") }
            self.index += 1
            self.skipSpace()
            pairs.append((key, try self.value(depth: depth)))
            self.skipSpace()
            switch self.current {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "}"): self.index += 1; return .object(pairs)
            case nil: throw self.fail("unterminated object")
            default: throw self.fail("expected , or }")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> OrderedJSON {
        guard depth <= self.maxDepth else { throw self.fail("nesting deeper than \(self.maxDepth)") }
        self.index += 1
        var values: [OrderedJSON] = []
        self.skipSpace()
        if self.current == UInt8(ascii: "]") { self.index += 1; return .array(values) }
        while true {
            self.skipSpace()
            values.append(try self.value(depth: depth))
            self.skipSpace()
            switch self.current {
            case UInt8(ascii: ","): self.index += 1
            case UInt8(ascii: "]"): self.index += 1; return .array(values)
            case nil: throw self.fail("unterminated array")
            default: throw self.fail("expected , or ]")
            }
        }
    }

    /// A string literal at the opening quote; the index ends after the closing quote.
    mutating func string() throws(JSONParseError) -> String {
        let start = self.index
        self.index += 1
        var out: [UInt8] = []
        while let byte = self.current {
            switch byte {
            case UInt8(ascii: "\""):
                self.index += 1
                guard let text = String(validating: out, as: UTF8.self) else { throw self.fail("string is not valid UTF-8", at: start) }
                return text
            case 0..<0x20:
                throw self.fail("control character 0x\(String(byte, radix: 16)) in a string (it must be escaped)")
            case UInt8(ascii: "\\"):
                try self.escape(into: &out)
            default:
                out.append(byte)
                self.index += 1
            }
        }
        throw self.fail("unterminated string", at: start)
    }

    /// One escape sequence at its backslash.
    mutating func escape(into out: inout [UInt8]) throws(JSONParseError) {
        let at = self.index
        self.index += 1
        guard let escaped = self.current else { throw self.fail("unterminated string") }
        self.index += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
            let unit = try self.hexQuad(escapeAt: at)
            var scalarValue = UInt32(unit)
            if (0xDC00...0xDFFF).contains(unit) {
                throw self.fail("\\u escape of a lone low surrogate", at: at)
            }
            if (0xD800...0xDBFF).contains(unit) {
                let lowAt = self.index
                guard self.index + 1 < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\\"), self.bytes[self.index + 1] == UInt8(ascii: "u") else {
                    throw self.fail("\\u escape of a high surrogate without its low surrogate", at: at)
                }
                self.index += 2
                let low = try self.hexQuad(escapeAt: lowAt)
                guard (0xDC00...0xDFFF).contains(low) else { throw self.fail("\\u escape of a high surrogate without its low surrogate", at: at) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw self.fail("\\u escape is not a Unicode scalar", at: at) }
            out.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw self.fail("unknown escape \\\(Character(Unicode.Scalar(escaped)))", at: at)
        }
    }

    /// Four hex digits after `\u`.
    mutating func hexQuad(escapeAt: Int) throws(JSONParseError) -> UInt16 {
        guard self.index + 4 <= self.bytes.count else { throw self.fail("\\u escape needs four hex digits", at: escapeAt) }
        var value: UInt16 = 0
        for byte in self.bytes[self.index..<(self.index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw self.fail("\\u escape needs four hex digits", at: escapeAt)
            }
            value = value << 4 | UInt16(digit)
        }
        self.index += 4
        return value
    }

    /// Digits from the index on; how many.
    mutating func digits() -> Int {
        let start = self.index
        while let byte = self.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { self.index += 1 }
        return self.index - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func number() throws(JSONParseError) -> OrderedJSON {
        let start = self.index
        if self.current == UInt8(ascii: "-") { self.index += 1 }
        let integerAt = self.index
        let integerDigits = self.digits()
        guard integerDigits > 0 else { throw self.fail("a number needs digits after its -") }
        if integerDigits > 1 && self.bytes[integerAt] == UInt8(ascii: "0") { throw self.fail("a number has a leading zero", at: integerAt) }
        var isInteger = true
        if self.current == UInt8(ascii: ".") {
            isInteger = false
            self.index += 1
            guard self.digits() > 0 else { throw self.fail("a number needs digits after its decimal point") }
        }
        if self.current == UInt8(ascii: "e") || self.current == UInt8(ascii: "E") {
            isInteger = false
            self.index += 1
            if self.current == UInt8(ascii: "+") || self.current == UInt8(ascii: "-") { self.index += 1 }
            guard self.digits() > 0 else { throw self.fail("a number needs digits in its exponent") }
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        guard isInteger else { return .number(text) }
        if let value = Int64(text) { return .integer(value) }
        if let value = UInt64(text) { return .unsigned(value) }
        throw self.fail("integer \(text) is out of range (beyond 64 bits)", at: start)
    }
}
