#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on standard error, shown only when it is a terminal and
/// redrawn at most ten times a second.
struct Progress {
    let title: String
    let total: UInt64
    /// What is counted: "" for items, "B" for bytes (shown in MB).
    let unit: String
    private let enabled: Bool
    private let started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now

    init(title: String, total: UInt64, unit: String = "") {
        self.title = title
        self.total = total
        self.unit = unit
        self.enabled = StandardError.isTerminal
    }

    mutating func update(_ done: UInt64) {
        guard self.enabled else { return }
        let now = ContinuousClock.now
        guard now - self.lastDraw >= .milliseconds(100) else { return }
        self.lastDraw = now
        let elapsed = Double((now - self.started).components.seconds) + Double((now - self.started).components.attoseconds) * 1e-18
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction = self.total > 0 ? min(1, Double(done) / Double(self.total)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let eta = rate > 0 ? Int(Double(self.total - min(done, self.total)) / rate) : 0
        let speed = self.unit == "B" ? "\(Int(rate / 1e6)) MB/s" : "\(Int(rate)) /s"
        let line = "\r\u{1B}[2K\(self.title) [\(bar)] \(Int(fraction * 100))% \(speed) ETA \(eta)s"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    func finish() {
        guard self.enabled else { return }
        var bytes = Array("\r\u{1B}[2K".utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
