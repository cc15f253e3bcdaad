import Engine

/// One account's position in one coin with its average entry price, as the exchange
/// reports it in `clearinghouseState`; also works out each fill's `closedPnl` and `dir`.
struct PositionLedger: Sendable {
    /// Signed size, raw fixed-point.
    private(set) var size: Int64 = 0
    /// Average entry price of the open position.
    private(set) var entryPrice = 0.0
    /// Funding paid (positive) or received since the position opened.
    private(set) var fundingSinceOpen = 0.0
    private(set) var fundingAllTime = 0.0

    /// Applies a fill; returns the PnL it realized and the exchange's direction label.
    mutating func apply(side: Side, price: Double, size raw: Int64) -> (closedPnl: Double, direction: String) {
        let signed = side == .bid ? raw : -raw
        let before = self.size
        let after = before + signed
        let quantity = Double(raw) / Double(FixedPoint.scale)
        var closed = 0.0
        let direction: String
        if before == 0 || (before > 0) == (signed > 0) {
            // Opening or adding.
            let held = Double(before.magnitude) / Double(FixedPoint.scale)
            self.entryPrice = (self.entryPrice * held + price * quantity) / (held + quantity)
            direction = signed > 0 ? "Open Long" : "Open Short"
        } else {
            let closing = Double(min(raw.magnitude, before.magnitude)) / Double(FixedPoint.scale)
            closed = before > 0 ? (price - self.entryPrice) * closing : (self.entryPrice - price) * closing
            if after != 0 && (after > 0) != (before > 0) {
                direction = before > 0 ? "Long > Short" : "Short > Long"
                self.entryPrice = price
                self.fundingSinceOpen = 0
            } else {
                direction = before > 0 ? "Close Long" : "Close Short"
                if after == 0 { self.entryPrice = 0; self.fundingSinceOpen = 0 }
            }
        }
        self.size = after
        return (closed, direction)
    }

    /// Books a funding payment (positive: paid by this account).
    mutating func pay(funding amount: Double) {
        self.fundingSinceOpen += amount
        self.fundingAllTime += amount
    }
}
