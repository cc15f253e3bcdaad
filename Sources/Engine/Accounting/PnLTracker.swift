/// Position and PnL of one coin with average-cost accounting, exact in fixed point.
///
/// `costBasis` is the signed notional of the open position (positive long); realized
/// PnL is booked when a fill reduces the position, at the average cost.
package struct PnLTracker: Sendable, Equatable, Codable {
    package private(set) var position: Size = .zero
    package private(set) var costBasis: Amount = .zero
    package private(set) var realized: Amount = .zero
    package private(set) var fees: Amount = .zero
    package private(set) var funding: Amount = .zero
    /// Traded notional.
    package private(set) var volume: Amount = .zero
    package private(set) var fills: UInt64 = 0

    package init() {}

    /// The average entry price, or `nil` when flat.
    package var averageEntry: Double? {
        self.position.rawValue == 0 ? nil : self.costBasis.doubleValue / self.position.doubleValue
    }

    /// Books a fill: `side` is ours, `fee` what we paid (negative: rebate).
    package mutating func applyFill(side: Side, price: Price, size: Size, fee: Amount) {
        let signed = side == .bid ? size.rawValue : -size.rawValue
        let notional = price.notional(of: size) ?? .zero
        self.volume = self.volume.adding(notional) ?? self.volume
        self.fees = self.fees.adding(fee) ?? self.fees
        self.fills += 1
        var remaining = signed
        let position = self.position.rawValue
        if position != 0 && (position > 0) != (signed > 0) {
            // Reduce (and maybe flip): close min(|fill|, |position|) at average cost.
            let closing = min(signed.magnitude, position.magnitude)
            let portion = Self.scale(self.costBasis.rawValue, by: closing, over: position.magnitude)
            let proceeds = (price.notional(of: Size(rawValue: Int64(closing))) ?? .zero).rawValue
            // Long: sold `closing` for proceeds; short: bought back for proceeds.
            let pnl = position > 0 ? Amount(rawValue: proceeds) - Amount(rawValue: portion)
                                   : Amount(rawValue: 0) - Amount(rawValue: portion) - Amount(rawValue: proceeds)
            self.realized = self.realized.adding(pnl) ?? self.realized
            self.costBasis = self.costBasis - Amount(rawValue: portion)
            self.position = Size(rawValue: position) + Size(rawValue: signed > 0 ? Int64(closing) : -Int64(closing))
            remaining = signed > 0 ? signed - Int64(closing) : signed + Int64(closing)
        }
        if remaining != 0 {
            let opened = price.notional(of: Size(rawValue: remaining < 0 ? -remaining : remaining)) ?? .zero
            self.costBasis = self.costBasis + Amount(rawValue: remaining > 0 ? opened.rawValue : -opened.rawValue)
            self.position = self.position + Size(rawValue: remaining)
        }
        if self.position.rawValue == 0 { self.costBasis = .zero }
    }

    /// Books a funding payment (positive: received).
    package mutating func applyFunding(_ amount: Amount) {
        self.funding = self.funding.adding(amount) ?? self.funding
    }

    /// Replaces the position with the exchange's (reconciliation); the cost basis moves
    /// to `entry` (or the mid) for the new size.
    package mutating func adoptPosition(_ size: Size, entry: Double) {
        self.position = size
        self.costBasis = Amount(rawValue: Int64(saturating: (size.doubleValue * entry * Double(FixedPoint.scale)).rounded()))
    }

    /// Mark-to-market PnL of the open position at `mid`.
    package func unrealized(mid: Double) -> Double {
        self.position.doubleValue * mid - self.costBasis.doubleValue
    }

    /// Realized + unrealized + funding − fees, at `mid`.
    package func total(mid: Double) -> Double {
        self.realized.doubleValue + self.unrealized(mid: mid) + self.funding.doubleValue - self.fees.doubleValue
    }

    /// value × numerator / denominator with a 128-bit intermediate, rounded toward zero.
    static func scale(_ value: Int64, by numerator: UInt64, over denominator: UInt64) -> Int64 {
        guard denominator != 0 else { return 0 }
        let product = value.magnitude.multipliedFullWidth(by: numerator)
        guard product.high < denominator else { return value < 0 ? Int64.min + 1 : Int64.max }
        let (quotient, _) = denominator.dividingFullWidth(product)
        let magnitude = Int64(clamping: quotient)
        return value < 0 ? -magnitude : magnitude
    }
}
