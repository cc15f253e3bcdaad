import ConfigFile
import Hashing
import Engine
import EngineJournal
import Foundation
import Journal

/// The journal of a live session: its header (mode, engine version, config and its
/// hash, kill-switch checkpoint) and the records the session appends.
public enum LiveJournal {
    /// Record type of a frame that could not be decoded: not an engine input (replay
    /// skips it), kept so no inbound byte is lost. Payload: UTF-8 `error\nframe`
    /// (``WireErrorRecord``; the tag lives in Engine so `journal cat` and `stat` name it).
    public static let wireErrorTag: UInt16 = EngineRecord.wireErrorTag

    /// The header of a live journal.
    public static func metadata(mode: String, config: EngineConfig, engineVersion: String, checkpoint: KillSwitchCheckpoint?,
                                network: String) throws -> JournalMetadata {
        let toml = ConfigFile.renderTOML(config)
        var metadata = JournalMetadata(coins: config.coins.map(\.name))
        metadata.venue = "hyperliquid"
        metadata.mode = mode
        metadata.engineVersion = engineVersion
        metadata.config = toml
        metadata.configHash = SHA256.hexDigest(of: Array(toml.utf8))
        metadata.clockAnchorUnixNanos = 0
        var extra: [String: String] = ["network": network]
        if let checkpoint { extra["kill_switch_checkpoint"] = try KillSwitchCheckpoint.encodeJSON(checkpoint) }
        metadata.extra = extra
        return metadata
    }

    /// Writer options for live sessions: group commit every 50 ms (a killed process
    /// loses at most the last 50 ms), `fdatasync` at most once a second (a power loss
    /// loses at most a second: syncing every commit stalls the loop's core on small
    /// machines); with `rotating`, a directory of segments, a new one every hour of
    /// virtual time or 256 MiB.
    public static func writerOptions(rotating: Bool, every seconds: Int64 = 3_600) -> JournalWriterOptions {
        var options = JournalWriterOptions()
        options.flushInterval = .milliseconds(50)
        options.fsync = .interval(.seconds(1))
        if rotating { options.rotation = RotationPolicy(maxRawBytes: 256 << 20, maxTimeSpan: seconds * 1_000_000_000) }
        return options
    }
}
