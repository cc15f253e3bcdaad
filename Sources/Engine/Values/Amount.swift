/// An amount of quote currency (USDC): fees, PnL, account value, funding. Exact to 10⁻⁸.
public struct Amount: FixedPointDecimal {
    public var rawValue: Int64
    /// Creates an amount from a count of 10⁻⁸ units.
    public init(rawValue: Int64) { self.rawValue = rawValue }
}
