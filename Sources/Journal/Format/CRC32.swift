/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib computes it.
///
/// Protects the journal's own small structures (header, frame descriptors, index);
/// frame bodies carry zstd's XXH64 content checksum instead.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        self.table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The CRC-32 of a byte array.
    static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { self.checksum($0) } }
}
