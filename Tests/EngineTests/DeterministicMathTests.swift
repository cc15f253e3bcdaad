import Engine
import Foundation
import TestSupport
import Testing

@Suite(.tags(.unit)) struct DeterministicMathTests {
    /// Distance in units in the last place between two finite doubles of the same sign.
    func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a == b { return 0 }
        if a.isNaN || b.isNaN || a.sign != b.sign { return .max }
        let x = a.bitPattern, y = b.bitPattern
        return x > y ? x - y : y - x
    }

    func check(_ name: String, points: Int, seed: UInt64, draw: (inout Xoshiro256StarStar) -> Double,
               ours: (Double) -> Double, platform: (Double) -> Double) {
        var random = Xoshiro256StarStar(seed: seed)
        var worst: UInt64 = 0
        var worstAt = 0.0
        for _ in 0..<points {
            let x = draw(&random)
            let d = self.ulps(ours(x), platform(x))
            if d > worst { worst = d; worstAt = x }
        }
        #expect(worst <= 1, "\(name): \(worst) ulps at \(worstAt)")
    }

    // 1.4 million seeded points in all, over the ranges the engine uses.
    @Test func expIsWithinOneUlpOfThePlatform() {
        // The engine's ranges: decay factors exp(-dt/tau), GLFT exponents, returns.
        self.check("exp", points: 400_000, seed: 1, draw: { $0.nextUnit() * 80 - 40 }, ours: DeterministicMath.exp, platform: Foundation.exp)
        self.check("exp wide", points: 200_000, seed: 2, draw: { $0.nextUnit() * 1450 - 740 }, ours: DeterministicMath.exp, platform: Foundation.exp)
        self.check("exp small", points: 100_000, seed: 3, draw: { ($0.nextUnit() - 0.5) * 1e-6 }, ours: DeterministicMath.exp, platform: Foundation.exp)
    }

    @Test func logIsWithinOneUlpOfThePlatform() {
        self.check("log", points: 300_000, seed: 4, draw: { Foundation.exp($0.nextUnit() * 1400 - 700) }, ours: DeterministicMath.log, platform: Foundation.log)
        self.check("log near 1", points: 200_000, seed: 5, draw: { 1 + ($0.nextUnit() - 0.5) * 0.1 }, ours: DeterministicMath.log, platform: Foundation.log)
    }

    @Test func log1pIsWithinOneUlpOfThePlatform() {
        self.check("log1p", points: 200_000, seed: 6, draw: { ($0.nextUnit() - 0.5) * 0.02 }, ours: DeterministicMath.log1p, platform: Foundation.log1p)
        self.check("log1p wide", points: 200_000, seed: 7, draw: { $0.nextUnit() * 1e6 - 0.999999 }, ours: DeterministicMath.log1p, platform: Foundation.log1p)
    }

    @Test func specialValues() {
        #expect(DeterministicMath.exp(0) == 1)
        #expect(DeterministicMath.exp(710) == .infinity)
        #expect(DeterministicMath.exp(-746) == 0)
        #expect(DeterministicMath.exp(-744) == 0x0.0000000000002p-1022, "e^-744 is 2 times the smallest subnormal, correctly rounded")
        #expect(self.ulps(DeterministicMath.exp(-740), Foundation.exp(-740)) <= 1)
        #expect(DeterministicMath.exp(.nan).isNaN)
        #expect(DeterministicMath.exp(-.infinity) == 0)
        #expect(DeterministicMath.log(1) == 0)
        #expect(DeterministicMath.log(0) == -.infinity)
        #expect(DeterministicMath.log(-1).isNaN)
        #expect(DeterministicMath.log(.infinity) == .infinity)
        #expect(self.ulps(DeterministicMath.log(5e-324), Foundation.log(5e-324)) <= 1)
        #expect(self.ulps(DeterministicMath.log(.greatestFiniteMagnitude), Foundation.log(.greatestFiniteMagnitude)) <= 1)
        #expect(DeterministicMath.log1p(0) == 0)
        #expect(DeterministicMath.log1p(-1) == -.infinity)
        #expect(DeterministicMath.log1p(-2).isNaN)
        #expect(DeterministicMath.log1p(1e-300) == 1e-300)
    }

    /// Golden bits: any change to the algorithms (or a compiler that contracts a*b+c
    /// into an FMA) shows up here, on every platform.
    @Test func goldenBits() {
        #expect(DeterministicMath.exp(1).bitPattern == 4_613_303_445_314_885_482)  // 1 ulp above e's nearest double, as fdlibm
        #expect(DeterministicMath.exp(-3.25).bitPattern == 4_585_748_773_289_955_373)
        #expect(DeterministicMath.log(10).bitPattern == 0x4002_6BB1_BBB5_5516)
        #expect(DeterministicMath.log1p(1e-5).bitPattern == 4_532_020_554_096_341_783)
    }
}
