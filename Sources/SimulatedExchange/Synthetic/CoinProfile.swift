import Engine

/// The trading rules and typical figures of one perpetual, for synthetic data.
public struct CoinProfile: Sendable, Equatable {
    public var coin: String
    /// Hyperliquid's `szDecimals`: sizes are multiples of 10^-szDecimals.
    public var sizeDecimals: Int
    /// Where the random walk starts.
    public var startPrice: Price
    /// Typical resting size per level, in lots.
    public var typicalLots: Int64

    public init(coin: String, sizeDecimals: Int, startPrice: Price, typicalLots: Int64) {
        self.coin = coin
        self.sizeDecimals = sizeDecimals
        self.startPrice = startPrice
        self.typicalLots = typicalLots
    }

    /// Known profiles for common coins; others get a generic mid-priced profile.
    public static func named(_ coin: String) -> CoinProfile {
        switch coin {
        case "BTC": return CoinProfile(coin: coin, sizeDecimals: 5, startPrice: Price(rawValue: 105_000 * FixedPoint.scale), typicalLots: 20_000)
        case "ETH": return CoinProfile(coin: coin, sizeDecimals: 4, startPrice: Price(rawValue: 3_300 * FixedPoint.scale), typicalLots: 30_000)
        case "SOL": return CoinProfile(coin: coin, sizeDecimals: 2, startPrice: Price(rawValue: 250 * FixedPoint.scale), typicalLots: 5_000)
        case "HYPE": return CoinProfile(coin: coin, sizeDecimals: 2, startPrice: Price(rawValue: 25 * FixedPoint.scale), typicalLots: 20_000)
        default: return CoinProfile(coin: coin, sizeDecimals: 1, startPrice: Price(rawValue: 12 * FixedPoint.scale), typicalLots: 5_000)
        }
    }

    /// The exchange's price and size rules for this coin.
    public var rules: PriceRules { PriceRules(sizeDecimals: self.sizeDecimals) }

    /// One lot (the smallest size step) as a raw fixed-point value.
    public var lotRaw: Int64 { self.rules.lotRaw }

    /// The price tick at `price` (see ``PriceRules/tickRaw(at:)``).
    public func tickRaw(at price: Price) -> Int64 { self.rules.tickRaw(at: price) }
}
