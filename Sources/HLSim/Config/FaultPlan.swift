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
    /// Reference feed down (its connections dropped, new ones refused) from this long
    /// after start ...
    public var dropReferenceAfterMilliseconds: Int64?
    /// ... for this long (for ever when nil).
    public var dropReferenceForMilliseconds: Int64?
    /// Reference feed silent (connections stay open, no frames) from this long after
    /// start ...
    public var stallReferenceAfterMilliseconds: Int64?
    /// ... for this long (for ever when nil).
    public var stallReferenceForMilliseconds: Int64?
    /// Send this share (0...1) of reference frames malformed (cut short: not JSON);
    /// picked by a seeded PRNG of their own.
    public var malformedReferenceShare: Double = 0

    public init() {}

    /// Whether the market feed is stalled at `elapsed` milliseconds after start.
    public func isFeedStalled(elapsedMilliseconds elapsed: Int64) -> Bool {
        Self.isWithin(elapsed, after: self.stallFeedAfterMilliseconds, for: self.stallFeedForMilliseconds)
    }

    /// Whether the reference feed is down (dropped, refusing connections) at `elapsed`
    /// milliseconds after start.
    public func isReferenceDropped(elapsedMilliseconds elapsed: Int64) -> Bool {
        Self.isWithin(elapsed, after: self.dropReferenceAfterMilliseconds, for: self.dropReferenceForMilliseconds)
    }

    /// Whether the reference feed is stalled (connected, silent) at `elapsed` milliseconds
    /// after start.
    public func isReferenceStalled(elapsedMilliseconds elapsed: Int64) -> Bool {
        Self.isWithin(elapsed, after: self.stallReferenceAfterMilliseconds, for: self.stallReferenceForMilliseconds)
    }

    /// Whether `elapsed` falls in the window that opens at `start` and lasts `length`
    /// (for ever when nil); never when `start` is nil.
    static func isWithin(_ elapsed: Int64, after start: Int64?, for length: Int64?) -> Bool {
        guard let start, elapsed >= start else { return false }
        guard let length else { return true }
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
        if let after = self.dropReferenceAfterMilliseconds {
            parts.append("drop reference after \(after) ms" + (self.dropReferenceForMilliseconds.map { " for \($0) ms" } ?? " for good"))
        }
        if let after = self.stallReferenceAfterMilliseconds {
            parts.append("stall reference after \(after) ms" + (self.stallReferenceForMilliseconds.map { " for \($0) ms" } ?? " for good"))
        }
        if self.malformedReferenceShare > 0 { parts.append("malformed reference frames \(self.malformedReferenceShare)") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
