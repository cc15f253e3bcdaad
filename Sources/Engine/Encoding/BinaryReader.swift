/// Reads the little-endian fields that ``BinaryWriter`` writes, with bounds checks that
/// throw ``BinaryDecodingError`` instead of trapping.
public struct BinaryReader {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    /// The offset of the next unread byte.
    package internal(set) var offset: Int
    /// What is being decoded, for error messages ("book", "fill", ...).
    package var context: String

    /// Creates a reader over `bytes`, which must outlive it.
    package init(_ bytes: UnsafeRawBufferPointer, context: String) {
        self.bytes = bytes
        self.offset = 0
        self.context = context
    }

    /// Bytes not read yet.
    package var remaining: Int { self.bytes.count - self.offset }

    @inline(__always)
    mutating func require(_ count: Int) throws(BinaryDecodingError) {
        if self.remaining < count {
            throw .truncated(what: self.context, offset: self.offset, needed: count, available: self.remaining)
        }
    }

    @inline(__always)
    package mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(BinaryDecodingError) -> T {
        let size = MemoryLayout<T>.size
        try self.require(size)
        let value = self.bytes.loadUnaligned(fromByteOffset: self.offset, as: T.self)
        self.offset += size
        return T(littleEndian: value)
    }

    package mutating func readBool() throws(BinaryDecodingError) -> Bool {
        let at = self.offset
        switch try self.read(UInt8.self) {
        case 0: return false
        case 1: return true
        case let other: throw .invalidValue(what: self.context, offset: at, reason: "boolean byte \(other) is neither 0 nor 1")
        }
    }

    @inline(__always)
    package mutating func read<T: FixedPointDecimal>(_: T.Type = T.self) throws(BinaryDecodingError) -> T {
        T(rawValue: try self.read(Int64.self))
    }

    package mutating func readDouble() throws(BinaryDecodingError) -> Double {
        Double(bitPattern: try self.read(UInt64.self))
    }

    package mutating func readString() throws(BinaryDecodingError) -> String {
        let count = Int(try self.read(UInt16.self))
        try self.require(count)
        let at = self.offset
        let slice = UnsafeRawBufferPointer(rebasing: self.bytes[at..<(at + count)])
        let utf8 = slice.bindMemory(to: UInt8.self)
        // ASCII (every coin name, nearly every field) is valid UTF-8: skip the generic check.
        var ascii = true
        for byte in utf8 where byte >= 0x80 { ascii = false; break }
        if ascii {
            self.offset += count
            return String(decoding: utf8, as: UTF8.self)
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw .invalidValue(what: self.context, offset: at, reason: "string is not valid UTF-8")
        }
        self.offset += count
        return text
    }

    package mutating func readOptional<T>(_ body: (inout BinaryReader) throws(BinaryDecodingError) -> T) throws(BinaryDecodingError) -> T? {
        let at = self.offset
        switch try self.read(UInt8.self) {
        case 0: return nil
        case 1: return try body(&self)
        case let other: throw .invalidValue(what: self.context, offset: at, reason: "presence byte \(other) is neither 0 nor 1")
        }
    }

    /// Reads a `UInt32` count and that many elements. `minimumElementSize` guards against
    /// a corrupt count asking for more elements than the payload could hold.
    package mutating func readArray<T>(minimumElementSize: Int, _ body: (inout BinaryReader) throws(BinaryDecodingError) -> T) throws(BinaryDecodingError) -> [T] {
        let count = Int(try self.read(UInt32.self))
        let needed = count.multipliedReportingOverflow(by: max(1, minimumElementSize))
        if needed.overflow || needed.partialValue > self.remaining {
            throw .truncated(what: self.context, offset: self.offset, needed: needed.overflow ? Int.max : needed.partialValue, available: self.remaining)
        }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try body(&self)) }
        return values
    }

    /// The next `count` bytes, consumed (for fixed-size element arrays decoded in one pass).
    package mutating func readBytes(_ count: Int) throws(BinaryDecodingError) -> UnsafeRawBufferPointer {
        try self.require(count)
        let slice = UnsafeRawBufferPointer(rebasing: self.bytes[self.offset..<(self.offset + count)])
        self.offset += count
        return slice
    }

    /// Reads the version byte and checks it against the one this build writes.
    package mutating func readVersion(supported: UInt8) throws(BinaryDecodingError) {
        _ = try self.readVersion(supported: supported...supported)
    }

    /// Reads the version byte, checks that this build reads it, and returns it.
    @discardableResult
    package mutating func readVersion(supported: ClosedRange<UInt8>) throws(BinaryDecodingError) -> UInt8 {
        let found = try self.read(UInt8.self)
        if !supported.contains(found) {
            throw .unsupportedVersion(what: self.context, found: found, supported: supported.upperBound)
        }
        return found
    }

    /// Throws when bytes are left over.
    package func expectEnd() throws(BinaryDecodingError) {
        if self.remaining != 0 { throw .trailingBytes(what: self.context, count: self.remaining) }
    }
}
