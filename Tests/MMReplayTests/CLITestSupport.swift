import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs the `mm-replay` executable built next to the test bundle.
enum MMReplay {
    /// The executable: `MM_REPLAY_BIN`, or `mm-replay` in the directory of this test binary.
    static var executable: String {
        ProcessInfo.processInfo.environment["MM_REPLAY_BIN"] ?? builtExecutable("mm-replay")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion and captures both streams.
    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> Result {
        let result = try runChildProcess(self.executable, arguments, environment: environment)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Runs to completion (output discarded) and returns the exit status and the child's
    /// peak resident memory in KiB: its own `VmHWM` from `/proc/PID/status`, sampled until
    /// it exits. (`wait4`'s `ru_maxrss` is no good here: a child started with vfork
    /// semantics inherits the parent's high-water mark, and this test process is large.)
    static func runMeasuringPeakMemory(_ arguments: [String]) throws -> (status: Int32, peakKiB: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let statusPath = "/proc/\(process.processIdentifier)/status"
        var peak = 0
        while process.isRunning {
            if let text = try? String(contentsOfFile: statusPath, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kib)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        return (process.terminationStatus, peak)
    }
}

/// A synthetic market journal (`in.mmj`, `seed`, `events`) and its replay with the
/// engine's commands (`run.mmj`), in `scratch`: the journal most verify tests start from.
func replayedSyntheticJournal(seed: Int, events: Int, in scratch: Scratch) throws -> (input: String, run: String) {
    let input = scratch.file("in.mmj")
    let run = scratch.file("run.mmj")
    let synth = try MMReplay.run(["journal", "synth", "--out", input, "--seed", String(seed), "--events", String(events)])
    guard synth.status == 0 else { throw CLITestFailure(description: "journal synth: \(synth.stderr)") }
    let replay = try MMReplay.run(["replay", input, "--out", run])
    guard replay.status == 0 else { throw CLITestFailure(description: "replay --out: \(replay.stderr)") }
    return (input, run)
}

/// A command a test relies on failed.
struct CLITestFailure: Error, CustomStringConvertible {
    var description: String
}

func contents(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }
func store(_ bytes: [UInt8], _ path: String) { FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

/// The shell block (or the `language` block) of a doc between `<!-- recipe: NAME -->` and
/// `<!-- end recipe -->`, so tests run a documented recipe exactly as written.
func documentedRecipe(_ name: String, in docs: String, language: String = "sh") throws -> String {
    let text = try String(contentsOfFile: docs, encoding: .utf8)
    guard let start = text.range(of: "<!-- recipe: \(name) -->"),
          let end = text.range(of: "<!-- end recipe -->", range: start.upperBound..<text.endIndex),
          let open = text.range(of: "```\(language)\n", range: start.upperBound..<end.lowerBound),
          let close = text.range(of: "```", range: open.upperBound..<end.lowerBound) else {
        throw CLITestFailure(description: "\(docs) has no recipe \(name) (a ```\(language) block between <!-- recipe: \(name) --> and <!-- end recipe -->)")
    }
    return String(text[open.upperBound..<close.lowerBound])
}
