#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Totals of what a reader has read so far.
public struct JournalStatistics: Equatable, Sendable {
    /// Records handed out.
    public var records: UInt64 = 0
    /// Data frames decompressed.
    public var frames: Int = 0
    /// Bytes of descriptors and compressed frames read.
    public var compressedBytes: UInt64 = 0
    /// Bytes after decompression (record headers and payloads).
    public var rawBytes: UInt64 = 0
}

/// Streams the records of a journal (a file or a directory of segments) in order, in
/// bounded memory: one compressed and one decompressed frame at a time.
///
/// ```swift
/// let reader = try JournalReader(path: "session.mmj", from: .seq(1000))
/// while let record = try reader.next() { … }
/// if case .tornTail(_, let offset, let bytes) = reader.ending { … }
/// ```
///
/// Every frame is checked before its records are returned; a damaged frame throws
/// ``JournalError/corruptFrame(path:offset:seq:reason:)``. An incomplete last frame is
/// not an error: reading stops before it and ``ending`` says `.tornTail`.
public final class JournalReader {
    /// Where reading starts.
    public enum Start: Equatable, Sendable {
        case beginning
        /// The first record with a seq at least this.
        case seq(UInt64)
        /// The first record with a virtual time at least this (nanoseconds).
        case time(Int64)
    }

    /// How to wait for records that a writer has not written yet.
    public struct Follow: Sendable {
        /// How often to look for new data.
        public var pollInterval: Duration
        /// Stop (returning `nil`) after this long without new data; `nil`: wait until the
        /// journal is closed.
        public var idleTimeout: Duration?

        public init(pollInterval: Duration = .milliseconds(20), idleTimeout: Duration? = nil) {
            self.pollInterval = pollInterval
            self.idleTimeout = idleTimeout
        }
    }

    /// The path given.
    public let path: String
    /// The metadata of the first segment's header.
    public let metadata: JournalMetadata
    // Per-record state: not checked for exclusive access at run time (see SegmentReader).
    /// How the journal ended; `nil` until `next()` has returned `nil`.
    @exclusivity(unchecked) public private(set) var ending: JournalEnding?
    /// The seq of the last record returned (0 before the first).
    @exclusivity(unchecked) public private(set) var lastSeqRead: UInt64 = 0

    private let isDirectory: Bool
    private let follow: Follow?
    private let decompressor: ZstdDecompressor
    private var segmentNumber: Int
    @exclusivity(unchecked) private var segment: SegmentReader
    @exclusivity(unchecked) private var finished = StatisticsAccumulator()
    private var sawNextSegment = false

    /// Opens a journal and positions it at `start`.
    public init(path: String, from start: Start = .beginning, follow: Follow? = nil) throws(JournalError) {
        self.path = path
        self.follow = follow
        self.decompressor = try ZstdDecompressor()
        let segments = try JournalLayout.segmentPaths(of: path)
        self.isDirectory = JournalLayout.isDirectory(path)
        // Skip whole segments that end before the start.
        var number = 1
        var expected: UInt64 = 1
        var firstMetadata: JournalMetadata?
        var chosen: SegmentReader?
        for (position, segmentPath) in segments.enumerated() {
            let reader = try SegmentReader(path: segmentPath, expectedFirstSeq: expected, decompressor: self.decompressor)
            if firstMetadata == nil { firstMetadata = reader.header.metadata }
            number = position + 1
            let isLast = position == segments.count - 1
            if !isLast, start != .beginning {
                let (_, lastSeq, lastTime) = try reader.frameIndex()
                let before: Bool
                switch start {
                case .beginning: before = false
                case .seq(let seq): before = lastSeq < seq
                case .time(let time): before = lastTime < time
                }
                if before { expected = lastSeq + 1; continue }
            }
            chosen = reader
            break
        }
        self.metadata = firstMetadata!
        self.segment = chosen!
        self.segmentNumber = number
        switch start {
        case .beginning: break
        case .seq(let seq): try self.segment.seek(seq: seq, time: nil)
        case .time(let time): try self.segment.seek(seq: nil, time: time)
        }
    }

    /// What has been read so far.
    public var statistics: JournalStatistics {
        var s = self.finished.statistics
        s.frames += self.segment.frames
        s.compressedBytes += self.segment.compressedBytes
        s.rawBytes += self.segment.rawBytes
        return s
    }

    /// The next record, or `nil` at the end (see ``ending``). In follow mode, waits for
    /// the writer and returns `nil` only when the journal is closed or the idle timeout
    /// passes.
    public func next() throws(JournalError) -> JournalRecord? {
        if self.ending != nil { return nil }
        let step = try self.segment.next()
        if case .record(let record) = step {
            self.finished.records += 1
            self.lastSeqRead = record.seq
            return record
        }
        return try self.next(after: step)
    }

    /// ``next()`` past the end of the current segment's records: the next segment, or
    /// the journal's end, or (following) waiting for the writer. Kept out of `next()`,
    /// whose per-record path it would slow down.
    private func next(after first: SegmentReader.Step) throws(JournalError) -> JournalRecord? {
        var idleSince: ContinuousClock.Instant?
        var pending: SegmentReader.Step? = first
        while true {
            let step: SegmentReader.Step
            if let first = pending {
                step = first
                pending = nil
            } else {
                step = try self.segment.next()
            }
            switch step {
            case .record(let record):
                self.finished.records += 1
                self.lastSeqRead = record.seq
                return record
            case .end(let ending, let index):
                if let index, !index.isFinal, self.isDirectory {
                    if let next = try self.openNextSegment() {
                        self.finished.add(self.segment)
                        self.segment = next
                        continue
                    }
                    if self.follow == nil {
                        throw .missingSegment(path: self.path, segment: JournalLayout.segmentName(self.segmentNumber + 1))
                    }
                } else if self.follow == nil, self.isDirectory, ending != .closed,
                          FileSystem.kind(of: self.path + "/" + JournalLayout.segmentName(self.segmentNumber + 1)) == .file {
                    // The writer stopped between starting the next segment and closing
                    // this one: every frame here is complete, so read on. A torn frame
                    // with a segment after it is damage, not a crash tail.
                    if case .tornTail(let path, let offset, let bytes) = ending {
                        throw .corruptFrame(path: path, offset: offset, seq: "after \(self.segment.lastSeq)",
                                            reason: "\(bytes) byte(s) of an incomplete frame in a segment that another segment follows")
                    }
                    if let next = try self.openNextSegment() {
                        self.finished.add(self.segment)
                        self.segment = next
                        continue
                    }
                } else if ending == .closed || self.follow == nil {
                    self.ending = ending
                    return nil
                }
                // Follow: wait for more data or the next segment.
                let now = ContinuousClock.now
                if idleSince == nil { idleSince = now }
                if let timeout = self.follow?.idleTimeout, now - idleSince! >= timeout {
                    self.ending = ending
                    return nil
                }
                // A writer that rotated creates the next segment only after its last
                // frame here is written: once it exists and nothing new came, move on.
                let nextExists = self.isDirectory && ending == .unclosed
                    && FileSystem.kind(of: self.path + "/" + JournalLayout.segmentName(self.segmentNumber + 1)) == .file
                if nextExists, self.sawNextSegment, let next = try self.openNextSegment() {
                    self.finished.add(self.segment)
                    self.segment = next
                    self.sawNextSegment = false
                    continue
                }
                self.sawNextSegment = nextExists
                sleepFor(self.follow!.pollInterval)
                try self.segment.refresh()
            }
        }
    }

    private func openNextSegment() throws(JournalError) -> SegmentReader? {
        let nextPath = self.path + "/" + JournalLayout.segmentName(self.segmentNumber + 1)
        guard FileSystem.kind(of: nextPath) == .file else { return nil }
        do {
            let reader = try SegmentReader(path: nextPath, expectedFirstSeq: self.segment.lastSeq + 1, decompressor: self.decompressor)
            self.segmentNumber += 1
            return reader
        } catch .truncatedHeader where self.follow != nil {
            return nil  // the writer is creating it right now
        }
    }
}

/// Totals of finished segments.
private struct StatisticsAccumulator {
    var statistics = JournalStatistics()
    var records: UInt64 {
        get { self.statistics.records }
        set { self.statistics.records = newValue }
    }
    mutating func add(_ segment: SegmentReader) {
        self.statistics.frames += segment.frames
        self.statistics.compressedBytes += segment.compressedBytes
        self.statistics.rawBytes += segment.rawBytes
    }
}

func sleepFor(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
