#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Journal

/// The new journals of `recordings --update-digests`, staged as hidden temporary files
/// next to the recordings (`.NAME.new-TOKEN`) until all are written, then renamed into
/// place together, `SHA256SUMS` last.
struct UpdateStaging {
    let directory: String
    private let token = String(UUID().uuidString.prefix(8)).lowercased()
    /// Each recording to replace, with its staged new journal.
    private var replacements: [(path: String, staged: String)] = []
    /// Every recording's digest once updated, in name order.
    private var digests: [(name: String, digest: String)] = []

    init(directory: String) { self.directory = directory }

    private func temporary(_ name: String, _ role: String) -> String {
        self.directory + "/." + name + "." + role + "-" + self.token
    }

    /// Writes the plan's new journal to a temporary file and notes its digest; a
    /// rebaselined journal whose commands did not change keeps its file (and digest).
    mutating func stage(_ plan: UpdatePlan) throws -> Recordings.Update {
        let staged = self.temporary(plan.name, "new")
        self.replacements.append((plan.path, staged))
        do {
            let update = try plan.produce(to: staged)
            if update.kept {
                try JournalLayout.remove(staged)
                self.replacements.removeLast()
                self.digests.append((plan.name, try Recordings.sha256(of: plan.path)))
            } else {
                self.digests.append((plan.name, try Recordings.sha256(of: staged)))
            }
            return update
        } catch let error as RecordingsUpdateError {
            throw error
        } catch {
            // Most errors name the file already; say it once.
            var reason = "\(error)"
            if reason.hasPrefix(plan.path + ": ") { reason.removeFirst(plan.path.count + 2) }
            throw RecordingsUpdateError(path: plan.path, reason: "cannot update it: " + reason)
        }
    }

    /// Renames every staged journal into place, then a new `SHA256SUMS`. A failed rename
    /// puts back the recordings already replaced.
    mutating func commit() throws {
        let sums = self.directory + "/SHA256SUMS"
        let stagedSums = self.temporary("SHA256SUMS", "new")
        do {
            try self.digests.map { "\($0.digest)  \($0.name)\n" }.joined().write(toFile: stagedSums, atomically: false, encoding: .utf8)
        } catch {
            throw RecordingsUpdateError(path: sums, reason: "cannot write \(stagedSums): \(error)")
        }
        var replaced: [(path: String, backup: String, placed: Bool)] = []
        do {
            for (path, staged) in self.replacements {
                let backup = self.temporary((path as NSString).lastPathComponent, "old")
                try Self.rename(path, to: backup)
                replaced.append((path, backup, false))
                try Self.rename(staged, to: path)
                replaced[replaced.count - 1].placed = true
            }
            try Self.rename(stagedSums, to: sums)
        } catch {
            for (path, backup, placed) in replaced.reversed() {
                if placed { try? JournalLayout.remove(path) }
                try? Self.rename(backup, to: path)
            }
            throw error
        }
        for entry in replaced { try? JournalLayout.remove(entry.backup) }
        self.replacements = []
    }

    /// Removes every temporary file left (after a failure).
    func discard() {
        for (_, staged) in self.replacements { try? JournalLayout.remove(staged) }
        try? JournalLayout.remove(self.temporary("SHA256SUMS", "new"))
    }

    private static func rename(_ from: String, to: String) throws {
        #if canImport(Glibc)
        let status = Glibc.rename(from, to)
        #else
        let status = Darwin.rename(from, to)
        #endif
        guard status == 0 else {
            throw RecordingsUpdateError(path: to, reason: "cannot rename \(from) to it: \(String(cString: strerror(errno)))")
        }
    }
}
