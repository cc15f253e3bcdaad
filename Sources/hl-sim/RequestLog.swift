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
    static func timestamp(_ nanoseconds: Int64) -> String {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int((nanoseconds / 1_000_000) % 1_000)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(millis), 3))Z"
    }

    /// Milliseconds since `start`, with one decimal.
    static func elapsed(since start: Int64) -> String {
        let tenths = (WallClock.now() - start) / 100_000
        return "\(tenths / 10).\(tenths % 10)ms"
    }
}
