import Foundation
import TestSupport

/// An `hl-sim` process started on a free port for a test; stopped with `stop()`.
final class SimProcess: @unchecked Sendable {
    static var executable: String { builtExecutable("hl-sim") }

    let process = Process()
    private let lock = NSLock()
    private var output = Data()
    private(set) var url = ""

    /// Starts hl-sim with `arguments` (plus `--port 0`) and waits for its listening line.
    init(_ arguments: [String]) throws {
        self.process.executableURL = URL(fileURLWithPath: Self.executable)
        self.process.arguments = ["--port", "0"] + arguments
        let pipe = Pipe()
        self.process.standardOutput = pipe
        self.process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.output.append(data)
            self.lock.unlock()
        }
        try self.process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let range = self.log.range(of: #"listening on http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                self.url = String(self.log[range].dropFirst("listening on ".count))
                return
            }
            guard self.process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        self.stop()
        throw SimProcessError(log: self.log)
    }

    /// Everything the process printed so far.
    var log: String {
        self.lock.lock()
        defer { self.lock.unlock() }
        return String(decoding: self.output, as: UTF8.self)
    }

    func stop() {
        if self.process.isRunning {
            self.process.terminate()
            self.process.waitUntilExit()
        }
    }
}

struct SimProcessError: Error, CustomStringConvertible {
    var log: String
    var description: String { "hl-sim did not start listening:\n\(self.log)" }
}

/// Runs a command to completion: its status and output (stdout, then stderr).
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let result = try runChildProcess(executable, arguments, environment: environment.mapValues { $0 })
    return (result.status, result.output)
}
