/// One perpetual listed by hl-sim: its `meta` row.
public struct SimulatedCoin: Sendable, Equatable {
    /// The asset name ("BTC"); its index in the list is the asset id.
    public var name: String
    /// Hyperliquid's `szDecimals`.
    public var sizeDecimals: Int
    /// The highest leverage `updateLeverage` accepts.
    public var maxLeverage: Int

    public init(name: String, sizeDecimals: Int, maxLeverage: Int) {
        self.name = name
        self.sizeDecimals = sizeDecimals
        self.maxLeverage = maxLeverage
    }
}
