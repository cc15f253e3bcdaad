/// Walks the frames of one journal file without decompressing them.
///
/// Every step either yields a complete data frame (its descriptor and offset), reaches
/// the end (closed by an index, or simply ending at a frame boundary), finds a torn tail
/// (the file ends inside a frame, or its last unit fails its checks where the run of
/// zero bytes that ends the file begins: see `FrameScanner+ZeroTail.swift`), or throws
/// ``JournalError/corruptFrame(path:offset:seq:reason:)``.
struct FrameScanner {
    enum Step: Equatable {
        case frame(offset: UInt64, descriptor: FrameDescriptor)
        /// The file ends at a frame boundary; `index` is set when it ends with its index.
        case end(index: JournalIndex?)
        case tornTail(offset: UInt64, bytes: UInt64)
    }

    let file: FileHandle
    var fileSize: UInt64
    /// Offset of the next unit.
    var offset: UInt64
    /// The last seq of the frames walked so far (0 before the first).
    var lastSeq: UInt64
    /// Whether the next frame may start at any seq (the first frame of a later segment,
    /// whose continuity the caller checks itself).
    var acceptsAnyFirstSeq = false

    init(file: FileHandle, fileSize: UInt64, bodyStart: UInt64, lastSeq: UInt64 = 0) {
        self.file = file
        self.fileSize = fileSize
        self.offset = bodyStart
        self.lastSeq = lastSeq
    }

    private func corrupt(_ reason: String, seq: String? = nil) -> JournalError {
        .corruptFrame(path: self.file.path, offset: self.offset, seq: seq ?? "after \(self.lastSeq)", reason: reason)
    }

    /// A torn tail from `offset` to the end of the file when the unit there, which failed
    /// a check, is cut short by the file's trailing zero run (it starts before
    /// `claimedEnd`); otherwise `failure`, to be thrown.
    private func zeroTailOr(_ failure: JournalError, claimedEnd: UInt64) throws(JournalError) -> Step {
        guard try self.isZeroFilledTail(unitAt: self.offset, claimedEnd: claimedEnd) else { throw failure }
        return .tornTail(offset: self.offset, bytes: self.fileSize - self.offset)
    }

    /// Examines the unit at `offset` and advances past it when it is a complete frame.
    mutating func next() throws(JournalError) -> Step {
        if self.offset == self.fileSize { return .end(index: nil) }
        let remaining = self.fileSize - self.offset
        let torn = Step.tornTail(offset: self.offset, bytes: remaining)
        if remaining < UInt64(JournalFormat.skippableHeaderSize) {
            return torn
        }
        let head = try self.file.read(count: FrameDescriptor.encodedSize, at: self.offset)
        let magic = head.withUnsafeBytes { $0.littleEndian(at: 0, as: UInt32.self) }
        let size = UInt64(head.withUnsafeBytes { $0.littleEndian(at: 4, as: UInt32.self) })
        switch magic {
        case JournalFormat.descriptorFrameMagic:
            let descriptorEnd = self.offset + UInt64(FrameDescriptor.encodedSize)
            guard size == UInt64(FrameDescriptor.payloadSize) else {
                return try self.zeroTailOr(self.corrupt("frame descriptor has size \(size), expected \(FrameDescriptor.payloadSize)"),
                                           claimedEnd: descriptorEnd)
            }
            guard head.count == FrameDescriptor.encodedSize else { return torn }
            let decoded = head.withUnsafeBytes { raw in
                FrameDescriptor(payload: UnsafeRawBufferPointer(rebasing: raw[8..<FrameDescriptor.encodedSize]))
            }
            guard let descriptor = decoded else {
                return try self.zeroTailOr(self.corrupt("frame descriptor checksum mismatch"), claimedEnd: descriptorEnd)
            }
            let seqs = "\(descriptor.firstSeq)-\(descriptor.lastSeq)"
            guard descriptor.firstSeq == self.lastSeq + 1 || self.acceptsAnyFirstSeq else {
                throw self.corrupt("frame starts at seq \(descriptor.firstSeq), expected \(self.lastSeq + 1)", seq: seqs)
            }
            guard descriptor.recordCount > 0, descriptor.lastSeq == descriptor.firstSeq + UInt64(descriptor.recordCount) - 1,
                  descriptor.lastTime >= descriptor.firstTime, Int(descriptor.rawSize) <= JournalFormat.maxFrameRawSize else {
                throw self.corrupt("frame descriptor is inconsistent (\(descriptor.recordCount) records, seq \(seqs), \(descriptor.rawSize) raw bytes)", seq: seqs)
            }
            let end = self.offset + UInt64(FrameDescriptor.encodedSize) + UInt64(descriptor.compressedSize)
            guard end <= self.fileSize else { return torn }
            let step = Step.frame(offset: self.offset, descriptor: descriptor)
            self.offset = end
            self.lastSeq = descriptor.lastSeq
            self.acceptsAnyFirstSeq = false
            return step
        case JournalFormat.indexFrameMagic:
            // The index is the last unit of a file and ends with a non-zero magic, so a
            // zero run at the end of the file inside it is always a torn write.
            let end = self.offset + 8 + size
            if end > self.fileSize { return torn }
            if end < self.fileSize {
                return try self.zeroTailOr(self.corrupt("an index frame is followed by \(self.fileSize - end) more byte(s)"),
                                           claimedEnd: self.fileSize)
            }
            guard let (index, start) = try JournalIndex.readTrailing(from: self.file, fileSize: self.fileSize, bodyStart: 0),
                  start == self.offset else {
                return try self.zeroTailOr(self.corrupt("the closing index frame is damaged"), claimedEnd: self.fileSize)
            }
            guard index.lastSeq == self.lastSeq else {
                throw self.corrupt("the closing index ends at seq \(index.lastSeq) but the frames end at \(self.lastSeq)")
            }
            return .end(index: index)
        case 0x184D_2A53...0x184D_2A5F:
            // A skippable frame of a later format extension: skip it.
            let end = self.offset + 8 + size
            if end > self.fileSize { return torn }
            self.offset = end
            return try self.next()
        default:
            // Zeros from the start of the unit, or from inside its 4 magic bytes: a unit
            // whose write never reached the disk.
            let hex = String(magic, radix: 16)
            return try self.zeroTailOr(self.corrupt("unexpected bytes where a frame should start (magic 0x\(hex))"),
                                       claimedEnd: self.offset + 4)
        }
    }
}
