import ArgumentParser
import CommandLineStatus
import Engine
import EngineJournal
import JSON
import Journal

/// `mm-replay journal cat`: records as JSON lines.
struct Cat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print records as JSON lines.",
        discussion: HelpText.reflow("""
        One JSON object per line with seq, time (virtual ns), type and the record's
        fields in a fixed order; prices and sizes are exact decimal strings. A
        wire_error record (a live feed frame that did not decode) has reason and frame;
        a snapshot, its size. Records of a type this build does not know are printed
        with their size and an error, never dropped. --from-seq and --from-time use
        the journal's seek index: only the frame that holds the start is decompressed,
        not everything before it.

        Exit codes: 0 printed (a torn tail is reported on standard error); 1 corrupt or
        unreadable (records before the damage are printed first).
        """)
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    @Option(name: .long, help: "Start at the first record with this seq or later.")
    var fromSeq: UInt64?

    @Option(name: .long, help: "Start at the first record at this virtual time (ns) or later.")
    var fromTime: Int64?

    @Option(name: .long, help: "Only records of these types (comma-separated names: book, trades, fill, place, ..., snapshot, wire_error).")
    var type: String?

    @Option(name: .long, help: "Stop after printing this many records (0 prints none).")
    var limit: UInt64?

    @Flag(name: .long, help: "Keep reading as a writer appends, until the journal is closed.")
    var follow = false

    @Option(name: .long, help: "With --follow: stop after this many seconds without new records (more than 0, at most 86400).")
    var idleTimeout: Double?

    /// The longest `--idle-timeout` accepted: a day.
    static let maximumIdleTimeout: Double = 86_400

    func validate() throws {
        if self.fromSeq != nil && self.fromTime != nil { throw ValidationError("use --from-seq or --from-time, not both") }
        if let seconds = self.idleTimeout, !(seconds.isFinite && seconds > 0 && seconds <= Self.maximumIdleTimeout) {
            throw ValidationError("--idle-timeout must be a number of seconds more than 0 and at most \(Int(Self.maximumIdleTimeout)), got \(seconds)")
        }
        if let names = self.type {
            for name in names.split(separator: ",") where EngineRecord.recordTag(ofTypeName: String(name)) == nil {
                throw ValidationError("unknown record type '\(name)'; known: \(knownTypeNames.joined(separator: ", "))")
            }
        }
    }

    func run() throws {
        try runReportingErrors {
            let start: JournalReader.Start = self.fromSeq.map { .seq($0) } ?? self.fromTime.map { .time($0) } ?? .beginning
            // validate() bounds the timeout, so the conversion cannot trap.
            let follow = self.follow ? JournalReader.Follow(idleTimeout: self.idleTimeout.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }) : nil
            let reader = try JournalReader(path: self.path, from: start, follow: follow)
            if self.limit == 0 { return }
            var allowed = [Bool](repeating: self.type == nil, count: 1 << 16)
            for name in self.type?.split(separator: ",") ?? [] {
                if let tag = EngineRecord.recordTag(ofTypeName: String(name)) { allowed[Int(tag)] = true }
            }
            var output = StandardOutput()
            var printed: UInt64 = 0
            defer { output.flush() }
            do {
                while let record = try reader.next() {
                    guard allowed[Int(record.type)] else { continue }
                    output.withBuffer { buffer in
                        var json = JSONWriter()
                        swap(&json.bytes, &buffer)
                        record.renderJSON(to: &json)
                        json.bytes.append(UInt8(ascii: "\n"))
                        swap(&json.bytes, &buffer)
                    }
                    if self.follow { output.flush() }
                    printed += 1
                    if output.isBroken { return }
                    if let limit = self.limit, printed >= limit { return }
                }
            } catch {
                output.flush()
                throw error
            }
            if case .tornTail(let path, let offset, let bytes) = reader.ending {
                output.flush()
                StandardError.print("warning: \(path) ends with a torn tail at offset \(offset) (\(bytes) bytes); `mm-replay journal repair` truncates it")
            }
        }
    }
}

/// Every record type name, for messages.
let knownTypeNames: [String] = EngineRecord.recordTypes.map(\.name)
