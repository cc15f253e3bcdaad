import CLZ4

/// An lz4 file (the frame format the `lz4` tool writes) decompressed in process with
/// liblz4. Concatenated frames are read one after the other. A file that ends inside a
/// frame, or bytes liblz4 rejects, are an error naming the file and the compressed byte
/// offset.
final class LZ4Reader: ChunkReader {
    private let file: RawFile
    private var input = CompressedInput()
    private let context: OpaquePointer
    /// The compressed bytes liblz4 expects next (its hint: the rest of a header, a block,
    /// the checksum); 0 between frames. Fed no more than that, so an error's offset is
    /// the start of the part it is in.
    private var expected = 0
    /// The file ended inside a frame: thrown by the next read, after the bytes before it.
    private var truncated = false

    init(file: RawFile) throws(ImportError) {
        self.file = file
        var context: OpaquePointer?
        let status = LZ4F_createDecompressionContext(&context, mm_lz4f_version())
        guard LZ4F_isError(status) == 0, let context else {
            throw .decompression(file: file.path, offset: 0, reason: "liblz4 could not start a decompression context")
        }
        self.context = context
    }

    deinit { LZ4F_freeDecompressionContext(self.context) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImportError) -> Int {
        if self.truncated {
            throw .decompression(file: self.file.path, offset: self.file.offset, reason: "the file ends inside an lz4 frame (truncated)")
        }
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var produced = 0
        while produced < buffer.count {
            if self.input.available == 0 {
                guard try self.input.refill(from: self.file) else {
                    self.truncated = self.expected != 0
                    break
                }
            }
            var outSize = buffer.count - produced
            // A frame's start: its smallest header (7 bytes), then what liblz4 asks for.
            var inSize = min(self.expected > 0 ? self.expected : 7, self.input.available)
            let hint = LZ4F_decompress(self.context, out + produced, &outSize, self.input.base + self.input.start, &inSize, nil)
            if LZ4F_isError(hint) != 0 {
                let detail = String(cString: LZ4F_getErrorName(hint))
                throw .decompression(file: self.file.path, offset: self.input.offset, reason: "corrupt lz4 data (\(detail)) in the part that starts here")
            }
            self.input.start += inSize
            produced += outSize
            self.expected = hint
        }
        if produced == 0 && self.truncated { return try self.read(into: buffer) }
        return produced
    }
}
