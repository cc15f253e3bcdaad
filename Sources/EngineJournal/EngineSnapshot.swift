import Engine
import JSON
import Journal

/// The engine's whole state as a journal record, so a long journal can be entered in
/// the middle: restore the latest snapshot before the target and replay from there.
///
/// Payload: version byte (1), then the engine as JSON with sorted keys, written by
/// ``JSONValueEncoder`` (byte-identical for equal states on every platform: no hash order
/// and no platform library reaches it; doubles in Swift's shortest round-trip form, so
/// restoring is exact; NaN and infinities as "nan", "+inf", "-inf").
public enum EngineSnapshot {
    package static let version: UInt8 = 2

    /// The snapshot payload of an engine.
    public static func encode(_ engine: Engine) throws -> [UInt8] {
        [self.version] + (try JSONValueEncoder().encodeBytes(engine))
    }

    /// The engine a snapshot payload holds, checked like a loaded config: its config is
    /// validated and its state must have the shape that config builds
    /// (``Engine/restoreProblems()``). Throws ``SnapshotError`` (without a location;
    /// ``latest(in:before:)`` adds the file and seq).
    public static func decode(_ payload: some Collection<UInt8>) throws(SnapshotError) -> Engine {
        let bytes = Array(payload)
        guard bytes.first == self.version else {
            throw SnapshotError(reasons: ["encoding version \(bytes.first.map(String.init) ?? "(none: empty payload)") is not supported (this build reads version \(self.version))"])
        }
        let engine: Engine
        do { engine = try JSONValueDecoder().decode(Engine.self, from: bytes.dropFirst()) } catch {
            throw SnapshotError(reasons: [SnapshotError.describe(error)])
        }
        let problems = engine.restoreProblems()
        if !problems.isEmpty { throw SnapshotError(reasons: problems) }
        return engine
    }

    /// Virtual time between snapshots in journals written by replay and backtest (10 min).
    public static let defaultInterval: Int64 = 600_000_000_000

    /// The latest snapshot at or before a start position, if any: its seq and the engine.
    public static func latest(in path: String, before start: JournalReader.Start) throws -> (seq: UInt64, engine: Engine)? {
        let reader = try JournalReader(path: path)
        var found: (seq: UInt64, payload: [UInt8])?
        while let record = try reader.next() {
            let reached: Bool
            switch start {
            case .beginning: return nil
            case .seq(let seq): reached = record.seq >= seq
            case .time(let time): reached = record.time >= time
            }
            if reached { break }
            if record.type == EngineRecord.snapshotTag { found = (record.seq, Array(record.payload)) }
        }
        guard let found else { return nil }
        do { return (found.seq, try self.decode(found.payload)) } catch {
            throw SnapshotError(path: path, seq: found.seq, reasons: error.reasons)
        }
    }
}

/// Writes snapshot records at a fixed virtual-time interval.
package struct SnapshotSchedule {
    package let interval: Int64
    package var next: Int64?

    /// A schedule writing a snapshot every `interval` nanoseconds of virtual time.
    package init(interval: Int64) {
        self.interval = interval
        self.next = nil
    }

    /// Writes the engine's snapshot before the input at `time` when one is due.
    package mutating func writeIfDue(_ engine: Engine, at time: Int64, to writer: JournalWriter?) throws {
        guard let writer, self.interval > 0 else { return }
        guard let next = self.next else {
            self.next = time - time % self.interval + self.interval
            return
        }
        guard time >= next else { return }
        try writer.append(type: EngineRecord.snapshotTag, time: time, payload: try EngineSnapshot.encode(engine))
        self.next = time - time % self.interval + self.interval
    }
}
