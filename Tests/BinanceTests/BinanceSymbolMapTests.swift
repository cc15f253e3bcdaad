import Binance
import TestSupport
import Testing

/// Coin to symbol mapping (defaults, overrides, no listing) and the stream URLs and
/// subscription built from it.
@Suite(.tags(.unit)) struct BinanceSymbolMapTests {
    @Test func defaultsMapPlainAndThousandCoinsAndLeaveDexAndSpotUnlisted() throws {
        let map = try BinanceSymbolMap(coins: ["BTC", "kPEPE", "xyz:TSLA", "@107", "PURR/USDC", "ETH"])
        #expect(map.listings.map(\.symbol) == ["BTCUSDT", "1000PEPEUSDT", "ETHUSDT"])
        #expect(map.listings.map(\.coin) == ["BTC", "kPEPE", "ETH"])
        #expect(map.unlisted.map(\.coin) == ["xyz:TSLA", "@107", "PURR/USDC"])
        #expect(map.unlisted[0].reason.contains("HIP-3"))
        #expect(map.symbol(for: "kPEPE") == "1000PEPEUSDT")
        #expect(map.coin(forSymbol: "ETHUSDT") == "ETH")
        #expect(map.coin(forSymbol: "ethusdt") == nil)
        #expect(map.symbol(for: "xyz:TSLA") == nil)
    }

    @Test func overridesReplaceTheDefaultOrRemoveTheListing() throws {
        let map = try BinanceSymbolMap(coins: ["BTC", "HYPE", "ETH"],
                                       overrides: [try .init(parsing: "BTC=btcusdc"), try .init(parsing: "HYPE=none")])
        #expect(map.listings == [.init(coin: "BTC", symbol: "BTCUSDC"), .init(coin: "ETH", symbol: "ETHUSDT")])
        #expect(map.unlisted.map(\.coin) == ["HYPE"])
        #expect(map.unlisted[0].reason == "--reference-symbol HYPE=none")
    }

    @Test(arguments: ["BTC", "=BTCUSDT", "BTC=", "BTC=BTC-USDT", "BTC=BTC USDT"])
    func badOverridesAreRefused(text: String) {
        #expect(throws: BinanceSymbolMapError.badOverride(text)) { try BinanceSymbolOverride(parsing: text) }
    }

    @Test func mappingsThatCannotWorkAreRefused() throws {
        #expect(throws: BinanceSymbolMapError.unknownCoin("SOL", traded: ["BTC"])) {
            try BinanceSymbolMap(coins: ["BTC"], overrides: [try .init(parsing: "SOL=SOLUSDT")])
        }
        #expect(throws: BinanceSymbolMapError.duplicateOverride("BTC")) {
            try BinanceSymbolMap(coins: ["BTC"], overrides: [try .init(parsing: "BTC=none"), try .init(parsing: "BTC=BTCUSDT")])
        }
        #expect(throws: BinanceSymbolMapError.sharedSymbol("BTCUSDT", coins: ["BTC", "UBTC"])) {
            try BinanceSymbolMap(coins: ["BTC", "UBTC"], overrides: [try .init(parsing: "UBTC=BTCUSDT")])
        }
    }

    @Test func streamsBuildTheCombinedURLAndTheSubscribeRequest() throws {
        let map = try BinanceSymbolMap(coins: ["BTC", "xyz:TSLA", "ETH"])
        let streams = BinanceStreams(symbols: map)
        #expect(streams.names == ["btcusdt@bookTicker", "btcusdt@aggTrade", "ethusdt@bookTicker", "ethusdt@aggTrade"])
        #expect(streams.combinedURL() == "wss://fstream.binance.com/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade/ethusdt@bookTicker/ethusdt@aggTrade")
        #expect(streams.combinedURL(base: "ws://127.0.0.1:9000/") == "ws://127.0.0.1:9000/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade/ethusdt@bookTicker/ethusdt@aggTrade")
        #expect(streams.combinedURL(base: "ws://h/binance/stream").hasPrefix("ws://h/binance/stream?streams="))
        #expect(streams.subscribeRequest(id: 1) == #"{"method":"SUBSCRIBE","params":["btcusdt@bookTicker","btcusdt@aggTrade","ethusdt@bookTicker","ethusdt@aggTrade"],"id":1}"#)
        #expect(BinanceStreams(symbols: map, trades: .trade).names[1] == "btcusdt@trade")
        #expect(BinanceStreams(symbols: try BinanceSymbolMap(coins: ["xyz:TSLA"])).isEmpty)
    }
}
