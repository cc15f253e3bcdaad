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

    /// The price tick (raw units) at `price`: 10^(digits - 5) raw units for a price of
    /// `digits` decimal digits (five significant figures), at least 10^(2 + szDecimals)
    /// (at most `6 - szDecimals` decimals), at most one whole unit.
    public func tickRaw(at price: Price) -> Int64 {
        let digits = Self.decimalDigits(max(price.rawValue.magnitude, 1))
        let tick = Self.powerOfTen(max(0, digits - 5))
        let minimum = Self.powerOfTen(min(8, 2 + self.sizeDecimals))
        return min(max(tick, minimum), FixedPoint.scale)
    }

    /// The number of decimal digits of `value` (>= 1): from its bit length, then one
    /// comparison (the quote cycle asks for ticks several times per cycle).
    @inline(__always)
    static func decimalDigits(_ value: UInt64) -> Int {
        let bits = UInt64.bitWidth - value.leadingZeroBitCount
        let lower = (bits * 1233) >> 12  // floor(log10(2^bits)), exact for bits <= 64
        return value >= Self.unsignedPowerOfTen(lower) ? lower + 1 : lower
    }

    /// 10^`exponent` for `exponent` in 0...18.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Int64 {
        Int64(Self.unsignedPowerOfTen(exponent))
    }

    /// 10^`exponent` for `exponent` in 0...19 (a table lookup).
    static func unsignedPowerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        case 4: return 10000
        case 5: return 100000
        case 6: return 1000000
        case 7: return 10000000
        case 8: return 100000000
        case 9: return 1000000000
        case 10: return 10000000000
        case 11: return 100000000000
        case 12: return 1000000000000
        case 13: return 10000000000000
        case 14: return 100000000000000
        case 15: return 1000000000000000
        case 16: return 10000000000000000
        case 17: return 100000000000000000
        case 18: return 1000000000000000000
        case 19: return 10000000000000000000
        default: preconditionFailure("10^\(exponent) does not fit 64 bits")
        }
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
