/// Reads the records of one journal file, checking every frame completely before
/// handing out any of its records: zstd's content checksum, the descriptor's sizes and
/// counts, dense seqs, and non-decreasing times.
final class SegmentReader {
    enum Step {
        case record(JournalRecord)
        /// No complete frame follows (yet).
        case end(JournalEnding, index: JournalIndex?)
    }

    let path: String
    let file: FileHandle
    let header: JournalHeader
    @exclusivity(unchecked) private(set) var scanner: FrameScanner
    private let decompressor: ZstdDecompressor
    private var compressed: [UInt8] = []
    // The per-record state below is touched for every record read; a reader is used from
    // one thread at a time, so its accesses are not checked for exclusivity at run time
    // (the checks cost ~12% of read throughput).
    @exclusivity(unchecked) private var frame: [UInt8] = []
    @exclusivity(unchecked) private var frameLength = 0
    @exclusivity(unchecked) private var cursor = 0
    /// The seq a first frame must start with (the previous segment's last + 1).
    private let expectedFirstSeq: UInt64
    private var lastTime: Int64 = .min
    /// Records before this seq / time are skipped (after a seek).
    @exclusivity(unchecked) private var skipBeforeSeq: UInt64 = 0
    @exclusivity(unchecked) private var skipBeforeTime: Int64 = .min

    private(set) var frames = 0
    private(set) var compressedBytes: UInt64 = 0
    private(set) var rawBytes: UInt64 = 0

    init(path: String, expectedFirstSeq: UInt64, decompressor: ZstdDecompressor) throws(JournalError) {
        self.path = path
        self.file = try FileHandle.openForReading(path)
        let size = try self.file.size()
        self.header = try JournalHeader.read(from: self.file, fileSize: size)
        self.scanner = FrameScanner(file: self.file, fileSize: size, bodyStart: UInt64(self.header.encodedSize), lastSeq: expectedFirstSeq - 1)
        self.decompressor = decompressor
        self.expectedFirstSeq = expectedFirstSeq
    }

    /// Re-reads the file's size (another process may have appended).
    func refresh() throws(JournalError) {
        self.scanner.fileSize = try self.file.size()
    }

    /// The frame index: the trailing one when the file is closed, otherwise rebuilt by
    /// walking the descriptors (no decompression). Also returns the last seq and time.
    func frameIndex() throws(JournalError) -> (entries: [FrameIndexEntry], lastSeq: UInt64, lastTime: Int64) {
        let bodyStart = UInt64(self.header.encodedSize)
        if let (index, _) = try JournalIndex.readTrailing(from: self.file, fileSize: self.scanner.fileSize, bodyStart: bodyStart) {
            return (index.entries, index.lastSeq, index.lastTime)
        }
        var walker = FrameScanner(file: self.file, fileSize: self.scanner.fileSize, bodyStart: bodyStart, lastSeq: self.expectedFirstSeq - 1)
        var entries: [FrameIndexEntry] = []
        var lastTime: Int64 = .min
        while case .frame(let offset, let d) = try walker.next() {
            entries.append(FrameIndexEntry(offset: offset, firstSeq: d.firstSeq, firstTime: d.firstTime))
            lastTime = d.lastTime
        }
        return (entries, walker.lastSeq, lastTime)
    }

    /// Positions the reader at the first record with `seq >= seq` (when given) and
    /// `time >= time` (when given), decompressing only from the frame that holds it.
    func seek(seq: UInt64?, time: Int64?) throws(JournalError) {
        let (entries, _, _) = try self.frameIndex()
        var chosen: FrameIndexEntry?
        for entry in entries {  // entries are sorted by seq and by time
            if let seq, entry.firstSeq > seq { break }
            if let time, entry.firstTime >= time { break }
            chosen = entry
        }
        if let chosen {
            self.scanner.offset = chosen.offset
            self.scanner.lastSeq = chosen.firstSeq - 1
        }
        self.skipBeforeSeq = seq ?? 0
        self.skipBeforeTime = time ?? .min
    }

    private func corrupt(_ offset: UInt64, _ d: FrameDescriptor, _ reason: String) -> JournalError {
        .corruptFrame(path: self.path, offset: offset, seq: "\(d.firstSeq)-\(d.lastSeq)", reason: reason)
    }

    /// Reads, decompresses and checks the frame at `offset`. Returns `false`, loading
    /// nothing, when the frame fails because the file's trailing zero run starts inside
    /// it (a zero-filled torn tail, see `FrameScanner+ZeroTail.swift`).
    private func load(offset: UInt64, descriptor d: FrameDescriptor) throws(JournalError) -> Bool {
        let count = Int(d.compressedSize)
        let unitEnd = offset + UInt64(FrameDescriptor.encodedSize + count)
        if self.compressed.count < count { self.compressed = [UInt8](repeating: 0, count: count) }
        let got = try self.compressed.withMutableBytes { (buffer) throws(JournalError) -> Int in
            try self.file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]), at: offset + UInt64(FrameDescriptor.encodedSize))
        }
        guard got == count else {
            if try self.scanner.isZeroFilledTail(unitAt: offset, claimedEnd: unitEnd) { return false }
            throw self.corrupt(offset, d, "short read: \(got) of \(count) bytes")
        }
        let rawSize = Int(d.rawSize)
        if self.frame.count < rawSize { self.frame = [UInt8](repeating: 0, count: max(rawSize, self.frame.count * 2)) }
        let result = self.compressed.withUnsafeBytes { src in
            self.frame.withUnsafeMutableBytes { dst in
                self.decompressor.decompress(UnsafeRawBufferPointer(rebasing: src[0..<count]), into: UnsafeMutableRawBufferPointer(rebasing: dst[0..<rawSize]))
            }
        }
        switch result {
        case .failure(let failure):
            if try self.scanner.isZeroFilledTail(unitAt: offset, claimedEnd: unitEnd) { return false }
            throw self.corrupt(offset, d, "zstd: \(failure.message)")
        case .success(let n) where n != rawSize: throw self.corrupt(offset, d, "decompressed to \(n) bytes, the descriptor says \(rawSize)")
        case .success: break
        }
        if let problem = self.validateRecords(rawSize: rawSize, descriptor: d) { throw self.corrupt(offset, d, problem) }
        if d.firstTime < self.lastTime {
            throw self.corrupt(offset, d, "frame starts at time \(d.firstTime), before the previous frame's last time \(self.lastTime)")
        }
        self.lastTime = d.lastTime
        self.frameLength = rawSize
        self.cursor = 0
        self.frames += 1
        self.compressedBytes += UInt64(FrameDescriptor.encodedSize + count)
        self.rawBytes += UInt64(rawSize)
        return true
    }

    /// Checks the record framing of a decompressed frame; returns what is wrong, if anything.
    private func validateRecords(rawSize: Int, descriptor d: FrameDescriptor) -> String? {
        self.frame.withUnsafeBytes { raw -> String? in
            var at = 0
            var expected = d.firstSeq
            var previousTime = d.firstTime
            var count: UInt32 = 0
            let headerSize = RecordHeader.size
            while at < rawSize {
                guard rawSize - at >= headerSize else { return "record header cut at byte \(at) of the frame" }
                let header = RecordHeader.read(from: raw, at: at)
                let (seq, time, length) = (header.seq, header.time, Int(header.length))
                guard seq == expected else { return "record at byte \(at) has seq \(seq), expected \(expected)" }
                guard time >= previousTime else { return "record seq \(seq) has time \(time) before \(previousTime)" }
                guard length <= rawSize - at - headerSize else { return "record seq \(seq) claims \(length) payload bytes past the frame end" }
                at += headerSize + length
                expected &+= 1
                previousTime = time
                count &+= 1
            }
            guard count == d.recordCount else { return "frame holds \(count) records, the descriptor says \(d.recordCount)" }
            guard previousTime == d.lastTime else { return "last record time \(previousTime) differs from the descriptor's \(d.lastTime)" }
            return nil
        }
    }

    /// The next record, or how the file ends (for now).
    func next() throws(JournalError) -> Step {
        while true {
            if self.cursor < self.frameLength {
                let record = self.frame.withUnsafeBytes { raw -> JournalRecord in
                    let header = RecordHeader.read(from: raw, at: self.cursor)
                    let start = self.cursor + RecordHeader.size
                    self.cursor = start + Int(header.length)
                    return JournalRecord(seq: header.seq, time: header.time, type: header.type, payload: self.frame[start..<self.cursor])
                }
                if record.seq < self.skipBeforeSeq || record.time < self.skipBeforeTime { continue }
                return .record(record)
            }
            let isFirstFrame = self.frames == 0 && self.scanner.offset == UInt64(self.header.encodedSize)
            self.scanner.acceptsAnyFirstSeq = isFirstFrame
            let beforeStep = self.scanner
            let step = try self.scanner.next()
            if isFirstFrame, case .frame(_, let d) = step, d.firstSeq != self.expectedFirstSeq {
                throw .segmentGap(path: self.path, segment: self.segmentName, expectedSeq: self.expectedFirstSeq, foundSeq: d.firstSeq)
            }
            switch step {
            case .frame(let offset, let descriptor):
                if try !self.load(offset: offset, descriptor: descriptor) {
                    // A zero-filled torn tail: stay before it (a follower looks again).
                    self.scanner = beforeStep
                    return .end(.tornTail(path: self.path, offset: offset, bytes: self.scanner.fileSize - offset), index: nil)
                }
            case .end(let index):
                return .end(index == nil ? .unclosed : .closed, index: index)
            case .tornTail(let offset, let bytes):
                return .end(.tornTail(path: self.path, offset: offset, bytes: bytes), index: nil)
            }
        }
    }

    /// The file's name, for messages about segments.
    var segmentName: String { String(self.path.split(separator: "/").last ?? Substring(self.path)) }

    /// The last seq read so far (or before the first frame, the seq before it).
    var lastSeq: UInt64 { self.scanner.lastSeq }
}
