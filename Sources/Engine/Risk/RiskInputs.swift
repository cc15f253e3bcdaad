/// What the monitors look at, gathered by the engine once per quote cycle and coin.
package struct RiskInputs: Sendable, Equatable {
    /// Today's PnL (since UTC midnight of the virtual clock), quote currency.
    package var dailyPnL: Double = 0
    package var pnl: Double = 0
    package var peakPnL: Double = 0
    package var accountValue: Double?
    /// |position| × mid of this coin.
    package var positionValue: Double = 0
    /// |position change| over the last minute, as a fraction of max_inventory.
    package var positionVelocity: Double = 0
    /// Seconds since the last book; `nil` before the first.
    package var dataAge: Double?
    /// Consecutive reconnect attempts of the market-data feed (0: connected).
    package var reconnectAttempts: Int64 = 0
    /// Whether a feed gave up reconnecting.
    package var connectionFailed = false
    package var cascadeSeverity: Double = 0
    /// |mid move| per second, as a fraction.
    package var priceVelocity: Double = 0
    /// Rate-limit rejections within the window.
    package var rateLimitErrors: Int64 = 0

    package init() {}
}
