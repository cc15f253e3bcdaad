/// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA3's 0x06).
///
/// Neither OpenSSL 3.0 nor swift-crypto offers it, and the hash is small: the
/// Keccak-f[1600] permutation on a 25-lane state, rate 136 bytes.
public enum Keccak256 {
    static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    /// The lane each step of the combined rho-pi walk moves to, and its rotation.
    static let piLanes: [Int] = [10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1]
    static let rhoOffsets: [UInt64] = [1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44]

    @inline(__always) static func rotate(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 &- n)) }

    /// Keccak-f[1600] on 25 lanes (lane x + 5y), in place, without allocating.
    static func permute(_ a: UnsafeMutablePointer<UInt64>) {
        self.piLanes.withUnsafeBufferPointer { pi in
            self.rhoOffsets.withUnsafeBufferPointer { rho in
                self.roundConstants.withUnsafeBufferPointer { constants in
                    for round in 0..<24 {
                        // theta
                        let c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20]
                        let c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21]
                        let c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22]
                        let c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23]
                        let c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24]
                        let d0 = c4 ^ rotate(c1, 1), d1 = c0 ^ rotate(c2, 1), d2 = c1 ^ rotate(c3, 1)
                        let d3 = c2 ^ rotate(c4, 1), d4 = c3 ^ rotate(c0, 1)
                        for y in stride(from: 0, to: 25, by: 5) {
                            a[y] ^= d0; a[y + 1] ^= d1; a[y + 2] ^= d2; a[y + 3] ^= d3; a[y + 4] ^= d4
                        }
                        // rho and pi
                        var current = a[1]
                        for i in 0..<24 {
                            let lane = pi[i]
                            let next = a[lane]
                            a[lane] = rotate(current, rho[i])
                            current = next
                        }
                        // chi
                        for y in stride(from: 0, to: 25, by: 5) {
                            let t0 = a[y], t1 = a[y + 1], t2 = a[y + 2], t3 = a[y + 3], t4 = a[y + 4]
                            a[y] = t0 ^ (~t1 & t2)
                            a[y + 1] = t1 ^ (~t2 & t3)
                            a[y + 2] = t2 ^ (~t3 & t4)
                            a[y + 3] = t3 ^ (~t4 & t0)
                            a[y + 4] = t4 ^ (~t0 & t1)
                        }
                        // iota
                        a[0] ^= constants[round]
                    }
                }
            }
        }
    }

    /// The 32-byte Keccak-256 digest of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        let rate = 136
        var message = Array(data)
        message.append(0x01)
        while message.count % rate != 0 { message.append(0) }
        message[message.count - 1] |= 0x80
        var state = [UInt64](repeating: 0, count: 25)
        state.withUnsafeMutableBufferPointer { lanes in
            message.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    for lane in 0..<(rate / 8) {
                        lanes[lane] ^= UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + lane * 8, as: UInt64.self))
                    }
                    self.permute(lanes.baseAddress!)
                    offset += rate
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for lane in 0..<4 {
            for byte in 0..<8 { out.append(UInt8(truncatingIfNeeded: state[lane] >> (8 * UInt64(byte)))) }
        }
        return out
    }
}
