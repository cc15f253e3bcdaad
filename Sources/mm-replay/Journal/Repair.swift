import ArgumentParser
import Journal

/// `mm-replay journal repair`: truncate a torn tail.
struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Truncate a torn tail and seal the journal so it can be read and appended to.",
        discussion: """
        Checks every frame first. A torn tail (incomplete last frame, as left by a
        crash) is cut off and reported (file, offset, bytes removed); then the seek
        index is written. A journal that is already intact is left as it is.
        Corruption in the middle is never cut away: repair refuses and reports it.

        Exit codes: 0 repaired or nothing to do; 1 corrupt or unreadable.
        """
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    func run() throws {
        try runReportingErrors {
            let report = try JournalRepair.repair(path: self.path)
            if let path = report.path, let offset = report.offset {
                print("removed \(report.removedBytes) bytes at offset \(offset) of \(path) (torn tail); journal ends at seq \(report.lastSeq)")
            } else if report.sealed {
                print("no torn tail; wrote the missing index; journal ends at seq \(report.lastSeq)")
            } else {
                print("nothing to repair: \(self.path) is intact and closed (last seq \(report.lastSeq))")
            }
        }
    }
}
