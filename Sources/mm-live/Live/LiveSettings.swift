import ArgumentParser
import Engine
import Live

/// What to do with orders found open at start (left by an earlier run).
enum OrphanPolicy: String, Sendable, ExpressibleByArgument, CaseIterable {
    /// Cancel them before quoting.
    case cancel
    /// Adopt them: the engine tracks and manages them (moves or cancels them like its own).
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
    var profile: EngineConfig.Profile
    var duration: Double?
    var metricsPort: Int?
    var address: String?
    var orphans: OrphanPolicy
    /// The kill-switch checkpoint file (nil in record mode, which never trades).
    var checkpointPath: String?
    /// The token operator commands need (nil: they are disabled). Never logged.
    var operatorToken: String?
    /// The cross-venue reference feed (nil: `--reference none`).
    var reference: ReferenceFeedSettings?
}
extension EngineConfig.Profile: ExpressibleByArgument {}
