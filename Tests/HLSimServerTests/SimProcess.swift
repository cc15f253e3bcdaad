import Foundation
import TestSupport

/// An `hl-sim` process started on a free port for a test; stopped with `stop()`.
final class SimProcess: Sendable {
    static var executable: String { builtExecutable("hl-sim") }

    private let background: BackgroundProcess
    /// The address it listens on (`http://127.0.0.1:PORT`).
    let url: String

    /// Starts hl-sim with `arguments` (plus `--port 0`) and waits for its listening line.
    init(_ arguments: [String]) throws {
        self.background = try BackgroundProcess(Self.executable, ["--port", "0"] + arguments)
        guard let line = self.background.wait(for: #"listening on http://127\.0\.0\.1:\d+"#) else {
            self.background.stop()
            throw SimProcessError(log: self.background.output)
        }
        self.url = String(line.dropFirst("listening on ".count))
    }

    /// Everything the process printed so far.
    var log: String { self.background.output }

    func stop() { self.background.stop() }
}

struct SimProcessError: Error, CustomStringConvertible {
    var log: String
    var description: String { "hl-sim did not start listening:\n\(self.log)" }
}
