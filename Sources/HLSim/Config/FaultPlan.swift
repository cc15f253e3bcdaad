/// Faults hl-sim injects on purpose, to exercise a client's failure handling. All
/// default to off. Times are in milliseconds.
public struct FaultPlan: Sendable, Equatable {
    /// Close every WebSocket connection this often (no close frame: the TCP connection
    /// drops, as when a server goes away).
    public var dropConnectionsEveryMilliseconds: Int64?
    /// Stop sending market data (l2Book, trades, bbo, allMids) from this long after
    /// start ...
    public var stallFeedAfterMilliseconds: Int64?
    /// ... for this long (for ever when nil).
    public var stallFeedForMilliseconds: Int64?
    /// Added before every `/exchange` action is processed and answered.
    public var extraLatencyMilliseconds: Int64 = 0
    /// Refuse this share (0...1) of `/exchange` actions with the exchange's address
    /// rate-limit error; picked by the seeded PRNG.
    public var rateLimitRejectionShare: Double = 0
    /// Cancels (cancel, cancelByCloid) take effect this much later than they arrive,
    /// while fills keep happening: provokes cancel-fill races.
    public var cancelDelayMilliseconds: Int64 = 0
    /// Refuse this share (0...1) of modify actions (the order stays as it was); picked by
    /// the seeded PRNG.
    public var modifyRejectionShare: Double = 0

    public init() {}

    /// Whether the market feed is stalled at `elapsed` milliseconds after start.
    public func isFeedStalled(elapsedMilliseconds elapsed: Int64) -> Bool {
        guard let start = self.stallFeedAfterMilliseconds, elapsed >= start else { return false }
        guard let length = self.stallFeedForMilliseconds else { return true }
        return elapsed - start < length
    }

    /// One line naming the active faults, for the startup log ("none" when off).
    public var summary: String {
        var parts: [String] = []
        if let every = self.dropConnectionsEveryMilliseconds { parts.append("drop connections every \(every) ms") }
        if let after = self.stallFeedAfterMilliseconds {
            parts.append("stall feed after \(after) ms" + (self.stallFeedForMilliseconds.map { " for \($0) ms" } ?? " for good"))
        }
        if self.extraLatencyMilliseconds > 0 { parts.append("extra latency \(self.extraLatencyMilliseconds) ms") }
        if self.rateLimitRejectionShare > 0 { parts.append("rate-limit rejections \(self.rateLimitRejectionShare)") }
        if self.cancelDelayMilliseconds > 0 { parts.append("cancels delayed \(self.cancelDelayMilliseconds) ms") }
        if self.modifyRejectionShare > 0 { parts.append("modify rejections \(self.modifyRejectionShare)") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
