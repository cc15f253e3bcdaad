#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CZstd
import CommandLineStatus
import Engine
import EngineJournal
import Journal
import SimulatedExchange
import JSON

/// `mm-replay journal bench`: journal throughput against libzstd's one-shot API.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure journal write/read throughput against libzstd one-shot on the same bytes.",
        discussion: HelpText.reflow("""
        Generates --events synthetic records in memory, then measures (best of
        --iterations runs):
          write: appending the (pre-encoded) event payloads as records: framing,
                 compressing and writing the journal file (fsync never), in raw MB/s;
          read:  opening the journal and reading every record back with every frame's
                 checksum and framing checked, in raw MB/s;
          libzstd one-shot compress and decompress of the exact same raw record
                 bytes in one buffer, at the same level, with content checksums.
        Ratios are journal / libzstd. MB = 10^6 bytes. --json prints one object
        with level, events, raw_bytes, write_mb_s, read_mb_s, write_records_s,
        read_records_s, libzstd_compress_mb_s, libzstd_decompress_mb_s, write_ratio,
        read_ratio, compression_ratio, libzstd_compression_ratio, and
        event_encode_mb_s (the Engine's binary encoding of the same events, measured
        separately).

        Exit codes: 0 measured; 1 bad options, or the temporary journal cannot be written.
        """)
    )

    @Option(name: .long, help: "Number of synthetic records.")
    var events: Int = 300_000

    @Option(name: .long, help: "zstd compression level.")
    var level: Int32 = 3

    @Option(name: .long, help: "Measured runs of each step (the best is reported).")
    var iterations: Int = 3

    @Option(name: .long, help: "Raw bytes per journal frame.")
    var frameSize: Int = 256 << 10

    @Option(name: .long, help: "Directory for the temporary journal.")
    var directory: String = "/tmp"

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard (1...100_000_000).contains(self.events) else { throw ValidationError("--events must be within 1...100000000") }
        guard (1...1_000).contains(self.iterations) else { throw ValidationError("--iterations must be within 1...1000") }
        if let problem = JournalWriterOptions.compressionLevelProblem(self.level) { throw ValidationError("--level: \(problem)") }
        if let problem = JournalWriterOptions.frameSizeProblem(self.frameSize) { throw ValidationError("--frame-size: \(problem)") }
    }

    func run() throws {
        try runReportingErrors {
            StandardError.print("bench: generating \(self.events) synthetic records (BTC, ETH)...")
            var market = SyntheticMarket(seed: 42, coins: ["BTC", "ETH"])
            var inputs: [(time: Int64, event: Event)] = []
            inputs.reserveCapacity(self.events)
            for _ in 0..<self.events { inputs.append(market.next()) }

            // Encode once: the payloads the journal is given, and the exact bytes its
            // frames hold (record headers + payloads) in one buffer for the baseline.
            var raw = BinaryWriter(reservingCapacity: self.events * 700)
            var payloadEnds: [Int] = []
            payloadEnds.reserveCapacity(self.events)
            var payloads = BinaryWriter(reservingCapacity: self.events * 700)
            let encodeSeconds = try measure {
                for input in inputs {
                    input.event.encodePayload(to: &payloads)
                    payloadEnds.append(payloads.bytes.count)
                }
            }
            for (index, input) in inputs.enumerated() {
                Stamped(seq: UInt64(index + 1), time: input.time, event: input.event).encodeRecord(to: &raw)
            }
            let rawBytes = raw.bytes.count
            let path = "\(self.directory)/mm-replay-bench-\(getpid()).mmj"
            defer { unlink(path) }

            let options = JournalWriterOptions(frameSize: self.frameSize, flushInterval: nil, fsync: .never, compressionLevel: self.level)
            var writeSeconds = Double.infinity
            var readSeconds = Double.infinity
            var fileBytes = 0
            for iteration in 1...self.iterations {
                StandardError.print("bench: journal run \(iteration)/\(self.iterations)")
                unlink(path)
                let writeTime = try measure {
                    let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC", "ETH"]), options: options)
                    try payloads.bytes.withUnsafeBytes { (all) throws in
                        var start = 0
                        for (index, input) in inputs.enumerated() {
                            let end = payloadEnds[index]
                            try writer.append(type: input.event.tag, time: input.time, payload: UnsafeRawBufferPointer(rebasing: all[start..<end]))
                            start = end
                        }
                    }
                    try writer.close()
                }
                writeSeconds = min(writeSeconds, writeTime)
                var records: UInt64 = 0
                var checksum: UInt64 = 0
                let readTime = try measure {
                    let reader = try JournalReader(path: path)
                    while let record = try reader.next() {
                        records += 1
                        checksum &+= UInt64(record.payload.count) &+ record.seq
                    }
                }
                guard records == UInt64(self.events) else {
                    throw JournalError.invalidArgument("bench read back \(records) records, wrote \(self.events)")
                }
                _ = checksum
                readSeconds = min(readSeconds, readTime)
                var info = stat()
                stat(path, &info)
                fileBytes = Int(info.st_size)
            }

            let baseline = try OneShotZstd(level: self.level, input: raw.bytes, iterations: self.iterations)
            let mb = Double(rawBytes) / 1e6
            let writeMB = mb / writeSeconds
            let readMB = mb / readSeconds
            let result = BenchResult(
                level: self.level, events: self.events, rawBytes: rawBytes, fileBytes: fileBytes,
                writeMBs: writeMB, readMBs: readMB,
                writeRecords: Double(self.events) / writeSeconds, readRecords: Double(self.events) / readSeconds,
                zstdCompressMBs: mb / baseline.compressSeconds, zstdDecompressMBs: mb / baseline.decompressSeconds,
                encodeMBs: Double(payloads.bytes.count) / 1e6 / encodeSeconds,
                compressionRatio: Double(rawBytes) / Double(fileBytes),
                zstdCompressionRatio: Double(rawBytes) / Double(baseline.compressedSize))
            var output = StandardOutput()
            output.write(self.json ? result.json + "\n" : result.text)
            output.flush()
        }
    }
}

/// Seconds taken by `body`.
func measure(_ body: () throws -> Void) throws -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// libzstd's one-shot compression and decompression of one buffer: the baseline.
struct OneShotZstd {
    var compressSeconds = Double.infinity
    var decompressSeconds = Double.infinity
    var compressedSize = 0

    init(level: Int32, input: [UInt8], iterations: Int) throws {
        let cctx = ZSTD_createCCtx()
        let dctx = ZSTD_createDCtx()
        defer { ZSTD_freeCCtx(cctx); ZSTD_freeDCtx(dctx) }
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)
        var compressed = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        var restored = [UInt8](repeating: 0, count: input.count)
        for iteration in 1...iterations {
            StandardError.print("bench: libzstd one-shot run \(iteration)/\(iterations)")
            var size = 0
            let c = try measure {
                size = input.withUnsafeBytes { src in
                    compressed.withUnsafeMutableBytes { dst in
                        ZSTD_compress2(cctx, dst.baseAddress, dst.count, src.baseAddress, src.count)
                    }
                }
                if ZSTD_isError(size) != 0 { throw JournalError.compression(reason: String(cString: ZSTD_getErrorName(size))) }
            }
            self.compressSeconds = min(self.compressSeconds, c)
            self.compressedSize = size
            let d = try measure {
                let n = compressed.withUnsafeBytes { src in
                    restored.withUnsafeMutableBytes { dst in
                        ZSTD_decompressDCtx(dctx, dst.baseAddress, dst.count, src.baseAddress, size)
                    }
                }
                if ZSTD_isError(n) != 0 || n != input.count { throw JournalError.compression(reason: "one-shot round trip failed") }
            }
            self.decompressSeconds = min(self.decompressSeconds, d)
        }
    }
}

/// The figures `bench` prints.
struct BenchResult {
    var level: Int32
    var events: Int
    var rawBytes: Int
    var fileBytes: Int
    var writeMBs: Double
    var readMBs: Double
    var writeRecords: Double
    var readRecords: Double
    var zstdCompressMBs: Double
    var zstdDecompressMBs: Double
    /// Engine event encoding (payload bytes per second), outside the journal's figures.
    var encodeMBs: Double
    var compressionRatio: Double
    var zstdCompressionRatio: Double

    var writeRatio: Double { self.writeMBs / self.zstdCompressMBs }
    var readRatio: Double { self.readMBs / self.zstdDecompressMBs }

    private func r(_ x: Double, _ places: Double = 1000) -> Double { (x * places).rounded() / places }

    var json: String {
        var json = JSONWriter()
        json.beginObject()
        json.field("level", Int64(self.level))
        json.field("events", Int64(self.events))
        json.field("raw_bytes", Int64(self.rawBytes))
        json.field("file_bytes", Int64(self.fileBytes))
        json.field("write_mb_s", self.r(self.writeMBs, 10))
        json.field("read_mb_s", self.r(self.readMBs, 10))
        json.field("write_records_s", self.writeRecords.rounded())
        json.field("read_records_s", self.readRecords.rounded())
        json.field("libzstd_compress_mb_s", self.r(self.zstdCompressMBs, 10))
        json.field("libzstd_decompress_mb_s", self.r(self.zstdDecompressMBs, 10))
        json.field("write_ratio", self.r(self.writeRatio))
        json.field("read_ratio", self.r(self.readRatio))
        json.field("event_encode_mb_s", self.r(self.encodeMBs, 10))
        json.field("compression_ratio", self.r(self.compressionRatio))
        json.field("libzstd_compression_ratio", self.r(self.zstdCompressionRatio))
        json.endObject()
        return json.text
    }

    var text: String {
        """
        journal bench: \(self.events) records, \(self.rawBytes) raw bytes, zstd level \(self.level)
          write    \(self.r(self.writeMBs, 10)) MB/s  (\(Int(self.writeRecords)) records/s)  = \(self.r(self.writeRatio)) x libzstd one-shot compress (\(self.r(self.zstdCompressMBs, 10)) MB/s)
          read     \(self.r(self.readMBs, 10)) MB/s  (\(Int(self.readRecords)) records/s)  = \(self.r(self.readRatio)) x libzstd one-shot decompress (\(self.r(self.zstdDecompressMBs, 10)) MB/s)
          ratio    \(self.r(self.compressionRatio)) journal vs \(self.r(self.zstdCompressionRatio)) libzstd one-shot
          encode   \(self.r(self.encodeMBs, 10)) MB/s of event payloads (Engine binary encoding, not included above)

        """
    }
}
