import Engine
import Foundation

/// One line per request on standard output: UTC time, what arrived, the outcome and how
/// long the answer took. Lines are flushed at once so a test can follow them.
enum RequestLog {
    private static let lock = NSLock()

    static func line(_ text: String) {
        let stamp = self.timestamp(WallClock.now())
        self.lock.lock()
        defer { self.lock.unlock() }
        // Client text reaches this log: escape control characters so it cannot drive the terminal.
        FileHandle.standardOutput.write(Data("\(stamp) \(TerminalText.visible(text))\n".utf8))
    }

    /// `2026-11-23T17:40:00.123Z`.
    static func timestamp(_ nanoseconds: Int64) -> String { Timestamp(nanoseconds).iso8601() }

    /// Milliseconds since `start`, with one decimal.
    static func elapsed(since start: Int64) -> String {
        let tenths = (WallClock.now() - start) / 100_000
        return "\(tenths / 10).\(tenths % 10)ms"
    }
}
