/// An invariant that did not hold.
public struct Violation: Sendable, Equatable {
    public var seed: UInt64
    /// The invariant's name (see ``Invariant``).
    public var invariant: String
    /// Virtual seconds since the session's start.
    public var time: Double
    public var detail: String
}

/// The invariants a simulation checks, continuously and at the end.
public enum Invariant: String, CaseIterable, Sendable {
    /// After the reconciliation window, every order of ours resting at the venue is
    /// tracked by the engine, and every order the engine holds as resting is at the venue.
    case ordersTracked = "orders_tracked"
    /// After the reconciliation window, the engine's position equals the venue's.
    case positionMatches = "position_matches"
    /// After a kill (or a shutdown), nothing that adds exposure (a place, a modify) is
    /// sent.
    case noExposureAfterKill = "no_exposure_after_kill"
    /// Some time after a kill, nothing of ours is open at the venue.
    case flatAfterKill = "flat_after_kill"
    /// A kill survives any crash and restart (within 24 h).
    case killSurvivesRestart = "kill_survives_restart"
    /// Every venue fill is in the engine's position exactly once: booked, or already in a
    /// position adopted from the venue, never both, never twice.
    case fillsBookedOnce = "fills_booked_once"
    /// Every journal written verifies bit for bit (`mm-replay verify`).
    case journalsVerify = "journals_verify"
    /// The orderly shutdown at the end cancels everything, confirmed by the venue.
    case cleanShutdown = "clean_shutdown"
    /// The start-up refuses nothing it should accept (a checkpoint written by the session
    /// itself reads back).
    case checkpointReadable = "checkpoint_readable"
}

/// What one seed's session did.
public struct SimulationReport: Sendable {
    public var seed: UInt64
    public var violations: [Violation] = []
    /// Orders that reached the venue.
    public var orders = 0
    /// Fills of the account at the venue.
    public var fills = 0
    /// Fills that left part of their order open.
    public var partialFills = 0
    public var crashes = 0
    /// Requests whose outcome the driver did not learn from the answer.
    public var unknownOutcomes = 0
    /// Differences with the venue the engines resolved.
    public var reconciliationFixes = 0
    /// Kill-switch trips.
    public var kills = 0
    /// Feed connections dropped or stalled by the faults.
    public var feedFaults = 0
    /// The journals written, in order.
    public var journals: [String] = []
    /// The session's last log lines (for a failing seed).
    public var logTail: [String] = []
    /// Tick-to-order latencies (µs), when measured.
    public var tickToOrder: [Double] = []

    public init(seed: UInt64) { self.seed = seed }
}
