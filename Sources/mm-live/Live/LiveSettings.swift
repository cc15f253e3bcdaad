import ArgumentParser
import Live

/// The three ways to run the market maker.
enum LiveMode: String, Sendable {
    /// Market data (and, with an address, the account's streams); no orders.
    case record
    /// The engine on live data against the simulated exchange; no orders.
    case paper
    /// Real orders.
    case run
}

/// What to do with orders found open at start (left by an earlier run).
enum OrphanPolicy: String, Sendable, ExpressibleByArgument, CaseIterable {
    /// Cancel them before quoting.
    case cancel
    /// Leave them: the engine sees them in the start-up account snapshot.
    case adopt
}

/// Everything a live session is started with.
struct LiveSettings: Sendable {
    var mode: LiveMode
    var network: LiveNetwork
    var coins: [String]
    var journalPath: String
    /// A directory of hourly segments instead of one file.
    var rotateJournal: Bool
    var configPath: String?
    var duration: Double?
    var metricsPort: Int?
    var address: String?
    var orphans: OrphanPolicy
    var checkpointPath: String
}
