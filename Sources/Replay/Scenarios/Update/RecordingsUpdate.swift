import Foundation
import Journal

extension Recordings {
    /// How one recording was brought up to date.
    public struct Update: Sendable {
        public var name: String
        /// What was done: `regenerated (scenario NAME, seed S)`, `regenerated (synthetic
        /// backtest, seed S)` or `rebaselined`.
        public var how: String
        /// Its commands before and after, input by input, and where they first differ.
        public var change: CommandChange
        /// The file was left as it was, byte for byte: a rebaselined journal whose
        /// commands did not change.
        public var kept: Bool
        /// The torn tail the old file ended with (a rebaselined journal: the records
        /// before it were kept, its incomplete last frame dropped).
        public var tornTail: TornTail?
    }

    /// Brings every recording of the directory up to date and rewrites `SHA256SUMS`:
    /// scenarios are regenerated from their name and seed, synthetic backtests from the
    /// generator's seed, coins and record count; any other journal (a live session, an
    /// imported incident) is rebaselined: the same recorded inputs with the engine's new
    /// commands (``Rebaseline``), or left byte for byte when its commands did not change.
    /// Returns what was done to each, in name order, with its commands before and after.
    ///
    /// All or nothing: every recording is checked first (a journal that is neither a
    /// scenario nor a synthetic backtest and has no engine config in its header cannot
    /// be rebaselined, and refuses the whole update), every new journal is written to a
    /// temporary file next to its recording, and only then are they renamed into place,
    /// `SHA256SUMS` last (a temporary file renamed over it). Any failure removes the
    /// temporaries, puts back what was already renamed, and throws a
    /// ``RecordingsUpdateError`` naming the file: the directory is left as it was.
    public static func update(directory: String) throws -> [Update] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mmj") }.sorted()
        let plans = try names.map { try UpdatePlan(directory: directory, name: $0) }
        var staging = UpdateStaging(directory: directory)
        do {
            var updates: [Update] = []
            for plan in plans { updates.append(try staging.stage(plan)) }
            try staging.commit()
            return updates
        } catch {
            staging.discard()
            throw error
        }
    }
}

/// Why `recordings --update-digests` changed nothing.
public struct RecordingsUpdateError: Error, CustomStringConvertible, Sendable {
    /// The recording (or `SHA256SUMS`) that stopped the update.
    public var path: String
    public var reason: String
    public var description: String {
        "\(self.path): \(self.reason); nothing was updated (every recording and SHA256SUMS are as they were)"
    }
}
