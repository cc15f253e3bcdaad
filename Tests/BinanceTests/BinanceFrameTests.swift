import Binance
import Engine
import JSON
import TestSupport
import Testing

/// Binance USD-M futures market-data frames in the venue's shapes, translated exactly
/// into reference events; other streams and replies ignored with the reason; bad frames
/// refused naming the field.
@Suite(.tags(.unit)) struct BinanceFrameTests {
    static let symbols = try! BinanceSymbolMap(coins: ["BTC", "ETH", "kPEPE"])

    static func decode(_ text: String) throws(BinanceWireError) -> BinanceFrame {
        try BinanceFrame(decoding: text, symbols: Self.symbols)
    }

    static let bookTicker = #"{"e":"bookTicker","u":400900217,"E":1568014460893,"T":1568014460891,"s":"BTCUSDT","b":"97123.40","B":"3.512","a":"97123.50","A":"0.004"}"#

    @Test func bookTickerBecomesAReferenceQuoteWithExactDecimals() throws {
        let frame = try Self.decode(Self.bookTicker)
        let expected = ReferenceQuote(source: "binance", coin: "BTC",
                                      bidPrice: try Price(parsing: "97123.4"), bidSize: try Size(parsing: "3.512"),
                                      askPrice: try Price(parsing: "97123.5"), askSize: try Size(parsing: "0.004"),
                                      exchangeTime: 1_568_014_460_891)
        #expect(frame == .quote(expected))
        #expect(frame.event == .referenceQuote(expected))
    }

    @Test func combinedStreamFramesUnwrapData() throws {
        let wrapped = #"{"stream":"btcusdt@bookTicker","data":"# + Self.bookTicker + "}"
        #expect(try Self.decode(wrapped) == Self.decode(Self.bookTicker))
    }

    @Test func bookTickerWithoutTransactionTimeUsesEventTimeThenZero() throws {
        let eventOnly = #"{"e":"bookTicker","E":1700000000123,"s":"ETHUSDT","b":"3000.1","B":"1","a":"3000.2","A":"2"}"#
        guard case .quote(let quote) = try Self.decode(eventOnly) else { Issue.record("not a quote"); return }
        #expect(quote.exchangeTime == 1_700_000_000_123)
        #expect(quote.coin == "ETH")
        let none = #"{"e":"bookTicker","s":"ETHUSDT","b":"3000.1","B":"1","a":"3000.1","A":"2"}"#
        guard case .quote(let locked) = try Self.decode(none) else { Issue.record("not a quote"); return }
        #expect(locked.exchangeTime == 0)
    }

    @Test func aggTradeSideIsTheAggressors() throws {
        // m == true: the buyer was the maker, so the seller hit the bid.
        let sell = #"{"e":"aggTrade","E":123456789,"s":"BTCUSDT","a":5933014,"p":"97000.10","q":"0.250","f":100,"l":105,"T":123456785,"m":true}"#
        let expected = Trade(side: .ask, price: try Price(parsing: "97000.1"), size: try Size(parsing: "0.25"),
                             exchangeTime: 123_456_785, tradeID: 5_933_014)
        #expect(try Self.decode(sell) == .trades(ReferenceTrades(source: "binance", coin: "BTC", trades: [expected])))
        let buy = sell.replacing(#""m":true"#, with: #""m":false"#)
        guard case .trades(let trades) = try Self.decode(buy) else { Issue.record("not trades"); return }
        #expect(trades.trades.map(\.side) == [.bid])
    }

    @Test func tradeStreamUsesTradeIDAndSkipsLiquidations() throws {
        let market = #"{"stream":"1000pepeusdt@trade","data":{"e":"trade","E":1700000000002,"T":1700000000001,"s":"1000PEPEUSDT","t":77,"p":"0.0123400","q":"120000","X":"MARKET","m":false}}"#
        let expected = Trade(side: .bid, price: try Price(parsing: "0.01234"), size: try Size(parsing: "120000"),
                             exchangeTime: 1_700_000_000_001, tradeID: 77)
        #expect(try Self.decode(market) == .trades(ReferenceTrades(source: "binance", coin: "kPEPE", trades: [expected])))
        let adl = market.replacing("MARKET", with: "ADL")
        #expect(try Self.decode(adl) == .ignored(.nonMarketTrade(kind: "ADL")))
    }

    @Test(arguments: [
        (#"{"result":null,"id":1}"#, BinanceIgnoredFrame.subscriptionReply(id: "1")),
        (#"{"error":{"code":2,"msg":"Invalid request: unknown stream"},"id":3}"#, .serverError(code: 2, message: "Invalid request: unknown stream")),
        (#"{"code":-1121,"msg":"Invalid symbol."}"#, .serverError(code: -1121, message: "Invalid symbol.")),
        (#"{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[],"a":[]}}"#, .untranslatedEvent("depthUpdate")),
        (#"{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"1","i":"1","P":"1","r":"0","T":1}"#, .untranslatedEvent("markPriceUpdate")),
        (#"{"stream":"!markPrice@arr","data":[{"e":"markPriceUpdate"}]}"#, .arrayPayload(stream: "!markPrice@arr")),
        (#"[{"e":"bookTicker"}]"#, .arrayPayload(stream: nil)),
        (#"{"e":"bookTicker","s":"SOLUSDT","b":"1","B":"1","a":"2","A":"1"}"#, .unmappedSymbol("SOLUSDT")),
    ])
    func otherFramesAreIgnoredWithTheReason(text: String, reason: BinanceIgnoredFrame) throws {
        let frame = try Self.decode(text)
        #expect(frame == .ignored(reason))
        #expect(frame.event == nil)
    }

    @Test(arguments: [
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"1","B":"1","a":"2""#, "malformed"),
        (#""bookTicker""#, "expected a JSON object, got a string"),
        (#"{"s":"BTCUSDT","b":"1"}"#, "binance frame: missing field e"),
        (#"{"stream":"btcusdt@bookTicker"}"#, "binance btcusdt@bookTicker: missing field data"),
        (#"{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","s":"BTCUSDT","B":"1","a":"2","A":"1"}}"#, "binance bookTicker: missing field data.b"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":97000.1,"B":"1","a":"2","A":"1"}"#, "b = 97000.1: expected a decimal string"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"1e5","B":"1","a":"2","A":"1"}"#, "b = \"1e5\": invalid character"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"NaN","B":"1","a":"2","A":"1"}"#, "b = \"NaN\": invalid character"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"0.000000001","B":"1","a":"2","A":"1"}"#, "more than 8 significant decimals"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"0","B":"1","a":"2","A":"1"}"#, "b = \"0\": price 0 is outside the valid range"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"-1","B":"1","a":"2","A":"1"}"#, "price -1 is outside"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"1","B":"0","a":"2","A":"1"}"#, "B = \"0\": size 0 is outside"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"3","B":"1","a":"2","A":"1"}"#, "BTCUSDT is crossed (best bid 3 above best ask 2)"),
        (#"{"e":"bookTicker","s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1","T":-5}"#, "T = -5: exchange time -5 ms is outside"),
        (#"{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"1","q":"1","T":1,"m":"yes"}"#, "binance aggTrade: m = \"yes\": expected true or false"),
        (#"{"e":"aggTrade","s":"BTCUSDT","a":-1,"p":"1","q":"1","T":1,"m":true}"#, "a = -1: expected a non-negative integer"),
        (#"{"e":"aggTrade","s":"BTCUSDT","a":1,"p":"1","q":"1","m":true}"#, "binance aggTrade: missing field T"),
        (#"{"e":"trade","s":"BTCUSDT","p":"1","q":"1","T":1,"m":true}"#, "binance trade: missing field t"),
        (#"{"e":"aggTrade","s":"","a":1,"p":"1","q":"1","T":1,"m":true}"#, "s = \"\": expected a non-empty string"),
    ])
    func badFramesAreRefusedNamingTheField(text: String, message: String) {
        #expect {
            _ = try Self.decode(text)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func decodingNeverReturnsAnEventForAnUnmappedCoin() throws {
        let none = try BinanceSymbolMap(coins: ["BTC"], overrides: [try BinanceSymbolOverride(parsing: "BTC=none")])
        #expect(try BinanceFrame(decoding: Self.bookTicker, symbols: none) == .ignored(.unmappedSymbol("BTCUSDT")))
    }
}
