/// The latching emergency stop: once tripped it stays tripped, whatever the monitors
/// say later, until an `operator` reset event (journaled, so replays see it).
package struct KillSwitch: Sendable, Equatable, Codable {
    package private(set) var reasons: [KillReason] = []
    /// Virtual time of the first trigger.
    package private(set) var triggeredAt: Int64?

    package init() {}

    package var isTriggered: Bool { self.triggeredAt != nil }

    /// Trips the switch (again, with one more reason, if already tripped). Returns
    /// whether this is a new reason.
    @discardableResult
    package mutating func trigger(_ reason: KillReason, at time: Int64) -> Bool {
        if self.triggeredAt == nil { self.triggeredAt = time }
        if self.reasons.contains(where: { $0.name == reason.name }) { return false }
        self.reasons.append(reason)
        return true
    }

    /// Resets the switch: only an operator event calls this.
    package mutating func reset() {
        self.reasons = []
        self.triggeredAt = nil
    }

    /// The checkpoint to persist.
    package func checkpoint(at time: Int64) -> KillSwitchCheckpoint {
        KillSwitchCheckpoint(triggered: self.isTriggered, reasons: self.reasons, time: time, triggeredAt: self.triggeredAt)
    }

    /// Restores a checkpoint whose trip is less than `maxAge` ns before `now`: its
    /// non-transient reasons re-trigger the switch, which keeps the checkpoint's trip
    /// time (so the age rule counts from the first trip, however often the session
    /// restarts). Older trips are ignored. Returns whether the switch is tripped
    /// afterwards.
    @discardableResult
    package mutating func restore(_ checkpoint: KillSwitchCheckpoint, now: Int64, maxAge: Int64) -> Bool {
        let tripTime = checkpoint.tripTime
        let (difference, overflow) = now.subtractingReportingOverflow(tripTime)
        let age = tripTime >= now ? 0 : (overflow ? Int64.max : difference)
        guard checkpoint.triggered, age < maxAge else { return self.isTriggered }
        for reason in checkpoint.reasons where !reason.isTransient { self.trigger(reason, at: min(now, tripTime)) }
        return self.isTriggered
    }

    /// A summary whose drawdown is (peak − PnL) / account value, and only when the peak
    /// is at least `minPeak` (the runbook's display formula divided by the peak PnL and
    /// could show 748% for a $0.02 peak).
    package static func drawdown(peak: Double, pnl: Double, accountValue: Double?, minPeak: Double) -> Double? {
        guard let accountValue, accountValue > 0, peak >= minPeak else { return nil }
        return max(0, peak - pnl) / accountValue
    }
}
