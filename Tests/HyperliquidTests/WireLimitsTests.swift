import Engine
@testable import Hyperliquid
import TestSupport
import Testing
import JSON

/// Messages whose values parse but lie outside ``Limits`` are refused with the reason,
/// by the fast path and the general parser alike (they reached the engine and trapped).
@Suite(.tags(.unit)) struct WireLimitsTests {
    static func book(time: String, coin: String = "BTC", px: String = "100.0") -> String {
        #"{"channel":"l2Book","data":{"coin":"\#(coin)","time":\#(time),"levels":[[{"px":"\#(px)","sz":"1.5","n":2}],[{"px":"101.0","sz":"2","n":1}]]}}"#
    }

    static func trade(time: String, coin: String = "BTC") -> String {
        #"{"channel":"trades","data":[{"coin":"\#(coin)","side":"B","px":"100","sz":"1","time":\#(time),"hash":"0x0","tid":5}]}"#
    }

    @Test(arguments: ["9230000000000", "-1", "9223372036854775807", "4102444800001"])
    func exchangeTimesOutsideTheRangeAreRefused(time: String) {
        for text in [Self.book(time: time), Self.trade(time: time)] {
            #expect { try InboundFrame(decoding: text) } throws: { error in
                guard case WireError.outsideLimits(_, let reason) = error else { return false }
                return reason.contains("exchange time")
            }
        }
    }

    @Test func timesInsideTheRangeAreAccepted() throws {
        _ = try InboundFrame(decoding: Self.book(time: "1737849600000"))
        _ = try InboundFrame(decoding: Self.trade(time: "4102444800000"))
    }

    /// Control characters (terminal escapes) and overlong names never reach the engine
    /// or a journal header.
    @Test func badCoinNamesAreRefused() {
        for coin in [#"\u001b[31mBTC"#, String(repeating: "X", count: 70_000), #"B\u0000TC"#] {
            for text in [Self.book(time: "1", coin: coin), Self.trade(time: "1", coin: coin)] {
                #expect { try InboundFrame(decoding: text) } throws: { error in
                    guard case WireError.outsideLimits(_, let reason) = error else { return false }
                    return reason.contains("coin name")
                }
            }
        }
    }

    @Test func pricesAboveTheLimitAreRefused() {
        #expect(throws: WireError.self) { try InboundFrame(decoding: Self.book(time: "1", px: "2000000000")) }
    }

    /// The parser's cost stays O(n log n) on an object with many keys (the duplicate
    /// check was a scan per key: 100,000 keys took minutes; `mm-live sign` of such an
    /// action > 30 s).
    @Test(.timeLimit(.minutes(1))) func manyKeysParseQuickly() throws {
        var text = "{"
        for i in 0..<150_000 { text += "\"key\(i)\":\(i)," }
        text += #""last":true}"#
        let start = ContinuousClock.now
        let json = try OrderedJSON(parsing: text)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(json["last"] == .bool(true))
    }
}
