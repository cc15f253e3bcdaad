import JSON

/// What a journal says about itself: stored as JSON (sorted keys) in the header.
///
/// Every field is optional except the coin list, so tools and future versions can add
/// their own (`extra`). Nothing host- or time-dependent is added unless the writer asks,
/// so a deterministic generator writes byte-identical journals.
public struct JournalMetadata: Codable, Equatable, Sendable {
    /// The venue ("hyperliquid").
    public var venue: String?
    /// The coins the session covers.
    public var coins: [String]
    /// How the journal was made: "synthetic", "record", "paper", "run", "backtest", "scenario", "import".
    public var mode: String?
    /// The version of the engine that wrote it.
    public var engineVersion: String?
    /// The engine config as TOML text, and its hash.
    public var config: String?
    public var configHash: String?
    /// Unix time in nanoseconds of virtual time 0 (live: 0, as virtual time is Unix time).
    public var clockAnchorUnixNanos: Int64?
    /// The host that recorded it (live sessions only).
    public var host: String?
    /// The segment number (1-based) within a directory journal; 1 for a single file.
    public var segment: Int?
    /// Free-form fields (generator seed, source files, ...).
    public var extra: [String: String]?

    public init(venue: String? = nil, coins: [String] = [], mode: String? = nil, engineVersion: String? = nil,
                config: String? = nil, configHash: String? = nil, clockAnchorUnixNanos: Int64? = nil,
                host: String? = nil, segment: Int? = nil, extra: [String: String]? = nil) {
        self.venue = venue
        self.coins = coins
        self.mode = mode
        self.engineVersion = engineVersion
        self.config = config
        self.configHash = configHash
        self.clockAnchorUnixNanos = clockAnchorUnixNanos
        self.host = host
        self.segment = segment
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey {
        case venue, coins, mode, config, host, segment, extra
        case engineVersion = "engine_version"
        case configHash = "config_hash"
        case clockAnchorUnixNanos = "clock_anchor_unix_ns"
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
