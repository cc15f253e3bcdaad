import ArgumentParser
import CommandLineStatus
import Journal

/// `mm-replay journal verify`: is the journal intact?
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every frame and record of a journal.",
        discussion: HelpText.reflow("""
        Checks the header, every frame's zstd checksum, descriptor and record framing,
        dense seqs, non-decreasing times, segment continuity, and that every record of a
        known type decodes (engine snapshots included: their state must restore).

        A journal that ends at a frame boundary without its index footer is intact but
        not closed: its writer was stopped (or is still writing). Every record on disk
        checks out, but records written after the last frame may be missing and nothing
        on disk tells how many; verify says so (after the last seq and time it read)
        and still exits 0. `mm-replay journal repair` seals it.

        Exit codes:
          0  intact: closed, or not closed (ending at a frame boundary; the warning
             above is printed on standard output and standard error)
          1  corrupt or unreadable: the message names the file, byte offset and seq
             (empty file, wrong magic, newer format version, truncated header, damaged
             frame, missing segment, ...)
          2  torn tail: the journal ends inside a frame (a crash mid-write); the
             message gives its offset and byte count; `mm-replay journal repair`
             truncates it

        Several journals are checked one after the other, each reported, then a summary
        line; the exit code is 1 if any is corrupt or unreadable, else 2 if any has a
        torn tail, else 0.
        """)
    )

    @Argument(help: "The journals (files or segment directories).")
    var paths: [String]

    func validate() throws {
        guard !self.paths.isEmpty else { throw ValidationError("give at least one journal") }
    }

    func run() throws {
        var counts = (intact: 0, torn: 0, corrupt: 0)
        for path in self.paths {
            do {
                try self.verify(path)
                counts.intact += 1
            } catch let exit as ExitCode where exit == ExitStatus.tornTail {
                counts.torn += 1
            } catch {
                counts.corrupt += 1
            }
        }
        if self.paths.count > 1 {
            print("\(self.paths.count) journals: \(counts.intact) intact, \(counts.torn) with a torn tail, \(counts.corrupt) corrupt or unreadable")
        }
        if counts.corrupt > 0 { throw ExitStatus.failure }
        if counts.torn > 0 { throw ExitStatus.tornTail }
    }

    /// Checks one journal and reports it (errors on standard error).
    private func verify(_ path: String) throws {
        try runReportingErrors {
            let survey = try JournalSurvey(path: path, decodePayloads: true)
            let range = survey.firstSeq.map { "seq \($0)-\(survey.lastSeq!)" } ?? "no records"
            switch survey.ending {
            case .closed:
                print("ok: \(path): \(survey.records) records in \(survey.frames) frames (\(range)), closed")
            case .unclosed:
                let warning = unclosedWarning(lastSeq: survey.lastSeq, lastTime: survey.lastTime)
                print("ok: \(path): \(survey.records) records in \(survey.frames) frames (\(range)), \(warning)")
                StandardError.print("warning: \(path): \(warning)")
            case .tornTail(let file, let offset, let bytes):
                print("torn tail: \(file) at offset \(offset): \(bytes) bytes of an incomplete frame after \(range) (\(survey.records) intact records); run `mm-replay journal repair`")
                throw ExitStatus.tornTail
            }
        }
    }
}

/// What `verify` says about a journal without its index footer: how far it is known to
/// go, and that what came after cannot be counted.
func unclosedWarning(lastSeq: UInt64?, lastTime: Int64?) -> String {
    let missing: String
    if let lastSeq, let lastTime {
        missing = "records after seq \(lastSeq) (time \(lastTime)) may be missing"
    } else {
        missing = "it holds no record, records may be missing"
    }
    return "not closed: the writer stopped before closing it; \(missing) and their number cannot be known (no index footer); unless a writer is still appending, `mm-replay journal repair` seals it"
}
