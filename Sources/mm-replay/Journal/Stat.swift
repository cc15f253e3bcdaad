import ArgumentParser
import CommandLineStatus
import Engine
import JSON
import Journal

/// `mm-replay journal stat`: what a journal holds.
struct Stat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show records, frames, sizes, compression, seq and time range, and counts per type.",
        discussion: HelpText.reflow("""
        Reads the whole journal (checking every frame). --json prints one object with
        records, frames, segments, bytes (on disk), raw_bytes, ratio, first_seq,
        last_seq, first_time, last_time (virtual ns), types (type name -> count),
        ending ("closed", "unclosed" or "torn_tail") and, for a torn tail, torn_tail
        {path, offset, bytes}.

        Exit codes: 0 read (a torn tail is reported, not an error here: `verify` gates);
        1 corrupt or unreadable.
        """)
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() throws {
        try runReportingErrors {
            let survey = try JournalSurvey(path: self.path, decodePayloads: false)
            var output = StandardOutput()
            if self.json {
                var json = JSONWriter()
                json.beginObject()
                json.field("path", survey.path)
                json.field("records", survey.records)
                json.field("frames", UInt64(survey.frames))
                json.field("segments", UInt64(survey.segments))
                json.field("bytes", survey.fileBytes)
                json.field("raw_bytes", survey.rawBytes)
                json.field("ratio", (survey.compressionRatio * 1000).rounded() / 1000)
                json.field("first_seq", survey.firstSeq)
                json.field("last_seq", survey.lastSeq)
                json.field("first_time", survey.firstTime)
                json.field("last_time", survey.lastTime)
                json.field("types", counts: survey.typeCounts.map { (JournalRecord(seq: 0, time: 0, type: $0.tag, payload: []).typeName, $0.count) })
                json.field("ending", survey.endingName)
                if case .tornTail(let path, let offset, let bytes) = survey.ending {
                    json.key("torn_tail")
                    json.beginObject()
                    json.field("path", path)
                    json.field("offset", offset)
                    json.field("bytes", bytes)
                    json.endObject()
                }
                json.field("metadata", String(decoding: survey.metadata.jsonBytes(), as: UTF8.self))
                json.endObject()
                output.write(json.bytes + [UInt8(ascii: "\n")])
            } else {
                output.write(describe(survey))
            }
            output.flush()
            if case .tornTail(let path, let offset, let bytes) = survey.ending {
                StandardError.print("warning: \(path) ends with a torn tail at offset \(offset) (\(bytes) bytes); `mm-replay journal repair` truncates it")
            }
        }
    }
}

/// The human-readable `stat` report.
func describe(_ survey: JournalSurvey) -> String {
    var lines: [String] = []
    lines.append("journal      \(survey.path)")
    let coins = survey.metadata.coins.joined(separator: ",")
    lines.append("metadata     venue=\(survey.metadata.venue ?? "-") mode=\(survey.metadata.mode?.text ?? "-") coins=\(coins.isEmpty ? "-" : coins)")
    lines.append("records      \(survey.records)")
    lines.append("frames       \(survey.frames) in \(survey.segments) segment(s)")
    let ratio = (survey.compressionRatio * 100).rounded() / 100
    lines.append("bytes        \(survey.fileBytes) on disk, \(survey.rawBytes) raw (ratio \(ratio))")
    if let first = survey.firstSeq, let last = survey.lastSeq {
        lines.append("seq          \(first) ... \(last)")
    }
    if let first = survey.firstTime, let last = survey.lastTime {
        let span = Double(last - first) / 1e9
        lines.append("time         \(first) ... \(last) ns (\(span) s)")
    }
    lines.append("types")
    for (tag, count) in survey.typeCounts {
        let name = JournalRecord(seq: 0, time: 0, type: tag, payload: []).typeName
        lines.append("  \(name.padding(toLength: 16))\(count)")
    }
    lines.append("ending       \(survey.endingName)")
    return lines.joined(separator: "\n") + "\n"
}

extension String {
    func padding(toLength length: Int) -> String {
        self.count >= length ? self + " " : self + String(repeating: " ", count: length - self.count)
    }
}
