import ArgumentParser
import Journal

/// `mm-replay journal verify`: is the journal intact?
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every frame and record of a journal.",
        discussion: """
        Checks the header, every frame's zstd checksum, descriptor and record framing,
        dense seqs, non-decreasing times, segment continuity, and that every record of a
        known type decodes.

        Exit codes:
          0  intact (closed, or ending cleanly at a frame boundary)
          1  corrupt or unreadable: the message names the file, byte offset and seq
             (empty file, wrong magic, newer format version, truncated header, damaged
             frame, missing segment, ...)
          2  torn tail: the journal ends inside a frame (a crash mid-write); the message
             gives its offset and byte count; `mm-replay journal repair` truncates it
        """
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    func run() throws {
        try runReportingErrors {
            let survey = try JournalSurvey(path: self.path, decodePayloads: true)
            let range = survey.firstSeq.map { "seq \($0)-\(survey.lastSeq!)" } ?? "no records"
            switch survey.ending {
            case .closed:
                print("ok: \(self.path): \(survey.records) records in \(survey.frames) frames (\(range)), closed")
            case .unclosed:
                print("ok: \(self.path): \(survey.records) records in \(survey.frames) frames (\(range)), not closed (writer stopped or still writing; index rebuilt on read)")
            case .tornTail(let path, let offset, let bytes):
                print("torn tail: \(path) at offset \(offset): \(bytes) bytes of an incomplete frame after \(range) (\(survey.records) intact records); run `mm-replay journal repair`")
                throw ExitStatus.tornTail
            }
        }
    }
}
