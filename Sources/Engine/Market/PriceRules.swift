/// Hyperliquid's price and size rules for one perpetual.
///
/// Prices have at most 5 significant figures and at most `6 - szDecimals` decimals;
/// whole-number prices are always allowed. Sizes are multiples of `10^-szDecimals`.
public struct PriceRules: Sendable, Equatable, Codable {
    /// Hyperliquid's szDecimals.
    public var sizeDecimals: Int

    public init(sizeDecimals: Int) { self.sizeDecimals = max(0, min(8, sizeDecimals)) }

    /// The raw size of one lot.
    public var lotRaw: Int64 {
        var raw = FixedPoint.scale
        for _ in 0..<self.sizeDecimals { raw /= 10 }
        return raw
    }

    /// The price tick (raw units) at `price`.
    public func tickRaw(at price: Price) -> Int64 {
        var digits = 0
        var raw = max(price.rawValue.magnitude, 1)
        while raw > 0 { raw /= 10; digits += 1 }
        var tick: Int64 = 1
        for _ in 0..<max(0, digits - 5) { tick *= 10 }
        var minimum: Int64 = 1
        for _ in 0..<min(8, 2 + self.sizeDecimals) { minimum *= 10 }
        return min(max(tick, minimum), FixedPoint.scale)
    }

    /// The largest valid price at or below `raw` (raw units), or `nil` when not positive.
    public func priceAtOrBelow(raw: Int64) -> Price? {
        guard raw > 0 else { return nil }
        let tick = self.tickRaw(at: Price(rawValue: raw))
        let rounded = raw - raw % tick
        if rounded <= 0 { return nil }
        // Rounding down can cross a power of ten and change the tick: re-round.
        let again = self.tickRaw(at: Price(rawValue: rounded))
        return Price(rawValue: rounded - rounded % again)
    }

    /// The smallest valid price at or above `raw` (raw units), or `nil` when not positive.
    public func priceAtOrAbove(raw: Int64) -> Price? {
        guard raw > 0 else { return nil }
        let tick = self.tickRaw(at: Price(rawValue: raw))
        let remainder = raw % tick
        let (rounded, overflow) = raw.addingReportingOverflow(remainder == 0 ? 0 : tick - remainder)
        return overflow ? nil : Price(rawValue: rounded)
    }

    /// Whether `price` satisfies the rules.
    public func isValid(_ price: Price) -> Bool {
        price.rawValue > 0 && price.rawValue % self.tickRaw(at: price) == 0
    }

    /// `size` rounded down to whole lots.
    public func sizeRoundedDown(_ size: Size) -> Size {
        Size(rawValue: size.rawValue - size.rawValue % self.lotRaw)
    }
}
