/// An order, trade or position size in base units (contracts), exact to 10⁻⁸.
///
/// Signed: positions and `startPosition` fields are negative for shorts.
public struct Size: FixedPointDecimal {
    public var rawValue: Int64
    /// Creates a size from a count of 10⁻⁸ units.
    public init(rawValue: Int64) { self.rawValue = rawValue }
}
