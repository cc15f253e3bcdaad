/// SplitMix64: a tiny generator used to seed ``Xoshiro256StarStar`` from one `UInt64`.
///
/// Fixed algorithm, so a seed gives the same numbers on every platform and Swift version.
package struct SplitMix64: Sendable, Hashable {
    package private(set) var state: UInt64

    package init(seed: UInt64) { self.state = seed }

    package mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**: the engine's seeded generator, with its own range mapping, so no
/// standard-library random helper (whose algorithm may change between Swift versions)
/// ever reaches an output. The state is plain data and can live in checkpoints.
package struct Xoshiro256StarStar: Sendable, Hashable, Codable {
    package private(set) var s0: UInt64
    package private(set) var s1: UInt64
    package private(set) var s2: UInt64
    package private(set) var s3: UInt64

    /// Seeds the four state words from SplitMix64(seed).
    package init(seed: UInt64) {
        var mix = SplitMix64(seed: seed)
        self.s0 = mix.next()
        self.s1 = mix.next()
        self.s2 = mix.next()
        self.s3 = mix.next()
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits.
    @inline(__always)
    package mutating func next() -> UInt64 {
        let result = Self.rotl(self.s1 &* 5, 7) &* 9
        let t = self.s1 << 17
        self.s2 ^= self.s0
        self.s3 ^= self.s1
        self.s1 ^= self.s2
        self.s0 ^= self.s3
        self.s2 ^= t
        self.s3 = Self.rotl(self.s3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection); 0 when
    /// `bound` is 0.
    package mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        var product = self.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = self.next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    /// A uniform integer in the closed range.
    package mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: self.next()) }  // the full Int64 range
        return range.lowerBound &+ Int64(bitPattern: self.next(below: span))
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    package mutating func nextUnit() -> Double { Double(self.next() >> 11) * 0x1.0p-53 }

    /// `true` with probability `numerator / denominator`.
    package mutating func chance(_ numerator: UInt64, in denominator: UInt64) -> Bool {
        self.next(below: denominator) < numerator
    }
}
