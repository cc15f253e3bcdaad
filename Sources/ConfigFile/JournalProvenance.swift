import Hashing
import Engine
import EngineJournal
import Journal

/// The one builder of journal headers: how a journal was made (its mode), the config that
/// ran and its hash, what it was made from, the kill-switch checkpoint it starts from.
///
/// Every command that writes a journal describes it here and takes ``metadata()``, so
/// `config` and `config_hash` always name the same config, the one whose commands the
/// journal holds: a journal derived from another (replay, backtest) records the config
/// it ran, and its parent's hash as `parent_config_hash`.
public struct JournalProvenance: Sendable {
    /// How the journal is made.
    public var mode: JournalMode
    /// The config that runs, recorded with its hash; `nil` when no engine runs (import,
    /// synthetic market data).
    public var config: EngineConfig?
    /// The coins, when no config names them (a config's coins win).
    public var coins: [String] = []
    /// The header of the journal this one is derived from: its venue, coins, engine
    /// version, clock anchor, host and flat details carry over (not its config, hash,
    /// sources or checkpoint: those describe how the parent was made).
    public var parent: JournalMetadata?
    /// The files it is made from (directories are dropped: only the names are kept, so
    /// the journal does not depend on where they were).
    public var sources: [String] = []
    /// The engine version, when not the parent's.
    public var engineVersion: String?
    /// Unix ns of virtual time 0, when not the parent's (live sessions and synthetic
    /// market data: 0).
    public var clockAnchorUnixNanos: Int64?
    /// The kill-switch checkpoint the engine starts from (a replay passes its parent's).
    public var checkpoint: KillSwitchCheckpoint?
    /// Flat details (`generator`, `seed`, `scenario`, `sim_seed`, `network`, `format`).
    public var details: [String: String] = [:]

    /// Describes a journal made in `mode`.
    public init(mode: JournalMode, config: EngineConfig? = nil, coins: [String] = [], parent: JournalMetadata? = nil,
                sources: [String] = [], engineVersion: String? = nil, clockAnchorUnixNanos: Int64? = nil,
                checkpoint: KillSwitchCheckpoint? = nil, details: [String: String] = [:]) {
        self.mode = mode
        self.config = config
        self.coins = coins
        self.parent = parent
        self.sources = sources
        self.engineVersion = engineVersion
        self.clockAnchorUnixNanos = clockAnchorUnixNanos
        self.checkpoint = checkpoint
        self.details = details
    }

    /// The extra keys that older builds used for what are now fields (`sources`,
    /// `kill_switch_checkpoint`).
    /// The parent's checkpoint is not inherited either: the header names only the one the
    /// engine started from.
    static let parentOnlyKeys: Set<String> = ["captures", "sources", KillSwitchCheckpoint.legacyHeaderKey]

    /// The header. Throws only when the checkpoint cannot be encoded.
    public func metadata() throws -> JournalMetadata {
        var metadata = JournalMetadata(venue: self.parent.map { $0.venue } ?? "hyperliquid", coins: self.parent?.coins ?? [])
        metadata.mode = self.mode
        metadata.engineVersion = self.engineVersion ?? self.parent?.engineVersion
        metadata.clockAnchorUnixNanos = self.clockAnchorUnixNanos ?? self.parent?.clockAnchorUnixNanos
        metadata.host = self.parent?.host
        if !self.coins.isEmpty { metadata.coins = self.coins }
        if let config = self.config {
            let text = ConfigFile.renderTOML(config)
            metadata.config = text
            metadata.configHash = Self.hash(ofConfigText: text)
            metadata.coins = config.coins.map(\.name)
        }
        if let parent = self.parent {
            metadata.parentConfigHash = parent.configHash ?? parent.config.map(Self.hash(ofConfigText:))
        }
        if !self.sources.isEmpty {
            metadata.sources = self.sources.map { String($0.split(separator: "/").last ?? Substring($0)) }
        }
        var extra = (self.parent?.extra ?? [:]).filter { !Self.parentOnlyKeys.contains($0.key) }
        extra.merge(self.details) { _, new in new }
        if let checkpoint = self.checkpoint {
            metadata.killSwitchCheckpoint = try KillSwitchCheckpoint.headerValue(checkpoint)
        }
        metadata.extra = extra.isEmpty ? nil : extra
        return metadata
    }

    /// Synthetic market data from `mm-replay journal synth` (and its regeneration for a
    /// recording): no engine runs; the generator and its seed are recorded.
    public static func syntheticMarket(coins: [String], seed: UInt64, engineVersion: String?) -> JournalProvenance {
        JournalProvenance(mode: .synthetic, coins: coins, engineVersion: engineVersion, clockAnchorUnixNanos: 0,
                          details: ["generator": "synth", "seed": String(seed)])
    }

    /// SHA-256 (lowercase hex) of a config's TOML text: a header's `config_hash`.
    public static func hash(ofConfigText text: String) -> String {
        SHA256.hexDigest(of: Array(text.utf8))
    }

    /// The `config_hash` a header records for `config`.
    public static func hash(of config: EngineConfig) -> String { self.hash(ofConfigText: ConfigFile.renderTOML(config)) }
}
