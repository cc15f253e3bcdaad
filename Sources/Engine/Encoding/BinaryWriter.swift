/// Appends little-endian binary fields to a byte array.
///
/// The encoding every journaled event and command uses: fixed-width little-endian
/// integers, fixed-point values as their raw `Int64`, strings as a `UInt16` byte count
/// followed by UTF-8, optionals as a presence byte. Nothing depends on the host's byte
/// order or on hashing, so the same value always encodes to the same bytes.
public struct BinaryWriter {
    /// The bytes written so far.
    public var bytes: [UInt8]

    /// Creates a writer that appends to `bytes`.
    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    /// Creates an empty writer with room for `capacity` bytes.
    public init(reservingCapacity capacity: Int) {
        self.bytes = []
        self.bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    package mutating func write(_ value: UInt8) { self.bytes.append(value) }

    @inline(__always)
    package mutating func write(_ value: Bool) { self.bytes.append(value ? 1 : 0) }

    @inline(__always)
    package mutating func write<T: FixedWidthInteger>(_ value: T) {
        // A typed UInt8 buffer takes Array's memcpy path (a raw buffer goes byte by byte).
        withUnsafeBytes(of: value.littleEndian) { self.bytes.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
    }

    @inline(__always)
    package mutating func write<T: FixedPointDecimal>(_ value: T) { self.write(value.rawValue) }

    /// Writes the IEEE-754 bit pattern, so every value (NaN payloads, -0.0) round-trips.
    @inline(__always)
    package mutating func write(_ value: Double) { self.write(value.bitPattern) }

    /// Writes a `UInt16` byte count and the UTF-8 bytes. Strings longer than 65,535 bytes
    /// are cut at a character boundary (no event field comes close).
    package mutating func write(_ value: String) {
        // Native strings (small ones included) expose their UTF-8 without a copy.
        let written = value.utf8.withContiguousStorageIfAvailable { (utf8: UnsafeBufferPointer<UInt8>) -> Bool in
            guard utf8.count <= Int(UInt16.max) else { return false }
            // One capacity check (growing geometrically), then byte appends: measured twice
            // as fast as appending the count's two bytes as a buffer (short field names
            // dominate decision records).
            let needed = self.bytes.count + 2 + utf8.count
            if needed > self.bytes.capacity { self.bytes.reserveCapacity(max(needed, 2 * self.bytes.capacity)) }
            self.bytes.append(UInt8(truncatingIfNeeded: utf8.count))
            self.bytes.append(UInt8(truncatingIfNeeded: utf8.count >> 8))
            self.bytes.append(contentsOf: utf8)
            return true
        }
        if written == true { return }
        var utf8 = Array(value.utf8)
        if utf8.count > Int(UInt16.max) {
            var cut = Int(UInt16.max)
            while cut > 0 && (utf8[cut] & 0xC0) == 0x80 { cut -= 1 }
            utf8.removeSubrange(cut...)
        }
        self.write(UInt16(utf8.count))
        self.bytes.append(contentsOf: utf8)
    }

    /// Appends, with one copy, the bytes `body` writes into `capacity` bytes of scratch
    /// memory (it returns how many it wrote). Each `Array.append` costs about a hundred
    /// instructions whatever its size, so a field of several parts is composed first.
    @inline(__always)
    package mutating func appendComposed(capacity: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) { scratch in
            let base = scratch.baseAddress.unsafelyUnwrapped
            let count = body(base)
            self.bytes.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count).bindMemory(to: UInt8.self))
        }
    }

    /// Writes a presence byte, then the value when present.
    public mutating func writeOptional<T>(_ value: T?, _ body: (inout BinaryWriter, T) -> Void) {
        if let value {
            self.write(UInt8(1))
            body(&self, value)
        } else {
            self.write(UInt8(0))
        }
    }

    /// Writes a `UInt32` element count, then each element.
    public mutating func writeArray<T>(_ values: [T], _ body: (inout BinaryWriter, T) -> Void) {
        self.write(UInt32(values.count))
        for value in values { body(&self, value) }
    }
}
