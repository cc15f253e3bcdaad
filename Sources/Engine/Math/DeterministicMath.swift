/// `exp`, `log` and `log1p` computed with IEEE-754 `+ - * /` only, so every platform
/// and every libm gives the same bits (glibc, musl and macOS differ in the last bit).
///
/// The algorithms are the classic argument reductions with minimax polynomials (as in
/// fdlibm): results are within 1 ulp of the correctly rounded value. The engine calls
/// these, never the platform's `Foundation.exp`/`log`.
package enum DeterministicMath {
    // ln 2 split so that k * ln2High is exact for |k| < 2^11.
    static let ln2High = 6.93147180369123816490e-01
    static let ln2Low = 1.90821492927058770002e-10
    static let inverseLn2 = 1.44269504088896338700e+00

    // Minimax coefficients for exp's remez polynomial on [-ln2/2, ln2/2].
    static let p1 = 1.66666666666666019037e-01
    static let p2 = -2.77777777770155933842e-03
    static let p3 = 6.61375632143793436117e-05
    static let p4 = -1.65339022054652515390e-06
    static let p5 = 4.13813679705723846039e-08

    // Minimax coefficients for log's series in s = f / (2 + f).
    static let lg1 = 6.666666666666735130e-01
    static let lg2 = 3.999999999940941908e-01
    static let lg3 = 2.857142874366239149e-01
    static let lg4 = 2.222219843214978396e-01
    static let lg5 = 1.818357216161805012e-01
    static let lg6 = 1.531383769920937332e-01
    static let lg7 = 1.479819860511658591e-01

    /// e^x. Overflows to +infinity above ~709.78, underflows to 0 below ~-745.13.
    package static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.782712893383973096 { return .infinity }
        if x < -745.13321910194110842 { return 0 }
        let magnitude = x.magnitude
        var k = 0
        var high = x
        var low = 0.0
        var r = x
        if magnitude > 0.5 * 0.6931471805599453 {
            if magnitude >= 1.5 * 0.6931471805599453 {
                k = Int(self.inverseLn2 * x + (x < 0 ? -0.5 : 0.5))  // round to nearest
            } else {
                k = x < 0 ? -1 : 1
            }
            high = x - Double(k) * self.ln2High
            low = Double(k) * self.ln2Low
            r = high - low
        } else if magnitude < 0x1p-28 {
            return 1 + x
        }
        let rr = r * r
        let c = r - rr * (self.p1 + rr * (self.p2 + rr * (self.p3 + rr * (self.p4 + rr * self.p5))))
        let y = 1 + (r * c / (2 - c) - low + high)
        return k == 0 ? y : self.scale(y, byPowerOfTwo: k)
    }

    /// The natural logarithm. log(0) = -infinity, log of a negative number = NaN.
    package static func log(_ x: Double) -> Double {
        if x.isNaN || x == .infinity { return x }
        if x == 0 { return -.infinity }
        if x < 0 { return .nan }
        if x == 1 { return 0 }
        var k = 0
        var value = x
        if value < Double.leastNormalMagnitude {
            value *= 0x1p54
            k -= 54
        }
        // Reduce to f = m - 1 with m in [sqrt(2)/2, sqrt(2)).
        var bits = value.bitPattern
        var highWord = UInt32(truncatingIfNeeded: bits >> 32)
        highWord = highWord &+ (0x3FF0_0000 &- 0x3FE6_A09E)
        k += Int(highWord >> 20) - 0x3FF
        highWord = (highWord & 0x000F_FFFF) &+ 0x3FE6_A09E
        bits = UInt64(highWord) << 32 | (bits & 0xFFFF_FFFF)
        let f = Double(bitPattern: bits) - 1
        return self.logKernel(f, k: k, correction: 0)
    }

    /// log(1 + x), accurate for tiny x. log1p(-1) = -infinity, below -1 NaN.
    package static func log1p(_ x: Double) -> Double {
        if x.isNaN || x == .infinity { return x }
        if x == -1 { return -.infinity }
        if x < -1 { return .nan }
        if x.magnitude < 0x1p-53 { return x }
        var k = 0
        var f = x
        var correction = 0.0
        // 1 + x within [sqrt(2)/2, sqrt(2)): use x directly, no reduction needed.
        if !(x >= -0.2928932188134524 && x < 0.41421356237309503) {
            let u = 1 + x
            var bits = u.bitPattern
            var highWord = UInt32(truncatingIfNeeded: bits >> 32)
            highWord = highWord &+ (0x3FF0_0000 &- 0x3FE6_A09E)
            k = Int(highWord >> 20) - 0x3FF
            // The rounding error of 1 + x, carried as a correction term.
            if k < 54 {
                correction = k >= 2 ? 1 - (u - x) : x - (u - 1)
                correction /= u
            }
            highWord = (highWord & 0x000F_FFFF) &+ 0x3FE6_A09E
            bits = UInt64(highWord) << 32 | (bits & 0xFFFF_FFFF)
            f = Double(bitPattern: bits) - 1
        }
        return self.logKernel(f, k: k, correction: correction)
    }

    /// log(2^k * (1 + f)) + correction, for f in [sqrt(2)/2 - 1, sqrt(2) - 1).
    @inline(__always)
    static func logKernel(_ f: Double, k: Int, correction: Double) -> Double {
        let halfSquare = 0.5 * f * f
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        let t1 = w * (self.lg2 + w * (self.lg4 + w * self.lg6))
        let t2 = z * (self.lg1 + w * (self.lg3 + w * (self.lg5 + w * self.lg7)))
        let r = t2 + t1
        let dk = Double(k)
        return s * (halfSquare + r) + (dk * self.ln2Low + correction) - halfSquare + f + dk * self.ln2High
    }

    /// y * 2^k exactly (or correctly rounded when the result is subnormal), by
    /// multiplying with powers of two that are themselves exact.
    static func scale(_ y: Double, byPowerOfTwo k: Int) -> Double {
        var result = y
        var n = k
        while n > 1023 {
            result *= 0x1p1023
            n -= 1023
        }
        while n < -1022 {
            // Step in two parts near the bottom so only the last multiply rounds.
            result *= 0x1p-1022 * 0x1p53
            n += 1022 - 53
        }
        return result * Double(bitPattern: UInt64(n + 1023) << 52)
    }

    /// x^y for x > 0 as exp(y * log(x)); for estimator decay factors, not for prices.
    package static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        if x == 1 { return 1 }
        return self.exp(y * self.log(x))
    }
}
