#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error, unbuffered.
enum StandardError {
    static func print(_ line: String) {
        let text = line + "\n"
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Whether standard error is a terminal (progress lines go there only then).
    static var isTerminal: Bool { isatty(2) == 1 }
}

/// A buffered writer to standard output that stops quietly when the reader goes away
/// (`mm-replay journal cat x | head`).
struct StandardOutput {
    private(set) var buffer: [UInt8] = []
    /// Set once a write failed (e.g. broken pipe): further output is dropped.
    private(set) var isBroken = false

    init() {
        signal(SIGPIPE, SIG_IGN)
        self.buffer.reserveCapacity(1 << 17)
    }

    mutating func write(_ bytes: [UInt8]) {
        self.buffer.append(contentsOf: bytes)
        if self.buffer.count >= 1 << 16 { self.flush() }
    }

    mutating func write(_ text: String) { self.write(Array(text.utf8)) }

    /// Appends directly into the buffer.
    mutating func withBuffer(_ body: (inout [UInt8]) -> Void) {
        body(&self.buffer)
        if self.buffer.count >= 1 << 16 { self.flush() }
    }

    mutating func flush() {
        guard !self.isBroken else { self.buffer.removeAll(keepingCapacity: true); return }
        var done = 0
        let count = self.buffer.count
        self.buffer.withUnsafeBytes { raw in
            while done < count {
                let n = Glibc.write(1, raw.baseAddress! + done, count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    self.isBroken = true
                    return
                }
                done += n
            }
        }
        self.buffer.removeAll(keepingCapacity: true)
    }
}
