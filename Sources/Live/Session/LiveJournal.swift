import ConfigFile
import Engine
import EngineJournal
import Foundation
import Journal

/// The journal of a live session: its header (mode, engine version, config and its
/// hash, kill-switch checkpoint) and the records the session appends.
public enum LiveJournal {
    /// The header of a live journal: the mode, the config that runs and its hash, the
    /// engine version, the kill-switch checkpoint the engine starts from, the network.
    public static func metadata(mode: LiveMode, config: EngineConfig, engineVersion: String, checkpoint: KillSwitchCheckpoint?,
                                network: String) throws -> JournalMetadata {
        try JournalProvenance(mode: mode.journalMode, config: config, engineVersion: engineVersion, clockAnchorUnixNanos: 0,
                              checkpoint: checkpoint, details: ["network": network]).metadata()
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
        if rotating { options.rotation = RotationPolicy(maxRawBytes: 256 << 20, maxTimeSpan: Nanoseconds.seconds(seconds).rawValue) }
        return options
    }
}

extension LiveMode {
    /// The header mode of a session's journal.
    public var journalMode: JournalMode {
        switch self {
        case .record: return .record
        case .paper: return .paper
        case .run: return .run
        }
    }
}
