import Engine
import Foundation

/// mm-live's log: one line per event on standard error, UTC time first. Nothing that
/// reaches it carries the private key (only addresses are ever formatted).
enum LiveLog {
    private static let lock = NSLock()

    static func line(_ text: String) {
        let now = Clock.now()
        var seconds = time_t(now / 1_000_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int((now / 1_000_000) % 1_000)
        let stamp = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                           parts.tm_hour, parts.tm_min, parts.tm_sec, millis)
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
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
