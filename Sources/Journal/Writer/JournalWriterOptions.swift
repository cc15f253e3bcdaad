/// When the writer asks the operating system to put written frames on stable storage.
public enum FsyncPolicy: Equatable, Sendable {
    /// `fdatasync` after every frame: nothing reported durable is lost on power failure.
    case always
    /// `fdatasync` when at least this long has passed since the last one.
    case interval(Duration)
    /// Never; the OS writes back on its own (a killed process still loses nothing written).
    case never
}

/// When a directory journal starts a new segment.
public struct RotationPolicy: Equatable, Sendable {
    /// Start a new segment once a segment holds this many raw bytes.
    public var maxRawBytes: UInt64?
    /// Start a new segment once a segment spans this much virtual time (nanoseconds),
    /// e.g. 3_600_000_000_000 for hourly segments.
    public var maxTimeSpan: Int64?

    public init(maxRawBytes: UInt64? = nil, maxTimeSpan: Int64? = nil) {
        self.maxRawBytes = maxRawBytes
        self.maxTimeSpan = maxTimeSpan
    }
}

/// How a ``JournalWriter`` groups, compresses and syncs records.
public struct JournalWriterOptions: Equatable, Sendable {
    /// A frame is closed once it holds this many raw bytes (group commit by size).
    public var frameSize: Int
    /// A frame is also closed once its first record is this old (group commit by time);
    /// `nil`: only by size, ``JournalWriter/flush()`` and close.
    public var flushInterval: Duration?
    public var fsync: FsyncPolicy
    /// zstd level (1 fastest ... 19 smallest).
    public var compressionLevel: Int32
    /// Rotation into a directory of segments; `nil` writes one file.
    public var rotation: RotationPolicy?
    /// Compress, write and sync frames on a background thread, so `append` never waits
    /// for zstd or the disk (only for a full queue of frames). `false`: inline.
    public var backgroundCommit: Bool

    public init(frameSize: Int = 256 << 10, flushInterval: Duration? = .milliseconds(200),
                fsync: FsyncPolicy = .interval(.seconds(1)), compressionLevel: Int32 = 3,
                rotation: RotationPolicy? = nil, backgroundCommit: Bool = true) {
        self.frameSize = frameSize
        self.flushInterval = flushInterval
        self.fsync = fsync
        self.compressionLevel = compressionLevel
        self.rotation = rotation
        self.backgroundCommit = backgroundCommit
    }

    /// Why `frameSize` is not a valid ``frameSize`` (1 KiB ... 32 MiB), or `nil`.
    public static func frameSizeProblem(_ frameSize: Int) -> String? {
        guard frameSize >= 1024 && frameSize <= JournalFormat.maxFrameRawSize / 2 else {
            return "frame size \(frameSize) is outside 1 KiB...32 MiB"
        }
        return nil
    }

    /// Why `level` is not a valid ``compressionLevel`` (-7...-1 or 1...22), or `nil`.
    public static func compressionLevelProblem(_ level: Int32) -> String? {
        guard (1...22).contains(level) || (-7...(-1)).contains(level) else {
            return "zstd level \(level) is outside -7...-1 and 1...22"
        }
        return nil
    }

    func validate() throws(JournalError) {
        if let problem = Self.frameSizeProblem(self.frameSize) { throw .invalidArgument(problem) }
        if let problem = Self.compressionLevelProblem(self.compressionLevel) { throw .invalidArgument(problem) }
    }
}
