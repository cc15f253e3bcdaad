import ArgumentParser
import CommandLineStatus
import Journal

/// `mm-replay journal repair`: truncate a torn tail.
struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Truncate a torn tail and seal the journal so it can be read and appended to.",
        discussion: HelpText.reflow("""
        Checks every frame first. A torn tail (incomplete last frame, as left by a
        crash, or a last frame zeroed by a power loss) is cut off and reported (file,
        offset, bytes removed); then the journal is sealed: its seek index footer is
        written, and the output says so with the last seq and time it keeps (records
        the writer produced after those were lost and cannot be counted). A closed
        journal is left as it is. Corruption in the middle is never cut away: repair
        refuses and reports it.

        Exit codes: 0 repaired or nothing to do; 1 corrupt or unreadable.
        """)
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    func run() throws {
        try runReportingErrors {
            let report = try JournalRepair.repair(path: self.path)
            let end = "journal ends at seq \(report.lastSeq)" + (report.lastTime.map { " (time \($0))" } ?? "")
            let sealed = "sealed: wrote the index footer; \(end); records written after it, if any, were lost and cannot be counted"
            if let path = report.path, let offset = report.offset {
                print("removed \(report.removedBytes) bytes at offset \(offset) of \(path) (torn tail); \(sealed)")
            } else if report.sealed {
                print("\(self.path) was not closed (the writer stopped before closing it); \(sealed)")
            } else {
                print("nothing to repair: \(self.path) is intact and closed (last seq \(report.lastSeq))")
            }
        }
    }
}
