#if canImport(Glibc)
import Glibc
#endif
import Engine
import EngineJournal
import Journal

/// Everything `stat` and `verify` report about a journal, gathered in one pass.
struct JournalSurvey {
    var path: String
    var records: UInt64 = 0
    var frames = 0
    var segments = 0
    var fileBytes: UInt64 = 0
    var rawBytes: UInt64 = 0
    var compressedBytes: UInt64 = 0
    var firstSeq: UInt64?
    var lastSeq: UInt64?
    var firstTime: Int64?
    var lastTime: Int64?
    /// Record counts by type tag, in tag order.
    var typeCounts: [(tag: UInt16, count: UInt64)] = []
    var ending: JournalEnding = .unclosed
    var metadata: JournalMetadata

    /// Reads the whole journal. With `decodePayloads`, every record of a known type is
    /// decoded too (an engine snapshot is restored and checked like a loaded one), and
    /// the first that fails is thrown as ``SurveyError/undecodableRecord(path:seq:type:reason:)``.
    init(path: String, decodePayloads: Bool) throws {
        let reader = try JournalReader(path: path)
        self.path = path
        self.metadata = reader.metadata
        let segmentPaths = try JournalLayout.segmentPaths(of: path)
        for segment in segmentPaths {
            var info = stat()
            if stat(segment, &info) == 0 { self.fileBytes += UInt64(info.st_size) }
        }
        var progress = Progress(title: decodePayloads ? "verify" : "stat", total: self.fileBytes, unit: "B")
        defer { progress.finish() }
        var counts = [UInt64](repeating: 0, count: 1 << 16)
        while let record = try reader.next() {
            if record.seq & 0xFFF == 0 { progress.update(reader.statistics.compressedBytes) }
            if self.firstSeq == nil { self.firstSeq = record.seq; self.firstTime = record.time }
            self.lastSeq = record.seq
            self.lastTime = record.time
            counts[Int(record.type)] += 1
            if decodePayloads { try Self.checkDecodes(record, path: path) }
        }
        self.records = reader.statistics.records
        self.frames = reader.statistics.frames
        self.rawBytes = reader.statistics.rawBytes
        self.compressedBytes = reader.statistics.compressedBytes
        self.ending = reader.ending ?? .unclosed
        self.segments = segmentPaths.count
        for (tag, count) in counts.enumerated() where count > 0 {
            self.typeCounts.append((UInt16(tag), count))
        }
    }

    /// Throws when a record of a type this build knows does not decode.
    private static func checkDecodes(_ record: JournalRecord, path: String) throws(SurveyError) {
        if record.type == EngineRecord.snapshotTag {
            do {
                _ = try EngineSnapshot.decode(record.payload)
            } catch {
                throw .undecodableRecord(path: path, seq: record.seq, type: record.typeName, reason: Self.summary(of: error.reasons))
            }
        } else if record.type == EngineRecord.wireErrorTag {
            do {
                _ = try WireErrorRecord(payload: record.payload)
            } catch {
                throw .undecodableRecord(path: path, seq: record.seq, type: record.typeName, reason: error.description)
            }
        } else if EngineRecord.typeName(ofTag: record.type) != nil {
            do {
                _ = try record.decode()
            } catch {
                throw .undecodableRecord(path: path, seq: record.seq, type: record.typeName, reason: error.description)
            }
        }
    }

    /// The first ten reasons, and how many more there are.
    private static func summary(of reasons: [String]) -> String {
        reasons.prefix(10).joined(separator: "; ") + (reasons.count > 10 ? " (and \(reasons.count - 10) more)" : "")
    }

    /// Raw bytes per byte on disk.
    var compressionRatio: Double { self.fileBytes > 0 ? Double(self.rawBytes) / Double(self.fileBytes) : 0 }

    var endingName: String {
        switch self.ending {
        case .closed: return "closed"
        case .unclosed: return "unclosed"
        case .tornTail: return "torn_tail"
        }
    }
}

/// A record whose payload does not decode although its type is known.
enum SurveyError: Error, CustomStringConvertible {
    case undecodableRecord(path: String, seq: UInt64, type: String, reason: String)

    var description: String {
        switch self {
        case .undecodableRecord(let path, let seq, let type, let reason):
            return "\(path): record seq \(seq) (type \(type)) does not decode: \(reason)"
        }
    }
}
