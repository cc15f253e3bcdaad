import ConfigFile
import Engine
import EngineJournal
import Journal

/// Rewrites a journal for an engine whose behaviour changed on purpose: the same inputs,
/// byte for byte (old payload versions kept), each followed by the commands this
/// engine emits for it, so the result verifies again. Records that are neither inputs
/// nor commands (undecodable wire frames) are kept; engine snapshots are dropped (they
/// describe the old engine's state).
public enum Rebaseline {
    /// What a rewrite did.
    public struct Summary: Sendable, Equatable {
        public var inputs: UInt64 = 0
        /// Commands recorded in the source, and emitted now.
        public var oldCommands: UInt64 = 0
        public var newCommands: UInt64 = 0
        /// Where the commands first differ, if they do.
        public var firstDifference: UInt64?
        /// The torn tail the source ends with, if any: its inputs before it were kept,
        /// its incomplete last frame dropped; a caller should say so.
        public var tornTail: TornTail?
    }

    /// Rewrites `source` into `destination` (which must not exist), with the config and
    /// kill-switch checkpoint of the source's header.
    public static func rewrite(_ source: String, to destination: String) throws -> Summary {
        let reader = try JournalReader(path: source)
        guard let config = try ConfigFile.recordedConfig(of: source) else { throw RebaselineError(path: source) }
        var engine = try Engine(config: config, restoring: try KillSwitchCheckpoint.recorded(in: reader.metadata))
        var metadata = reader.metadata
        metadata.segment = nil
        let writer = try JournalWriter(creating: destination, metadata: metadata, options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var summary = Summary()
        var recorded: [Command] = []
        var emitted: [Command] = []
        func compare() {
            if summary.firstDifference == nil && recorded != emitted { summary.firstDifference = summary.inputs }
            recorded.removeAll()
            emitted.removeAll()
        }
        while let record = try reader.next() {
            if EngineRecord.isKnown(tag: record.type) {
                switch try record.decode(in: source) {
                case .input(let event):
                    compare()
                    let seq = try writer.append(type: record.type, time: record.time, payload: record.payload)
                    summary.inputs += 1
                    for command in engine.handle(Stamped(seq: seq, time: record.time, event: event)) {
                        try writer.append(command, time: record.time)
                        emitted.append(command)
                        summary.newCommands += 1
                    }
                case .output(let command):
                    recorded.append(command)
                    summary.oldCommands += 1
                }
            } else if record.type != EngineRecord.snapshotTag {
                _ = try writer.append(type: record.type, time: record.time, payload: record.payload)
            }
        }
        compare()
        try writer.close()
        summary.tornTail = TornTail(endingOf: reader)
        return summary
    }
}

/// A journal whose header holds no engine config: nothing says how to re-run it.
public struct RebaselineError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var description: String { "\(self.path): the header holds no engine config, so there is nothing to re-run it with" }
}
