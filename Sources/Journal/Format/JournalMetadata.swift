import JSON

/// What a journal says about itself: stored as JSON (sorted keys) in the header
/// (docs/journal.md, "Header metadata", describes every field).
///
/// Every field is optional except the coin list, so tools and future versions can add
/// their own (`extra`). Nothing host- or time-dependent is added unless the writer asks,
/// so a deterministic generator writes byte-identical journals. The commands build
/// headers through ConfigFile's `JournalProvenance`, which keeps `config` and
/// `config_hash` together.
public struct JournalMetadata: Codable, Equatable, Sendable {
    /// The venue ("hyperliquid").
    public var venue: String?
    /// The coins the session covers.
    public var coins: [String]
    /// How the journal was made (its string in the header; unknown strings are kept).
    public var mode: JournalMode?
    /// The version of the engine that wrote it.
    public var engineVersion: String?
    /// The engine config that ran when the journal was written, as TOML text: the one
    /// whose commands the journal holds (a derived journal records the config it ran, not
    /// its parent's).
    public var config: String?
    /// SHA-256 (lowercase hex) of `config`'s UTF-8 bytes; set whenever `config` is.
    public var configHash: String?
    /// The file names (no directories) of the journals or captures this journal was made
    /// from: the replayed journal, the backtested captures, the imported captures.
    public var sources: [String]?
    /// The `config_hash` of the journal this one was derived from, when it had one (a
    /// replay or backtest under another config names both).
    public var parentConfigHash: String?
    /// Unix time in nanoseconds of virtual time 0 (live: 0, as virtual time is Unix time).
    public var clockAnchorUnixNanos: Int64?
    /// The host that recorded it (live sessions only).
    public var host: String?
    /// The segment number (1-based) within a directory journal; 1 for a single file.
    public var segment: Int?
    /// The kill-switch checkpoint the engine started from, as a JSON object (written by
    /// EngineJournal, which knows its fields). Journals written before this field carry it
    /// as JSON text in `extra.kill_switch_checkpoint`.
    public var killSwitchCheckpoint: OrderedJSON?
    /// Flat details of how the journal was made (`generator`, `seed`, `scenario`,
    /// `sim_seed`, `network`, `format`; docs/journal.md).
    public var extra: [String: String]?

    public init(venue: String? = nil, coins: [String] = [], mode: JournalMode? = nil, engineVersion: String? = nil,
                config: String? = nil, configHash: String? = nil, sources: [String]? = nil, parentConfigHash: String? = nil,
                clockAnchorUnixNanos: Int64? = nil, host: String? = nil, segment: Int? = nil,
                killSwitchCheckpoint: OrderedJSON? = nil, extra: [String: String]? = nil) {
        self.venue = venue
        self.coins = coins
        self.mode = mode
        self.engineVersion = engineVersion
        self.config = config
        self.configHash = configHash
        self.sources = sources
        self.parentConfigHash = parentConfigHash
        self.clockAnchorUnixNanos = clockAnchorUnixNanos
        self.host = host
        self.segment = segment
        self.killSwitchCheckpoint = killSwitchCheckpoint
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey {
        case venue, coins, mode, config, host, segment, extra, sources
        case engineVersion = "engine_version"
        case configHash = "config_hash"
        case parentConfigHash = "parent_config_hash"
        case clockAnchorUnixNanos = "clock_anchor_unix_ns"
        case killSwitchCheckpoint = "kill_switch_checkpoint"
    }

    /// The journal's sources: `sources`, or in journals written before that field, the
    /// comma-separated `extra.captures` (backtest) or `extra.sources` (import).
    public var sourceNames: [String] {
        if let sources = self.sources { return sources }
        guard let list = self.extra?["captures"] ?? self.extra?["sources"] else { return [] }
        return list.split(separator: ",").map(String.init)
    }

    /// The canonical JSON encoding (keys sorted by their bytes, no whitespace), by
    /// ``JSONValueEncoder``: the bytes headers written by Foundation's `JSONEncoder`
    /// (sorted keys, slashes unescaped) had, for every header written so far.
    public func jsonBytes() -> [UInt8] {
        (try? JSONValueEncoder().encodeBytes(self)) ?? Array("{}".utf8)
    }

    /// The metadata of a header's JSON, parsed strictly.
    static func decode(_ bytes: [UInt8]) throws -> JournalMetadata {
        try JSONValueDecoder().decode(JournalMetadata.self, from: bytes)
    }
}
