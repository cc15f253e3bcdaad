#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engine

/// A forward-only reader over one capture line's bytes for ``CaptureFastPath``: every
/// read returns nil (or false) unless the bytes are in the compact form the exchange and
/// the collectors write (no whitespace, no escapes, plain decimal numbers); the caller
/// then falls back to the general decoder. It never reads outside the line.
struct FrameBytes {
    let base: UnsafePointer<UInt8>
    let end: Int
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no base address: any non-null pointer with end 0 reads nothing.
        self.base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.end = bytes.count
    }

    var atEnd: Bool { self.index == self.end }

    /// Consumes `byte` if it is next.
    @inline(__always) mutating func consume(_ byte: UInt8) -> Bool {
        guard self.index < self.end, self.base[self.index] == byte else { return false }
        self.index += 1
        return true
    }

    /// Consumes `literal` if the bytes start with it.
    @inline(__always) mutating func consume(_ literal: StaticString) -> Bool {
        // A byte loop the compiler unrolls for each literal (a memcmp call per key costs more).
        let count = literal.utf8CodeUnitCount
        guard self.end - self.index >= count else { return false }
        let bytes = literal.utf8Start
        for i in 0..<count where self.base[self.index + i] != bytes[i] { return false }
        self.index += count
        return true
    }

    /// After a member: `true` for `,` (another follows), `false` for `closer`, nil otherwise.
    @inline(__always) mutating func separator(closing closer: UInt8) -> Bool? {
        guard self.index < self.end else { return nil }
        let b = self.base[self.index]
        self.index += 1
        if b == UInt8(ascii: ",") { return true }
        if b == closer { return false }
        return nil
    }

    /// A string without escapes, control or non-ASCII bytes: its byte range.
    @inline(__always) mutating func plainString() -> Range<Int>? {
        guard self.consume(UInt8(ascii: "\"")) else { return nil }
        let start = self.index
        while self.index < self.end {
            let b = self.base[self.index]
            if b == UInt8(ascii: "\"") {
                self.index += 1
                return start..<(self.index - 1)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return nil }
            self.index += 1
        }
        return nil
    }

    /// The bytes in `range` as a string (they are ASCII: see ``plainString()``).
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: self.base + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// A JSON integer of 1 to 18 digits without a leading zero, not followed by a
    /// fraction or an exponent (nor by the end of the line).
    @inline(__always) mutating func smallUnsigned() -> Int64? {
        let start = self.index
        var value: Int64 = 0
        while self.index < self.end {
            let d = self.base[self.index] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            value = value &* 10 &+ Int64(d)
            self.index += 1
        }
        let digits = self.index - start
        guard digits > 0, digits <= 18, self.index < self.end else { return nil }
        let next = self.base[self.index]
        if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return nil }
        if digits > 1 && self.base[start] == UInt8(ascii: "0") { return nil }
        return value
    }

    /// A positive decimal string `"123.45"` (1 to 10 whole digits without a leading zero,
    /// then optionally `.` and 1 to 8 decimals) as raw 10⁻⁸ units.
    @inline(__always) mutating func positiveDecimalString() -> Int64? {
        guard self.consume(UInt8(ascii: "\"")) else { return nil }
        let start = self.index
        var whole: Int64 = 0
        while self.index < self.end {
            let d = self.base[self.index] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            whole = whole &* 10 &+ Int64(d)
            self.index += 1
        }
        let wholeDigits = self.index - start
        guard wholeDigits > 0, wholeDigits <= 10, wholeDigits == 1 || self.base[start] != UInt8(ascii: "0"), self.index < self.end else { return nil }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if self.base[self.index] == UInt8(ascii: ".") {
            self.index += 1
            let fractionStart = self.index
            while self.index < self.end {
                let d = self.base[self.index] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                fraction = fraction &* 10 &+ Int64(d)
                self.index += 1
            }
            fractionDigits = self.index - fractionStart
            guard fractionDigits > 0, fractionDigits <= 8 else { return nil }
        }
        guard self.consume(UInt8(ascii: "\"")) else { return nil }
        while fractionDigits < 8 { fraction &*= 10; fractionDigits += 1 }
        let raw = whole &* FixedPoint.scale &+ fraction
        return raw > 0 ? raw : nil
    }
}
