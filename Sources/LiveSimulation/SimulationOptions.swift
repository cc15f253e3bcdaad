import Foundation

/// The classes of faults a simulation throws at the live loop.
public enum FaultClass: String, Sendable, CaseIterable, Comparable {
    /// Feeds dropped and stalled (half-open links that only a ping timeout reveals),
    /// HTTP 5xx, transport errors and timeouts after which the request did or did not
    /// take effect, answers delayed out of order.
    case network
    /// HTTP 429 and the address rate-limit error, delayed cancels (cancel-fill races),
    /// rejected modifies, operator kill drills.
    case venue
    /// The process dies at random points and restarts from its journal directory and
    /// checkpoint: its state is lost, the venue's is kept.
    case crash

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `none`, `all`, one class, or several separated by commas.
    public static func parse(_ text: String) -> Set<FaultClass>? {
        var classes: Set<FaultClass> = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch part {
            case "none": continue
            case "all": classes.formUnion(Self.allCases)
            default:
                guard let one = FaultClass(rawValue: part) else { return nil }
                classes.insert(one)
            }
        }
        return classes
    }
}

/// One simulated session.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    public var faults: Set<FaultClass>
    /// Virtual seconds of trading before the orderly shutdown.
    public var duration: Int64
    /// A directory to keep this seed's journals and checkpoint in (else a temporary one,
    /// removed afterwards).
    public var keepDirectory: String?
    /// How long a difference between the engine and the venue may last before it is a
    /// violation (reconciliation every 15 s, a grace of 5 s, retries), virtual seconds.
    public var reconciliationWindow: Int64 = 60
    /// How long after a kill nothing of ours may be open at the venue, virtual seconds.
    public var killFlatWindow: Int64 = 60
    /// Journal every session (off only to measure the journal's cost).
    public var journal = true
    /// Measure tick-to-order: the time `LiveDriver.handle` takes for a frame that leads to
    /// a request (decode, journal, engine, requests built, nonces taken).
    public var measureTickToOrder = false

    public init(seed: UInt64, faults: Set<FaultClass>, duration: Int64, keepDirectory: String? = nil) {
        self.seed = seed
        self.faults = faults
        self.duration = duration
        self.keepDirectory = keepDirectory
    }
}
