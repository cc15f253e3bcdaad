import Engine
import JSON

/// A forward-only reader over a frame's UTF-8 bytes for the hot decoders. Every read
/// returns nil when the input is not in the simple form the exchange sends; callers then
/// fall back to the general ``OrderedJSON`` path, which accepts or names the problem.
/// It never reads outside the buffer.
package struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    package var index = 0

    package init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

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
    package mutating func plainString() -> Range<Int>? {
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
    package mutating func smallUnsigned() -> Int64? {
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

    /// Whether the next bytes (no space skipped) spell `literal` (at most 8 bytes);
    /// consumes them if so.
    @inline(__always) package mutating func literal(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let remaining = self.bytes.count - self.index
        guard remaining >= count else { return false }
        if remaining >= 8 && count <= 8 {
            // One load and compare instead of a loop over the bytes.
            var expected: UInt64 = 0
            for i in 0..<count { expected |= UInt64(literal.utf8Start[i]) << (8 * UInt64(i)) }
            let mask: UInt64 = count == 8 ? ~0 : (1 << (8 * UInt64(count))) - 1
            guard self.word(at: self.index) & mask == expected else { return false }
        } else {
            let pointer = literal.utf8Start
            for i in 0..<count where self.bytes[self.index + i] != pointer[i] { return false }
        }
        self.index += count
        return true
    }

    /// The 8 bytes at `offset` as a little-endian word (the caller checked they exist).
    @inline(__always) func word(at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(self.bytes.baseAddress.unsafelyUnwrapped + offset).loadUnaligned(as: UInt64.self))
    }

    /// Reads the digits from `i` on into `value`.
    @inline(__always) func digits(from i: inout Int, into value: inout Int64) {
        let end = self.bytes.count
        while i < end, case let d = self.bytes[i] &- UInt8(ascii: "0"), d < 10 {
            value = value &* 10 &+ Int64(d)
            i += 1
        }
    }

    /// The power of ten that scales `digits` (0...8) fraction digits to 10⁻⁸ units.
    @inline(__always) static func fractionScale(_ digits: Int) -> Int64 {
        switch digits {
        case 0: 100_000_000
        case 1: 10_000_000
        case 2: 1_000_000
        case 3: 100_000
        case 4: 10_000
        case 5: 1_000
        case 6: 100
        case 7: 10
        default: 1
        }
    }

    /// A level's order count followed by the `}` that closes it, with no space: 1 to 10
    /// digits without a leading zero, at most `UInt32.max`. Consumes both if so.
    @inline(__always) mutating func countClosingObject() -> UInt32? {
        let end = self.bytes.count
        var i = self.index
        var value: UInt64 = 0
        while i < end, case let d = self.bytes[i] &- UInt8(ascii: "0"), d < 10 {
            value = value &* 10 &+ UInt64(d)
            i += 1
        }
        let digits = i - self.index
        guard digits > 0, digits <= 10, i < end, self.bytes[i] == UInt8(ascii: "}"), value <= UInt64(UInt32.max),
              digits == 1 || self.bytes[self.index] != UInt8(ascii: "0") else { return nil }
        self.index = i + 1
        return UInt32(value)
    }

    /// A positive decimal string `"123.45"` (at most 10 whole digits and 8 decimals) as
    /// raw 10⁻⁸ units, read in one pass over the digits.
    @inline(__always) mutating func positiveDecimalString() -> Int64? {
        guard self.consume(UInt8(ascii: "\"")) else { return nil }
        return self.positiveDecimalBody()
    }

    /// The rest of a positive decimal string after its opening quote: digits, an optional
    /// fraction, the closing quote.
    @inline(__always) mutating func positiveDecimalBody() -> Int64? {
        let end = self.bytes.count
        var i = self.index
        var whole: Int64 = 0
        let wholeStart = i
        self.digits(from: &i, into: &whole)
        let wholeDigits = i - wholeStart
        guard wholeDigits > 0, wholeDigits <= 10, i < end else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if self.bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            self.digits(from: &i, into: &fraction)
            fractionDigits = i - fractionStart
            guard fractionDigits > 0, fractionDigits <= 8, i < end else { return nil }
        }
        guard self.bytes[i] == UInt8(ascii: "\"") else { return nil }
        self.index = i + 1
        let raw = whole &* FixedPoint.scale &+ fraction &* Self.fractionScale(fractionDigits)
        return raw > 0 ? raw : nil
    }
}
