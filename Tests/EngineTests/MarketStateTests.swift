import Engine
import TestSupport
import Testing

@Suite(.tags(.unit)) struct PriceRulesTests {
    @Test func ticksFollowSignificantFiguresAndDecimalLimits() throws {
        let btc = PriceRules(sizeDecimals: 5)
        #expect(btc.tickRaw(at: try Price(parsing: "105055")) == 100_000_000)  // whole dollars
        #expect(btc.tickRaw(at: try Price(parsing: "9999.5")) == 10_000_000)  // 5 s.f. below 10k: $0.1
        let eth = PriceRules(sizeDecimals: 4)  // at most 2 decimals
        #expect(eth.tickRaw(at: try Price(parsing: "3300.1")) == 10_000_000)
        #expect(eth.tickRaw(at: try Price(parsing: "12.345")) == 1_000_000)  // 5 s.f. would allow 0.001; 2 decimals max
        let meme = PriceRules(sizeDecimals: 0)  // at most 6 decimals
        #expect(meme.tickRaw(at: try Price(parsing: "0.0123")) == 100)  // 5 s.f.: 0.0000001 → capped at 6 decimals
        #expect(btc.lotRaw == 1000)
        #expect(PriceRules(sizeDecimals: 0).lotRaw == 100_000_000)
    }

    @Test func roundingStaysOnTheGrid() throws {
        let btc = PriceRules(sizeDecimals: 5)
        #expect(btc.priceAtOrBelow(raw: try Price(parsing: "105055.7").rawValue) == (try Price(parsing: "105055")))
        #expect(btc.priceAtOrAbove(raw: try Price(parsing: "105055.2").rawValue) == (try Price(parsing: "105056")))
        #expect(btc.priceAtOrAbove(raw: try Price(parsing: "105055").rawValue) == (try Price(parsing: "105055")))
        // Crossing a power of ten changes the tick.
        #expect(btc.priceAtOrBelow(raw: try Price(parsing: "10000.05").rawValue) == (try Price(parsing: "10000")))
        #expect(btc.priceAtOrBelow(raw: 0) == nil)
        var random = Xoshiro256StarStar(seed: 3)
        for _ in 0..<10_000 {
            let raw = random.next(in: 1...1_000_000 * FixedPoint.scale)
            for rules in [btc, PriceRules(sizeDecimals: 2), PriceRules(sizeDecimals: 0)] {
                if let down = rules.priceAtOrBelow(raw: raw) { #expect(rules.isValid(down) && down.rawValue <= raw) }
                if let up = rules.priceAtOrAbove(raw: raw) { #expect(rules.isValid(up) && up.rawValue >= raw) }
            }
        }
        #expect(btc.sizeRoundedDown(try Size(parsing: "0.0012345")) == (try Size(parsing: "0.00123")))
    }

    /// The tick from five significant figures by counting digits one division at a time
    /// (how it was computed before the bit-length shortcut).
    func referenceTick(_ rules: PriceRules, _ price: Price) -> Int64 {
        var digits = 0
        var raw = max(price.rawValue.magnitude, 1)
        while raw > 0 { raw /= 10; digits += 1 }
        var tick: Int64 = 1
        for _ in 0..<max(0, digits - 5) { tick *= 10 }
        var minimum: Int64 = 1
        for _ in 0..<min(8, 2 + rules.sizeDecimals) { minimum *= 10 }
        return min(max(tick, minimum), FixedPoint.scale)
    }

    @Test func ticksMatchDigitCountingAtEveryPowerOfTenAndAtRandom() {
        var values: [Int64] = [0, 1, -1, Int64.max, Int64.min, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0...18 {
            values += [power - 1, power, power + 1, -power, 2 * (power - 1)]
            if power <= Int64.max / 10 { power *= 10 }
        }
        var random = Xoshiro256StarStar(seed: 18)
        for _ in 0..<20_000 { values.append(Int64(bitPattern: random.next() >> random.next(in: 0...63))) }
        for decimals in 0...8 {
            let rules = PriceRules(sizeDecimals: decimals)
            for value in values {
                #expect(rules.tickRaw(at: Price(rawValue: value)) == self.referenceTick(rules, Price(rawValue: value)), "\(value), szDecimals \(decimals)")
            }
        }
    }
}

@Suite(.tags(.unit)) struct BookStateTests {
    func level(_ price: String, _ size: String) throws -> BookLevel {
        BookLevel(price: try Price(parsing: price), size: try Size(parsing: size), orders: 1)
    }

    @Test func midMicropriceDepthAndAge() throws {
        var book = BookState()
        #expect(book.mid == nil && !book.isTwoSided && book.age(at: 5) == nil)
        book.apply(BookSnapshot(coin: "BTC", exchangeTime: 0,
                                bids: [try level("100", "3"), try level("99.99", "1"), try level("99", "5")],
                                asks: [try level("100.02", "1"), try level("100.5", "2")]), at: 1_000)
        #expect(abs(book.mid! - 100.01) < 1e-12)
        // (100 * 1 + 100.02 * 3) / 4: leans toward the thin ask side.
        #expect(abs(book.microprice! - 100.015) < 1e-12)
        #expect(book.depth(.bid, withinBps: 2) == (try Size(parsing: "4")))  // 100 and 99.99 are within 2 bps of 100.01
        #expect(book.depth(.ask, withinBps: 100) == (try Size(parsing: "3")))
        #expect(!book.isCrossed)
        #expect(book.age(at: 3_500) == 2_500)
        book.apply(BookSnapshot(coin: "BTC", exchangeTime: 0, bids: [try level("101", "1")], asks: [try level("100", "1")]), at: 2_000)
        #expect(book.isCrossed)
    }

    @Test func theTapeKeepsTheLastTradesInOrder() {
        var tape = TradeTape(capacity: 3)
        for i in 1...5 {
            tape.record(Trade(side: .bid, price: Price(rawValue: Int64(i)), size: Size(rawValue: 1), exchangeTime: 0, tradeID: UInt64(i)), at: Int64(i))
        }
        #expect(tape.recent.map(\.price.rawValue) == [3, 4, 5])
        #expect(tape.count == 5 && tape.lastTime == 5)
    }
}
