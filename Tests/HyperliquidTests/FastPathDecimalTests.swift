import Engine
@testable import Hyperliquid
import JSON
import Testing

/// The l2Book fast path reads levels in the exchange's compact shape straight through
/// (one pass over each decimal, keys compared as words, levels staged on the stack): it
/// must give what the general path gives for every length of number, and take every
/// valid one.
@Suite(.tags(.unit)) struct FastPathDecimalTests {
    /// A book frame whose every bid and ask carries `px` and `sz`.
    static func frame(px: String, sz: String, levels: Int) -> String {
        let side = (0..<levels).map { i in #"{"px":"\#(px)","sz":"\#(sz)","n":\#(i % 12)}"# }.joined(separator: ",")
        return #"{"channel":"l2Book","data":{"coin":"BTC","time":1737918843893,"levels":[[\#(side)],[\#(side)]]}}"#
    }

    /// Decimals of 1 to 12 whole digits and 0 to 10 decimals, digits 0-9 in every place:
    /// the fast path agrees with the general one, takes those in range (at most 10 whole
    /// digits and 8 decimals) and reads them exactly.
    @Test func everyNumberLengthAgreesWithTheGeneralPath() throws {
        var taken = 0
        for wholeDigits in 1...12 {
            for fractionDigits in 0...10 {
                for shift in 0..<3 {
                    let digits = (0..<(wholeDigits + fractionDigits)).map { Character(String((($0 * 7) + shift + 1) % 10)) }
                    var text = String(digits.prefix(wholeDigits))
                    if fractionDigits > 0 { text += "." + String(digits.suffix(fractionDigits)) }
                    let frame = Self.frame(px: text, sz: "0.5", levels: 3)
                    let general = try? InboundFrame(decodingGenerally: frame)
                    #expect((try? InboundFrame(decodingWithoutLimitCheck: frame)) == general, "\(text)")
                    let inRange = wholeDigits <= 10 && fractionDigits <= 8
                    #expect((MarketDataFastPath.decode(frame) != nil) == inRange, "\(text)")
                    if inRange, case .book(let book)? = MarketDataFastPath.decode(frame) {
                        taken += 1
                        #expect(book.bids.allSatisfy { (try? Price(parsing: text)) == $0.price }, "\(text)")
                        let half = try Size(parsing: "0.5")
                        #expect(book.asks.count == 3 && book.asks[2].orders == 2 && book.asks[2].size == half)
                    }
                }
            }
        }
        #expect(taken == 10 * 9 * 3)
    }

    /// Malformed numbers and shapes near the compact form go to the general path, which
    /// gives the same answer.
    @Test func nearMissesFallBackToTheGeneralPath() throws {
        let numbers = ["0", "00.5", "1.", ".5", "1..2", "1e5", "-1", "1 ", " 1", "1.5x", "0x1", "\u{1}1", "1\\u0030", ""]
        for px in numbers {
            let frame = Self.frame(px: px, sz: "2", levels: 2)
            #expect((try? InboundFrame(decodingWithoutLimitCheck: frame)) == (try? InboundFrame(decodingGenerally: frame)), "\(px)")
        }
        let shapes = [#"{"px":"1","sz":"2","n":3 }"#, #"{"sz":"2","px":"1","n":3}"#, #"{ "px":"1","sz":"2","n":3}"#,
                      #"{"px":"1","sz":"2","n":3,"x":1}"#, #"{"px":"1","sz":"2"}"#, #"{"px":"1","sz":"2","n":3.0}"#]
        for level in shapes {
            let frame = #"{"channel":"l2Book","data":{"coin":"ETH","time":1,"levels":[[\#(level)],[\#(level)]]}}"#
            #expect((try? InboundFrame(decodingWithoutLimitCheck: frame)) == (try? InboundFrame(decodingGenerally: frame)), "\(level)")
        }
    }

    /// A side longer than the stage on the stack (and exactly as long) keeps every level,
    /// in order.
    @Test func longSidesKeepEveryLevelInOrder() throws {
        for count in [0, 1, MarketDataFastPath.stagedLevels - 1, MarketDataFastPath.stagedLevels, MarketDataFastPath.stagedLevels + 1, 150] {
            let side = (0..<count).map { i in #"{"px":"\#(1000 + i)","sz":"1","n":1}"# }.joined(separator: ",")
            let frame = #"{"channel":"l2Book","data":{"coin":"BTC","time":5,"levels":[[\#(side)],[]]}}"#
            guard case .book(let book)? = MarketDataFastPath.decode(frame) else {
                Issue.record("\(count) levels: the fast path refused the frame")
                continue
            }
            #expect(book.bids.map(\.price.rawValue) == (0..<count).map { Int64(1000 + $0) * FixedPoint.scale }, "\(count) levels")
            #expect(book.asks.isEmpty)
            #expect(InboundFrame.book(book) == (try InboundFrame(decodingGenerally: frame)))
        }
    }

    /// A book the fast path calls within ``Limits`` is exactly one whose `limitProblem` is
    /// nil: prices and sizes at and past the limits, bad coins and times, long sides.
    @Test func limitsCheckedWhileReadingAgreeWithLimitProblem() throws {
        var frames: [String] = []
        for px in ["1", "1000000000", "1000000000.00000001", "9999999999", "0.00000001"] {
            for sz in ["2", "1000000000", "1000000000.5"] { frames.append(Self.frame(px: px, sz: sz, levels: 2)) }
        }
        let level = #"{"px":"1","sz":"1","n":1}"#
        for coin in ["BTC", "\u{7F}X", String(repeating: "A", count: Limits.coinNameBytes), String(repeating: "A", count: Limits.coinNameBytes + 1)] {
            for time in ["0", "1737918843893", "99999999999999999"] {
                frames.append(#"{"channel":"l2Book","data":{"coin":"\#(coin)","time":\#(time),"levels":[[\#(level)],[\#(level)]]}}"#)
            }
        }
        for count in [Limits.levelsPerSide, Limits.levelsPerSide + 1] {
            let side = Array(repeating: level, count: count).joined(separator: ",")
            frames.append(#"{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[\#(side)],[\#(level)]]}}"#)
        }
        var checked = 0
        for frame in frames {
            let decoded = try #require(MarketDataFastPath.decodeCheckingLimits(frame), "\(frame.prefix(100))")
            #expect(decoded.withinLimits == (decoded.frame.limitProblem == nil), "\(frame.prefix(100))")
            #expect((try? InboundFrame(decoding: frame)) == (decoded.frame.limitProblem == nil ? decoded.frame : nil))
            if decoded.withinLimits { checked += 1 }
        }
        #expect(checked > 0 && checked < frames.count)
    }
}
