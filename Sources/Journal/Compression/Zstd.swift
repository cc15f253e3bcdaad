import CZstd

/// A reusable zstd compression context that writes one independent frame per call,
/// with the content size and zstd's content checksum in every frame.
final class ZstdCompressor {
    private let context: OpaquePointer
    let level: Int32

    init(level: Int32) throws(JournalError) {
        guard let context = ZSTD_createCCtx() else { throw .compression(reason: "cannot allocate a compression context") }
        self.context = context
        self.level = level
        try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level), "set level \(level)")
        try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1), "enable checksums")
        try Self.check(ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1), "enable content size")
    }

    deinit { ZSTD_freeCCtx(self.context) }

    static func check(_ code: Int, _ what: String) throws(JournalError) {
        if ZSTD_isError(code) != 0 { throw .compression(reason: "\(what): \(String(cString: ZSTD_getErrorName(code)))") }
    }

    /// The most bytes a frame of `rawSize` bytes can compress to.
    static func bound(_ rawSize: Int) -> Int { ZSTD_compressBound(rawSize) }

    /// Compresses `source` as one frame into `destination`; returns the frame's size.
    func compress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws(JournalError) -> Int {
        let n = ZSTD_compress2(self.context, destination.baseAddress, destination.count, source.baseAddress, source.count)
        try Self.check(n, "compress")
        return n
    }
}

/// A reusable zstd decompression context.
final class ZstdDecompressor {
    private let context: OpaquePointer

    init() throws(JournalError) {
        guard let context = ZSTD_createDCtx() else { throw .compression(reason: "cannot allocate a decompression context") }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(self.context) }

    /// Why zstd refused a frame.
    struct Failure: Error { var message: String }

    /// Decompresses one frame; verifies zstd's content checksum. Returns the size written,
    /// or what failed.
    func decompress(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Result<Int, Failure> {
        let n = ZSTD_decompressDCtx(self.context, destination.baseAddress, destination.count, source.baseAddress, source.count)
        if ZSTD_isError(n) != 0 { return .failure(Failure(message: String(cString: ZSTD_getErrorName(n)))) }
        return .success(n)
    }
}
