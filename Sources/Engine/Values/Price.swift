/// A price in quote currency (USDC), exact to 10⁻⁸.
///
/// Parsed from the exchange's decimal strings with ``FixedPointDecimal/init(parsing:)``;
/// never derived from a `Double` that went through text.
public struct Price: FixedPointDecimal {
    public var rawValue: Int64
    /// Creates a price from a count of 10⁻⁸ units.
    public init(rawValue: Int64) { self.rawValue = rawValue }
}

extension Price {
    /// The notional value `price × size` in quote currency, rounded toward zero to 10⁻⁸,
    /// or `nil` when it does not fit.
    public func notional(of size: Size) -> Amount? {
        let product = self.rawValue.multipliedFullWidth(by: size.rawValue)
        let wide = (high: product.high, low: product.low)
        // Divide the 128-bit product by the scale; (high, low) is two's complement.
        let negative = wide.high < 0
        var hi = UInt64(bitPattern: wide.high)
        var lo = wide.low
        if negative {  // negate the 128-bit value
            lo = ~lo &+ 1
            hi = ~hi &+ (lo == 0 ? 1 : 0)
        }
        let scale = UInt64(FixedPoint.scale)
        guard hi < scale else { return nil }
        let (q, _) = scale.dividingFullWidth((high: hi, low: lo))
        guard q <= UInt64(Int64.max) else { return nil }
        return Amount(rawValue: negative ? -Int64(q) : Int64(q))
    }
}
