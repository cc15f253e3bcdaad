import Engine
import TestSupport
import Testing

@Suite(.tags(.unit)) struct RandomTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        var mix = SplitMix64(seed: 0)
        #expect(mix.next() == 0xE220_A839_7B1D_CDAF)
        #expect(mix.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func xoshiroIsDeterministicPerSeed() {
        var a = Xoshiro256StarStar(seed: 42)
        var b = Xoshiro256StarStar(seed: 42)
        var c = Xoshiro256StarStar(seed: 43)
        var differs = false
        for _ in 0..<1000 {
            let x = a.next()
            #expect(x == b.next())
            if x != c.next() { differs = true }
        }
        #expect(differs)
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var random = Xoshiro256StarStar(seed: 7)
        var seen = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let x = random.next(below: 10)
            #expect(x < 10)
            seen[Int(x)] += 1
        }
        for count in seen { #expect(count > 9_000 && count < 11_000) }
        #expect(random.next(below: 0) == 0)
        for _ in 0..<1000 {
            let y = random.next(in: -3...3)
            #expect((-3...3).contains(y))
            let u = random.nextUnit()
            #expect(u >= 0 && u < 1)
        }
    }
}
