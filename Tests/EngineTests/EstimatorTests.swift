import Engine
import Foundation
import TestSupport
import Testing

@Suite(.tags(.unit)) struct EstimatorTests {
    @Test func volatilityOfAConstantMidIsZeroAndWarmsUpByBuckets() {
        var vol = VolatilityEstimator(bucketSeconds: 1, halfLifeSeconds: 10, warmupBuckets: 5)
        for second in 0..<4 { vol.observe(mid: 100, at: Int64(second) * 1_000_000_000) }
        #expect(!vol.isWarm)
        for second in 4..<10 { vol.observe(mid: 100, at: Int64(second) * 1_000_000_000) }
        #expect(vol.isWarm && vol.sigma == 0)
    }

    @Test func volatilityMatchesAHandComputedEWMA() {
        // Returns of ±1% every bucket; with λ = 2^(-1/1) = 0.5 the variance converges to
        // r² = ln(1.01)² (alternating up and down).
        var vol = VolatilityEstimator(bucketSeconds: 1, halfLifeSeconds: 1, warmupBuckets: 1)
        var mid = 100.0
        vol.observe(mid: mid, at: 0)
        for second in 1...200 {
            mid = second % 2 == 1 ? mid * 1.01 : mid / 1.01
            vol.observe(mid: mid, at: Int64(second) * 1_000_000_000)
        }
        #expect(abs(vol.sigma - log(1.01)) < 1e-9)
        // One bucket's variance after one return from zero: (1 − λ) r².
        var one = VolatilityEstimator(bucketSeconds: 1, halfLifeSeconds: 1, warmupBuckets: 1)
        one.observe(mid: 100, at: 0)
        one.observe(mid: 101, at: 1_000_000_000)
        #expect(abs(one.sigma - (0.5 * log(1.01) * log(1.01)).squareRoot()) < 1e-12)
        #expect(one.observations == 1)
    }

    @Test func kappaIsOneOverTheMeanDistanceAndBlendsWithThePrior() {
        var kappa = KappaEstimator(prior: 2000, priorObservations: 100, halfLifeSeconds: 1e9, warmupTrades: 10)
        for i in 0..<9 { kappa.observe(tradePrice: 100.1, mid: 100, at: Int64(i)) }
        #expect(kappa.marketKappa == nil && kappa.kappaEffective == 2000)  // not warm: prior only
        kappa.observe(tradePrice: 99.9, mid: 100, at: 9)
        let market = try! #require(kappa.marketKappa)
        #expect(abs(market - 1000) < 1e-6)  // distance 0.001
        // (100·2000 + 10·1000) / 110, up to the negligible decay over 9 ns
        #expect(abs(kappa.kappaEffective - (100 * 2000 + 10 * 1000) / 110.0) < 1e-3)
    }

    @Test func toxicityIsTheMeanImbalanceOfVolumeBuckets() {
        var oneSided = ToxicityEstimator(bucketNotional: 100, buckets: 10)
        for _ in 0..<20 { oneSided.observe(side: .bid, notional: 50) }
        #expect(oneSided.vpin == 1 && oneSided.observations == 10)
        var balanced = ToxicityEstimator(bucketNotional: 100, buckets: 10)
        for i in 0..<40 { balanced.observe(side: i % 2 == 0 ? .bid : .ask, notional: 25) }
        #expect(balanced.vpin == 0)
        // A trade larger than a bucket fills several.
        var split = ToxicityEstimator(bucketNotional: 100, buckets: 4)
        split.observe(side: .ask, notional: 250)
        #expect(split.observations == 2 && split.vpin == 1)
        split.observe(side: .bid, notional: 50)  // completes the third bucket: |50 − 50| = 0
        #expect(split.observations == 3 && abs(split.vpin - 2.0 / 3.0) < 1e-12)
    }
}

@Suite(.tags(.unit)) struct SpreadOracleTests {
    @Test func handComputedValues() {
        let c1 = SpreadOracle.halfSpreadTerm(gamma: 0.1, kappa: 2000)
        #expect(abs(c1 - log1p(0.1 / 2000) / 0.1) < 1e-15)
        let c2 = SpreadOracle.inventoryTerm(gamma: 0.1, kappa: 2000, arrivalIntensity: 1)
        let expected = (0.1 / (2 * 1 * 2000) * pow(1 + 0.1 / 2000, 2000 / 0.1 + 1)).squareRoot()
        #expect(abs(c2 - expected) / expected < 1e-10)  // pow with a 20,001 exponent amplifies rounding
        let (half, skew) = SpreadOracle.quote(gamma: 0.1, kappa: 2000, sigma: 0.001, arrivalIntensity: 1)
        #expect(abs(skew - 0.001 * expected) < 1e-15)
        #expect(abs(half - (c1 + 0.5 * 0.001 * expected)) < 1e-15)
        // Tiny ratio: the Taylor branch agrees with the closed form's limit 1/κ.
        #expect(abs(SpreadOracle.halfSpreadTerm(gamma: 1e-20, kappa: 1000) - 0.001) < 1e-15)
    }

    @Test func finiteAndNonNegativeForEveryFiniteInput() {
        let specials: [Double] = [0, -0.0, 5e-324, 2.2250738585072014e-308, 1e-300, 1e-12, 1, 1e12, 1e300, .greatestFiniteMagnitude,
                                  -1, -1e300, .infinity, -.infinity, .nan]
        for g in specials {
            for k in specials {
                for s in specials {
                    for a in [0.0, 1, 1e300, .nan] {
                        let (half, skew) = SpreadOracle.quote(gamma: g, kappa: k, sigma: s, arrivalIntensity: a)
                        #expect(half.isFinite && half >= 0 && skew.isFinite && skew >= 0, "γ=\(g) κ=\(k) σ=\(s) A=\(a)")
                    }
                }
            }
        }
        var random = Xoshiro256StarStar(seed: 8)
        for _ in 0..<20_000 {
            let g = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let k = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let s = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF)
            let (half, skew) = SpreadOracle.quote(gamma: g, kappa: k, sigma: s, arrivalIntensity: 1)
            #expect(half.isFinite && half >= 0 && skew.isFinite && skew >= 0)
            let inverse = SpreadOracle.kappaForSpread(halfSpread: s, gamma: g, fee: 0)
            #expect(inverse >= 0)
        }
    }

    @Test func monotoneWhereTheorySaysSo() {
        var random = Xoshiro256StarStar(seed: 9)
        for _ in 0..<5_000 {
            let g = 0.001 + random.nextUnit() * 10
            let k = 10 + random.nextUnit() * 10_000
            let s = random.nextUnit() * 0.01
            let base = SpreadOracle.quote(gamma: g, kappa: k, sigma: s, arrivalIntensity: 1)
            // More liquidity (higher κ): tighter.
            #expect(SpreadOracle.quote(gamma: g, kappa: k * 1.5, sigma: s, arrivalIntensity: 1).halfSpread <= base.halfSpread)
            // More volatility: wider, and more skew.
            let wild = SpreadOracle.quote(gamma: g, kappa: k, sigma: s * 1.5 + 1e-6, arrivalIntensity: 1)
            #expect(wild.halfSpread >= base.halfSpread && wild.skewPerLot >= base.skewPerLot)
        }
    }

    @Test func kappaForSpreadInvertsTheSpreadAndRespectsFees() {
        for kappa in [50.0, 2000, 1e5] {
            let half = SpreadOracle.halfSpreadTerm(gamma: 0.1, kappa: kappa)
            #expect(abs(SpreadOracle.kappaForSpread(halfSpread: half, gamma: 0.1, fee: 0) / kappa - 1) < 1e-9)
        }
        #expect(SpreadOracle.kappaForSpread(halfSpread: 0.0001, gamma: 0.1, fee: 0.0001) == .infinity)
        #expect(SpreadOracle.kappaForSpread(halfSpread: 0.00005, gamma: 0.1, fee: 0.0001) == .infinity)
        #expect(SpreadOracle.kappaForSpread(halfSpread: .nan, gamma: 0.1, fee: 0) == .infinity)
    }
}
