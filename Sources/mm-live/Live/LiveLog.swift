import Engine
import Foundation

/// mm-live's log: one line per event on standard error, UTC time first. Nothing that
/// reaches it carries the private key (only addresses are ever formatted).
enum LiveLog {
    private static let lock = NSLock()

    static func line(_ text: String) {
        let stamp = Timestamp(Clock.now()).iso8601()
        self.lock.lock()
        defer { self.lock.unlock() }
        // Venue text (frames, error bodies) reaches this log: escape control characters so
        // it cannot drive the terminal.
        FileHandle.standardError.write(Data("\(stamp) \(TerminalText.visible(text))\n".utf8))
    }
}

/// Unix time in nanoseconds (the live side's only clock; the engine gets it through
/// the stamps of its inputs).
enum Clock {
    static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * Nanoseconds.perSecond + Int64(spec.tv_nsec)
    }
}
