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

/// Every fault knob of a simulation; ``init(classes:)`` sets them for fault classes, a
/// test may set them one by one. Shares are probabilities per request; means are the
/// average virtual seconds between events (nil: never).
public struct FaultSettings: Sendable, Equatable {
    // Network.
    public var feedDropMeanSeconds: Int64?
    /// Half-open links: the connection stays "up" but nothing gets through.
    public var feedStallMeanSeconds: Int64?
    /// Connects refused for 5 to 40 s.
    public var connectRefusalMeanSeconds: Int64?
    /// One stall of the venue's market data itself (10 to 45 s).
    public var marketStall = false
    public var lostBeforeShare = 0.0
    public var lostAfterShare = 0.0
    public var gatewayErrorShare = 0.0
    /// Answers delayed by 0.1 to 2 s (so they arrive out of order).
    public var reorderShare = 0.0
    public var infoFailureShare = 0.0
    // Venue.
    public var tooManyRequestsShare = 0.0
    public var infoTooManyRequestsShare = 0.0
    /// Cancels take effect this long after they arrive (a value is drawn from the range).
    public var cancelDelayMilliseconds: ClosedRange<Int64>?
    public var modifyRejectionShare = 0.0
    public var addressLimitShare = 0.0
    public var operatorKillMeanSeconds: Int64?
    // Crash.
    public var crashMeanSeconds: Int64?

    /// No faults.
    public init() {}

    /// The faults of `classes`.
    public init(classes: Set<FaultClass>) {
        if classes.contains(.network) {
            self.feedDropMeanSeconds = 150
            self.feedStallMeanSeconds = 240
            self.connectRefusalMeanSeconds = 300
            self.marketStall = true
            self.lostBeforeShare = 0.02
            self.lostAfterShare = 0.02
            self.gatewayErrorShare = 0.02
            self.reorderShare = 0.1
            self.infoFailureShare = 0.02
        }
        if classes.contains(.venue) {
            self.tooManyRequestsShare = 0.02
            self.infoTooManyRequestsShare = 0.01
            self.cancelDelayMilliseconds = 100...1_000
            self.modifyRejectionShare = 0.05
            self.addressLimitShare = 0.01
            self.operatorKillMeanSeconds = 300
        }
        if classes.contains(.crash) {
            self.crashMeanSeconds = 180
        }
    }

    /// Whether any fault is on.
    public var any: Bool { self != FaultSettings() }
}

/// One simulated session.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    public var faults: FaultSettings
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
    /// Write every frame the client receives to this file as a raw WebSocket capture
    /// (`<receive ns> <frame>` per line), as a recorder next to the session would.
    public var capturePath: String?

    public init(seed: UInt64, faults: Set<FaultClass>, duration: Int64, keepDirectory: String? = nil) {
        self.init(seed: seed, settings: FaultSettings(classes: faults), duration: duration, keepDirectory: keepDirectory)
    }

    public init(seed: UInt64, settings: FaultSettings, duration: Int64, keepDirectory: String? = nil) {
        self.seed = seed
        self.faults = settings
        self.duration = duration
        self.keepDirectory = keepDirectory
    }
}
