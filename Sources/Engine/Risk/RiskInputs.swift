/// What the monitors look at, gathered by the engine once per quote cycle and coin.
public struct RiskInputs: Sendable, Equatable {
    /// Today's PnL (since UTC midnight of the virtual clock), quote currency.
    public var dailyPnL: Double = 0
    public var pnl: Double = 0
    public var peakPnL: Double = 0
    public var accountValue: Double?
    /// |position| × mid of this coin.
    public var positionValue: Double = 0
    /// |position change| over the last minute, as a fraction of max_inventory.
    public var positionVelocity: Double = 0
    /// Seconds since the last book; `nil` before the first.
    public var dataAge: Double?
    /// Consecutive reconnect attempts of the market-data feed (0: connected).
    public var reconnectAttempts: Int64 = 0
    /// Whether a feed gave up reconnecting.
    public var connectionFailed = false
    public var cascadeSeverity: Double = 0
    /// |mid move| per second, as a fraction.
    public var priceVelocity: Double = 0
    /// Rate-limit rejections within the window.
    public var rateLimitErrors: Int64 = 0

    public init() {}
}
