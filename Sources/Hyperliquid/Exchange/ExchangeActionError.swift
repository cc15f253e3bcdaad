import Engine

/// Why an engine command could not become an `/exchange` action. The engine only emits
/// orders on the grid; these errors mean a bug or a stale `meta`, never something to round
/// away silently.
public enum ExchangeActionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The coin is not in the asset directory (stale or wrong `meta`).
    case unknownCoin(String)
    /// The price is not on the asset's tick grid.
    case priceOffGrid(coin: String, price: Price)
    /// The size is zero or not a whole number of lots.
    case sizeOffLot(coin: String, size: Size)
    /// An action needs at least one order or cancel.
    case empty

    public var description: String {
        switch self {
        case .unknownCoin(let coin): return "unknown coin \(coin): not in the exchange's meta (refresh it)"
        case .priceOffGrid(let coin, let price): return "\(coin) price \(price) is not on the tick grid (5 significant figures, 6 - szDecimals decimals)"
        case .sizeOffLot(let coin, let size): return "\(coin) size \(size) is zero or not a whole number of lots"
        case .empty: return "an action needs at least one order or cancel"
        }
    }
}
