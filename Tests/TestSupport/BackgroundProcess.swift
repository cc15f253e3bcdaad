import Foundation

/// A child process left running while a test talks to it (a server, a live session), its
/// standard output and standard error collected together. Stop it with ``stop()``.
public final class BackgroundProcess: @unchecked Sendable {
    /// The process (for its identifier, signals, `terminate()`).
    public let process = Process()
    private let lock = NSLock()
    private var data = Data()

    /// Starts `executable` with `arguments`; `environment` entries override the test
    /// process's environment (a `nil` value removes the variable).
    public init(_ executable: String, _ arguments: [String], environment: [String: String?] = [:]) throws {
        self.process.executableURL = URL(fileURLWithPath: executable)
        self.process.arguments = arguments
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment { merged[key] = value }
            self.process.environment = merged
        }
        let pipe = Pipe()
        self.process.standardOutput = pipe
        self.process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            if let self, !chunk.isEmpty { self.lock.withLock { self.data.append(chunk) } }
        }
        try self.process.run()
    }

    /// Everything the process printed so far.
    public var output: String { self.lock.withLock { String(decoding: self.data, as: UTF8.self) } }

    /// Waits up to `seconds` for output matching `pattern` (a regular expression) and
    /// returns the match; `nil` when the time runs out or the process exits without it.
    public func wait(for pattern: String, seconds: Double = 20) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let running = self.process.isRunning
            let text = self.output
            if let range = text.range(of: pattern, options: .regularExpression) { return String(text[range]) }
            if !running {
                // Output can still be in the pipe when the process has exited: one last look.
                Thread.sleep(forTimeInterval: 0.2)
                let final = self.output
                return final.range(of: pattern, options: .regularExpression).map { String(final[$0]) }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// The exit status, or `nil` if the process is still running after `seconds`.
    public func waitForExit(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while self.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return self.process.isRunning ? nil : self.process.terminationStatus
    }

    /// Sends SIGTERM (if it still runs) and waits for the exit.
    public func stop() {
        if self.process.isRunning { self.process.terminate(); self.process.waitUntilExit() }
    }
}
