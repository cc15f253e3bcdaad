/// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA3's 0x06).
///
/// Neither OpenSSL 3.0 nor swift-crypto offers it, and the hash is small: the
/// Keccak-f[1600] permutation on a 25-lane state, rate 136 bytes. The permutation keeps
/// the lanes in locals (registers and the stack), one round unrolled; hashing reads the
/// input in place and pads only the last block, in a buffer on the stack.
public enum Keccak256 {
    /// The iota step's constant of each of the 24 rounds.
    @inline(__always) static func roundConstant(_ round: Int) -> UInt64 {
        switch round {
        case 0: 0x0000_0000_0000_0001
        case 1: 0x0000_0000_0000_8082
        case 2: 0x8000_0000_0000_808A
        case 3: 0x8000_0000_8000_8000
        case 4: 0x0000_0000_0000_808B
        case 5: 0x0000_0000_8000_0001
        case 6: 0x8000_0000_8000_8081
        case 7: 0x8000_0000_0000_8009
        case 8: 0x0000_0000_0000_008A
        case 9: 0x0000_0000_0000_0088
        case 10: 0x0000_0000_8000_8009
        case 11: 0x0000_0000_8000_000A
        case 12: 0x0000_0000_8000_808B
        case 13: 0x8000_0000_0000_008B
        case 14: 0x8000_0000_0000_8089
        case 15: 0x8000_0000_0000_8003
        case 16: 0x8000_0000_0000_8002
        case 17: 0x8000_0000_0000_0080
        case 18: 0x0000_0000_0000_800A
        case 19: 0x8000_0000_8000_000A
        case 20: 0x8000_0000_8000_8081
        case 21: 0x8000_0000_0000_8080
        case 22: 0x0000_0000_8000_0001
        default: 0x8000_0000_8000_8008
        }
    }

    @inline(__always) static func rotate(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 &- n)) }

    /// Keccak-f[1600] on 25 lanes (lane x + 5y), in place, without allocating.
    static func permute(_ state: UnsafeMutablePointer<UInt64>) {
        var a0 = state[0]
        var a1 = state[1]
        var a2 = state[2]
        var a3 = state[3]
        var a4 = state[4]
        var a5 = state[5]
        var a6 = state[6]
        var a7 = state[7]
        var a8 = state[8]
        var a9 = state[9]
        var a10 = state[10]
        var a11 = state[11]
        var a12 = state[12]
        var a13 = state[13]
        var a14 = state[14]
        var a15 = state[15]
        var a16 = state[16]
        var a17 = state[17]
        var a18 = state[18]
        var a19 = state[19]
        var a20 = state[20]
        var a21 = state[21]
        var a22 = state[22]
        var a23 = state[23]
        var a24 = state[24]
        for round in 0..<24 {
            // theta
            let c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20
            let c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21
            let c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22
            let c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23
            let c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24
            let d0 = c4 ^ rotate(c1, 1)
            let d1 = c0 ^ rotate(c2, 1)
            let d2 = c1 ^ rotate(c3, 1)
            let d3 = c2 ^ rotate(c4, 1)
            let d4 = c3 ^ rotate(c0, 1)
            // rho and pi
            let b0 = a0 ^ d0
            let b10 = rotate(a1 ^ d1, 1)
            let b20 = rotate(a2 ^ d2, 62)
            let b5 = rotate(a3 ^ d3, 28)
            let b15 = rotate(a4 ^ d4, 27)
            let b16 = rotate(a5 ^ d0, 36)
            let b1 = rotate(a6 ^ d1, 44)
            let b11 = rotate(a7 ^ d2, 6)
            let b21 = rotate(a8 ^ d3, 55)
            let b6 = rotate(a9 ^ d4, 20)
            let b7 = rotate(a10 ^ d0, 3)
            let b17 = rotate(a11 ^ d1, 10)
            let b2 = rotate(a12 ^ d2, 43)
            let b12 = rotate(a13 ^ d3, 25)
            let b22 = rotate(a14 ^ d4, 39)
            let b23 = rotate(a15 ^ d0, 41)
            let b8 = rotate(a16 ^ d1, 45)
            let b18 = rotate(a17 ^ d2, 15)
            let b3 = rotate(a18 ^ d3, 21)
            let b13 = rotate(a19 ^ d4, 8)
            let b14 = rotate(a20 ^ d0, 18)
            let b24 = rotate(a21 ^ d1, 2)
            let b9 = rotate(a22 ^ d2, 61)
            let b19 = rotate(a23 ^ d3, 56)
            let b4 = rotate(a24 ^ d4, 14)
            // chi
            a0 = b0 ^ (~b1 & b2)
            a1 = b1 ^ (~b2 & b3)
            a2 = b2 ^ (~b3 & b4)
            a3 = b3 ^ (~b4 & b0)
            a4 = b4 ^ (~b0 & b1)
            a5 = b5 ^ (~b6 & b7)
            a6 = b6 ^ (~b7 & b8)
            a7 = b7 ^ (~b8 & b9)
            a8 = b8 ^ (~b9 & b5)
            a9 = b9 ^ (~b5 & b6)
            a10 = b10 ^ (~b11 & b12)
            a11 = b11 ^ (~b12 & b13)
            a12 = b12 ^ (~b13 & b14)
            a13 = b13 ^ (~b14 & b10)
            a14 = b14 ^ (~b10 & b11)
            a15 = b15 ^ (~b16 & b17)
            a16 = b16 ^ (~b17 & b18)
            a17 = b17 ^ (~b18 & b19)
            a18 = b18 ^ (~b19 & b15)
            a19 = b19 ^ (~b15 & b16)
            a20 = b20 ^ (~b21 & b22)
            a21 = b21 ^ (~b22 & b23)
            a22 = b22 ^ (~b23 & b24)
            a23 = b23 ^ (~b24 & b20)
            a24 = b24 ^ (~b20 & b21)
            // iota
            a0 ^= self.roundConstant(round)
        }
        state[0] = a0
        state[1] = a1
        state[2] = a2
        state[3] = a3
        state[4] = a4
        state[5] = a5
        state[6] = a6
        state[7] = a7
        state[8] = a8
        state[9] = a9
        state[10] = a10
        state[11] = a11
        state[12] = a12
        state[13] = a13
        state[14] = a14
        state[15] = a15
        state[16] = a16
        state[17] = a17
        state[18] = a18
        state[19] = a19
        state[20] = a20
        state[21] = a21
        state[22] = a22
        state[23] = a23
        state[24] = a24
    }

    /// The bytes of one block.
    static let rate = 136

    /// Absorbs `input` and writes the 32-byte digest to `digest`.
    static func hash(_ input: UnsafeRawBufferPointer, into digest: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25 + Self.rate / 8) { scratch in
            let state = scratch.baseAddress!
            state.initialize(repeating: 0, count: 25 + Self.rate / 8)
            let rate = Self.rate
            var offset = 0
            // Whole blocks, read in place.
            while input.count - offset >= rate {
                for lane in 0..<(rate / 8) {
                    state[lane] ^= UInt64(littleEndian: input.loadUnaligned(fromByteOffset: offset + lane * 8, as: UInt64.self))
                }
                self.permute(state)
                offset += rate
            }
            // The last, padded block (the original Keccak padding: 0x01 … 0x80).
            let block = UnsafeMutableRawPointer(state + 25)
            let tail = input.count - offset
            if tail > 0 { block.copyMemory(from: input.baseAddress! + offset, byteCount: tail) }
            block.storeBytes(of: 0x01, toByteOffset: tail, as: UInt8.self)
            block.storeBytes(of: block.load(fromByteOffset: rate - 1, as: UInt8.self) | 0x80, toByteOffset: rate - 1, as: UInt8.self)
            for lane in 0..<(rate / 8) {
                state[lane] ^= UInt64(littleEndian: block.load(fromByteOffset: lane * 8, as: UInt64.self))
            }
            self.permute(state)
            for lane in 0..<4 { digest.storeBytes(of: state[lane].littleEndian, toByteOffset: lane * 8, as: UInt64.self) }
        }
    }

    /// The 32-byte Keccak-256 digest of `data`.
    public static func hash(_ data: some Collection<UInt8>) -> [UInt8] {
        let digest = { (input: UnsafeRawBufferPointer) in
            [UInt8](unsafeUninitializedCapacity: 32) { out, count in
                self.hash(input, into: UnsafeMutableRawPointer(out.baseAddress!))
                count = 32
            }
        }
        if let result = data.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(data).withUnsafeBytes(digest)
    }
}
