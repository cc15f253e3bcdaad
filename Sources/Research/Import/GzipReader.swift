import CZlib

/// A gzip file decompressed in process with zlib. Concatenated members (what `cat a.gz
/// b.gz`, or a capture rotated by appending, gives) are read one after the other, as
/// `gzip -dc` does. A file that ends inside a member, or bytes that are not gzip, are an
/// error naming the file and the compressed byte offset.
final class GzipReader: ChunkReader {
    private let file: RawFile
    private var input = CompressedInput()
    private let stream: UnsafeMutablePointer<z_stream>
    /// Inside a member (its header read, its end not yet reached).
    private var inMember = false
    /// Any member started (the stream then needs a reset before the next one).
    private var started = false
    /// The compressed offset of the current member's first byte.
    private var memberStart: UInt64 = 0
    /// The file ended inside a member: thrown by the next read, after the bytes before it.
    private var truncated = false

    init(file: RawFile) throws(ImportError) {
        self.file = file
        self.stream = .allocate(capacity: 1)
        self.stream.initialize(to: z_stream())
        guard mm_inflate_init_gzip(self.stream) == Z_OK else {
            self.stream.deallocate()
            throw .decompression(file: file.path, offset: 0, reason: "zlib could not start a gzip stream")
        }
    }

    deinit {
        inflateEnd(self.stream)
        self.stream.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImportError) -> Int {
        if self.truncated {
            throw .decompression(file: self.file.path, offset: self.file.offset,
                                 reason: "the file ends inside the gzip member that starts at byte \(self.memberStart) (truncated)")
        }
        guard let out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count > 0 else { return 0 }
        self.stream.pointee.next_out = out
        self.stream.pointee.avail_out = UInt32(buffer.count)
        while self.stream.pointee.avail_out > 0 {
            if self.input.available == 0 {
                guard try self.input.refill(from: self.file) else {
                    self.truncated = self.inMember
                    break
                }
            }
            if !self.inMember {
                if self.started { inflateReset(self.stream) }
                self.started = true
                self.inMember = true
                self.memberStart = self.input.offset
            }
            self.stream.pointee.next_in = self.input.base + self.input.start
            self.stream.pointee.avail_in = UInt32(self.input.available)
            let status = inflate(self.stream, Z_NO_FLUSH)
            self.input.start = self.input.end - Int(self.stream.pointee.avail_in)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                self.inMember = false
            default:
                let detail = self.stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw .decompression(file: self.file.path, offset: self.input.offset,
                                     reason: "corrupt gzip data (\(detail)) in the member that starts at byte \(self.memberStart)")
            }
        }
        let produced = buffer.count - Int(self.stream.pointee.avail_out)
        if produced == 0 && self.truncated { return try self.read(into: buffer) }
        return produced
    }
}
