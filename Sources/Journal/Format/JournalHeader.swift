/// The header at the start of every journal file (a zstd skippable frame, variant 0).
///
/// Payload: magic "MMJOURNL" (8) | version u16 | flags u16 | metadata length u32 |
/// metadata JSON | crc32 u32 of everything before it in the payload.
struct JournalHeader: Equatable {
    var version: UInt16
    var metadata: JournalMetadata
    /// Bytes the header occupies in the file (where the first frame starts).
    var encodedSize: Int

    static func encode(_ metadata: JournalMetadata) -> [UInt8] {
        let json = metadata.jsonBytes()
        var payload: [UInt8] = []
        payload.append(contentsOf: JournalFormat.headerMagic)
        payload.appendLittleEndian(JournalFormat.version)
        payload.appendLittleEndian(UInt16(0))
        payload.appendLittleEndian(UInt32(json.count))
        payload.append(contentsOf: json)
        payload.appendLittleEndian(CRC32.checksum(payload))
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(JournalFormat.headerFrameMagic)
        bytes.appendLittleEndian(UInt32(payload.count))
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// Reads and checks the header of an open file.
    static func read(from file: FileHandle, fileSize: UInt64) throws(JournalError) -> JournalHeader {
        let path = file.path
        if fileSize == 0 { throw .emptyFile(path: path) }
        let prefix = try file.read(count: 8, at: 0)
        var magicBytes: [UInt8] = []
        magicBytes.appendLittleEndian(JournalFormat.headerFrameMagic)
        let n = min(prefix.count, 4)
        guard Array(prefix[0..<n]) == Array(magicBytes[0..<n]) else {
            throw .notAJournal(path: path, reason: "the file does not start with the journal header magic")
        }
        guard prefix.count == 8 else { throw .truncatedHeader(path: path, bytes: Int(fileSize), needed: 8) }
        let size = Int(prefix.withUnsafeBytes { $0.littleEndian(at: 4, as: UInt32.self) })
        guard size >= 24 && size <= (1 << 24) else {
            throw .notAJournal(path: path, reason: "header size \(size) is implausible")
        }
        let payload = try file.read(count: size, at: 8)
        // Check the payload magic on what is there before complaining about truncation.
        let m = min(payload.count, 8)
        guard Array(payload[0..<m]) == Array(JournalFormat.headerMagic[0..<m]) else {
            throw .notAJournal(path: path, reason: "a zstd skippable frame that is not a journal header")
        }
        if payload.count >= 10 {
            let version = payload.withUnsafeBytes { $0.littleEndian(at: 8, as: UInt16.self) }
            // Versions start at 1: 0 was never written, so the header is damaged.
            if version == 0 {
                throw .corruptHeader(path: path, reason: "format version 0 is invalid (versions start at 1; this build reads 1...\(JournalFormat.version)): the header is damaged")
            }
            if version > JournalFormat.version {
                throw .unsupportedVersion(path: path, found: version, supported: JournalFormat.version)
            }
        }
        guard payload.count == size else { throw .truncatedHeader(path: path, bytes: Int(fileSize), needed: 8 + size) }
        let stored = payload.withUnsafeBytes { $0.littleEndian(at: size - 4, as: UInt32.self) }
        guard CRC32.checksum(Array(payload[0..<(size - 4)])) == stored else {
            throw .corruptHeader(path: path, reason: "header checksum mismatch")
        }
        let version = payload.withUnsafeBytes { $0.littleEndian(at: 8, as: UInt16.self) }
        let jsonLength = Int(payload.withUnsafeBytes { $0.littleEndian(at: 12, as: UInt32.self) })
        guard 16 + jsonLength + 4 == size else {
            throw .corruptHeader(path: path, reason: "metadata length \(jsonLength) does not match the header size \(size)")
        }
        let metadata: JournalMetadata
        do {
            metadata = try JournalMetadata.decode(Array(payload[16..<(16 + jsonLength)]))
        } catch {
            throw .corruptHeader(path: path, reason: "metadata is not valid JSON: \(error)")
        }
        return JournalHeader(version: version, metadata: metadata, encodedSize: 8 + size)
    }
}
