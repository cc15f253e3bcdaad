import Engine
import JSON

/// A forward-only reader over a frame's UTF-8 bytes for the hot decoders. Every read
/// returns nil when the input is not in the simple form the exchange sends; callers then
/// fall back to the general ``OrderedJSON`` path, which accepts or names the problem.
/// It never reads outside the buffer.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { self.index >= self.bytes.count }

    @inline(__always) mutating func skipSpace() {
        while self.index < self.bytes.count {
            let b = self.bytes[self.index]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            self.index += 1
        }
    }

    /// Consumes `byte` (after optional space).
    @inline(__always) mutating func consume(_ byte: UInt8) -> Bool {
        self.skipSpace()
        guard self.index < self.bytes.count, self.bytes[self.index] == byte else { return false }
        self.index += 1
        return true
    }

    /// After a member: `true` for `,` (another follows), `false` for `closer`, nil otherwise.
    @inline(__always) mutating func separator(closing closer: UInt8) -> Bool? {
        self.skipSpace()
        guard self.index < self.bytes.count else { return nil }
        let b = self.bytes[self.index]
        self.index += 1
        if b == UInt8(ascii: ",") { return true }
        if b == closer { return false }
        return nil
    }

    /// A string without escapes, control or non-ASCII bytes: its byte range.
    mutating func plainString() -> Range<Int>? {
        guard self.consume(UInt8(ascii: "\"")) else { return nil }
        let start = self.index
        while self.index < self.bytes.count {
            let b = self.bytes[self.index]
            if b == UInt8(ascii: "\"") {
                self.index += 1
                return start..<(self.index - 1)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return nil }
            self.index += 1
        }
        return nil
    }

    /// An object key followed by `:`.
    @inline(__always) mutating func key() -> Range<Int>? {
        guard let range = self.plainString(), self.consume(UInt8(ascii: ":")) else { return nil }
        return range
    }

    /// Whether the bytes in `range` spell `literal`.
    @inline(__always) func bytes(_ range: Range<Int>, equal literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let pointer = literal.utf8Start
        for i in 0..<range.count where self.bytes[range.lowerBound + i] != pointer[i] { return false }
        return true
    }

    /// Whether the bytes in `range` spell `text`.
    func bytes(_ range: Range<Int>, equalText text: String) -> Bool {
        self.bytes[range].elementsEqual(text.utf8)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: self.bytes[range]), as: UTF8.self)
    }

    /// A non-negative JSON integer of at most 18 digits, not followed by a fraction.
    mutating func smallUnsigned() -> Int64? {
        self.skipSpace()
        var value: Int64 = 0
        var digits = 0
        while self.index < self.bytes.count {
            let d = self.bytes[self.index] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            value = value &* 10 &+ Int64(d)
            digits += 1
            self.index += 1
        }
        guard digits > 0, digits <= 18, self.index < self.bytes.count else { return nil }
        let next = self.bytes[self.index]
        if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
        if digits > 1 && self.bytes[self.index - digits] == UInt8(ascii: "0") { return nil }  // leading zero: not JSON
        return value
    }

    /// A positive decimal string `"123.45"` (at most 8 decimals) as raw 10⁻⁸ units.
    mutating func positiveDecimalString() -> Int64? {
        guard let range = self.plainString(), !range.isEmpty else { return nil }
        var whole: Int64 = 0
        var i = range.lowerBound
        var wholeDigits = 0
        while i < range.upperBound, case let d = self.bytes[i] &- UInt8(ascii: "0"), d < 10 {
            whole = whole &* 10 &+ Int64(d)
            wholeDigits += 1
            i += 1
        }
        guard wholeDigits > 0, wholeDigits <= 10 else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if i < range.upperBound {
            guard self.bytes[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            while i < range.upperBound, case let d = self.bytes[i] &- UInt8(ascii: "0"), d < 10 {
                fraction = fraction &* 10 &+ Int64(d)
                fractionDigits += 1
                i += 1
            }
            guard i == range.upperBound, fractionDigits > 0, fractionDigits <= 8 else { return nil }
        }
        while fractionDigits < 8 { fraction &*= 10; fractionDigits += 1 }
        let raw = whole &* FixedPoint.scale &+ fraction
        return raw > 0 ? raw : nil
    }
}
