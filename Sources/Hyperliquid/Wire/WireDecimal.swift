import Engine

/// Prices and sizes as the exchange expects them in actions: decimal strings with at most
/// 8 decimals, trailing zeros and a trailing point stripped, never `-0`, on the asset's
/// tick and lot grid (at most 5 significant figures and `6 - szDecimals` decimals for
/// perpetual prices; whole lots of `10^-szDecimals` for sizes).
public enum WireDecimal {
    /// The wire text of an exact value (`105055`, `0.00076`, `0`).
    public static func text(of value: some FixedPointDecimal) -> String {
        value.description
    }

    /// `price` moved onto the asset's price grid on the passive side: bids round down,
    /// asks round up, so rounding never makes a quote more aggressive. `nil` when no
    /// positive valid price exists there.
    public static func price(_ price: Price, rules: PriceRules, side: Side) -> Price? {
        switch side {
        case .bid: rules.priceAtOrBelow(raw: price.rawValue)
        case .ask: rules.priceAtOrAbove(raw: price.rawValue)
        }
    }

    /// `size` rounded down to whole lots; `nil` when that leaves nothing to send.
    public static func size(_ size: Size, rules: PriceRules) -> Size? {
        let rounded = rules.sizeRoundedDown(size)
        return rounded.rawValue > 0 ? rounded : nil
    }
}
