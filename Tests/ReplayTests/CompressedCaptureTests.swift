import Foundation
@testable import Research
import TestSupport
import Testing

/// gzip and lz4 captures decompressed in process (zlib, liblz4): whole files, concatenated
/// members and frames across the 1 MiB read chunks, and truncated or corrupt input
/// reported with the file and the compressed byte offset.
@Suite(.tags(.integration)) struct CompressedCaptureTests {
    /// "alpha\nbeta\ngamma\n" as `gzip -n` writes it.
    static let gzipMember: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0xcc, 0x29, 0xc8, 0x48, 0xe4, 0x4a, 0x4a, 0x2d,
        0x49, 0xe4, 0x4a, 0x4f, 0xcc, 0xcd, 0x4d, 0xe4, 0x02, 0x00, 0x83, 0xbb, 0x9e, 0xad, 0x11, 0x00, 0x00, 0x00,
    ]
    /// The same as the `lz4` tool writes it (frame format, content checksum).
    static let lz4Frame: [UInt8] = [
        0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0x11, 0x00, 0x00, 0x80, 0x61, 0x6c, 0x70, 0x68, 0x61, 0x0a, 0x62, 0x65,
        0x74, 0x61, 0x0a, 0x67, 0x61, 0x6d, 0x6d, 0x61, 0x0a, 0x00, 0x00, 0x00, 0x00, 0xc1, 0xb6, 0x13, 0xac,
    ]
    static let lines = ["alpha", "beta", "gamma"]

    static func lines(of path: String) throws -> [String] {
        let source = try LineSource(path: path)
        var out: [String] = []
        while let line = try source.next() {
            guard case .text(let text) = line else { Issue.record("a line too long"); return out }
            out.append(String(decoding: text, as: UTF8.self))
        }
        return out
    }

    /// The error reading `path` to its end gives, with the lines read before it.
    static func failure(of path: String) -> (lines: Int, error: ImportError?) {
        var count = 0
        do {
            let source = try LineSource(path: path)
            while try source.next() != nil { count += 1 }
            return (count, nil)
        } catch {
            return (count, error)
        }
    }

    @Test func gzipAndLZ4FilesReadLikeThePlainText() throws {
        let scratch = Scratch()
        try Data(Self.gzipMember).write(to: URL(fileURLWithPath: scratch.file("a.gz")))
        try Data(Self.lz4Frame).write(to: URL(fileURLWithPath: scratch.file("a.lz4")))
        #expect(try Self.lines(of: scratch.file("a.gz")) == Self.lines)
        #expect(try Self.lines(of: scratch.file("a.lz4")) == Self.lines)
    }

    @Test func concatenatedMembersAndFramesReadFullyAcrossChunks() throws {
        // 40,000 copies: about 1.5 MB compressed, more than one 1 MiB read of the file.
        let copies = 40_000
        let scratch = Scratch()
        for (name, unit) in [("many.gz", Self.gzipMember), ("many.lz4", Self.lz4Frame)] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(unit.count * copies)
            for _ in 0..<copies { bytes += unit }
            #expect(bytes.count > 1 << 20)
            try Data(bytes).write(to: URL(fileURLWithPath: scratch.file(name)))
            let source = try LineSource(path: scratch.file(name))
            var count = 0
            var matching = true
            while let line = try source.next() {
                guard case .text(let text) = line else { Issue.record("a line too long"); break }
                matching = matching && String(decoding: text, as: UTF8.self) == Self.lines[count % 3]
                count += 1
            }
            #expect(count == 3 * copies, "\(name)")
            #expect(matching, "\(name)")
            #expect(source.bytesRead == UInt64(17 * copies), "\(name)")
        }
    }

    @Test func aTruncatedGzipFileNamesTheFileAndTheOffset() throws {
        let scratch = Scratch()
        // Every cut after the magic bytes, in the first member and in a second one.
        let two = Self.gzipMember + Self.gzipMember
        for cut in Array(2..<Self.gzipMember.count) + Array((Self.gzipMember.count + 1)..<(two.count)) {
            let path = scratch.file("cut-\(cut).gz")
            try Data(two[0..<cut]).write(to: URL(fileURLWithPath: path))
            let (lines, error) = Self.failure(of: path)
            guard case .decompression(let file, let offset, let reason)? = error else {
                Issue.record("cut at \(cut): no decompression error")
                continue
            }
            #expect(file == path)
            #expect(offset == UInt64(cut), "the end of the file")
            #expect(reason.contains("truncated"))
            let memberStart = cut > Self.gzipMember.count ? Self.gzipMember.count : 0
            #expect(reason.contains("starts at byte \(memberStart)"), "\(reason)")
            #expect(lines <= (cut > Self.gzipMember.count ? 6 : 3))
            #expect(error!.description.contains(path) && error!.description.contains("at byte \(cut)"))
        }
    }

    @Test func aCorruptOrTruncatedLZ4FileNamesTheFileAndTheOffset() throws {
        let scratch = Scratch()
        // A flipped byte in the block: the content checksum (after the end mark) rejects it.
        var corrupt = Self.lz4Frame
        corrupt[13] ^= 0x20
        try Data(corrupt).write(to: URL(fileURLWithPath: scratch.file("bad.lz4")))
        let (_, error) = Self.failure(of: scratch.file("bad.lz4"))
        guard case .decompression(let file, let offset, let reason)? = error else {
            Issue.record("no decompression error: \(String(describing: error))")
            return
        }
        #expect(file == scratch.file("bad.lz4"))
        #expect(offset == 32, "the content checksum: after the 7-byte header, the 21-byte block and the end mark")
        #expect(reason.contains("corrupt lz4 data") && reason.lowercased().contains("checksum"), "\(reason)")
        // A broken frame header is caught at once, at byte 0.
        var header = Self.lz4Frame
        header[6] ^= 0xFF
        try Data(header).write(to: URL(fileURLWithPath: scratch.file("header.lz4")))
        guard case .decompression(_, 0, _)? = Self.failure(of: scratch.file("header.lz4")).error else {
            Issue.record("a bad header checksum is not reported at byte 0")
            return
        }
        // Every cut after the magic number.
        for cut in 4..<Self.lz4Frame.count {
            let path = scratch.file("cut-\(cut).lz4")
            try Data(Self.lz4Frame[0..<cut]).write(to: URL(fileURLWithPath: path))
            guard case .decompression(path, UInt64(cut), let reason)? = Self.failure(of: path).error else {
                Issue.record("cut at \(cut): not reported as truncated at the end of the file")
                continue
            }
            #expect(reason.contains("truncated"))
        }
    }
}
