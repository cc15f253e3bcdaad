extension JournalWriter {
    /// Writes a copy of the closed single-file journal `source` to the new file
    /// `destination` (which must not exist) with `metadata` in its header.
    ///
    /// For writers that learn what the header says only after writing the records (an
    /// import learns its coins from the records it keeps). The frames are copied byte for
    /// byte, never decompressed; only the closing index is rewritten, its offsets moved by
    /// the change in header size. The header's segment number is kept. The destination is
    /// locked while it is written and, with `synchronize`, on stable storage on return.
    public static func copy(_ source: String, to destination: String, metadata: JournalMetadata, synchronize: Bool) throws(JournalError) {
        let input = try FileHandle.openForReading(source)
        defer { input.close() }
        let size = try input.size()
        let header = try JournalHeader.read(from: input, fileSize: size)
        guard let (index, indexStart) = try JournalIndex.readTrailing(from: input, fileSize: size, bodyStart: UInt64(header.encodedSize)) else {
            throw .invalidArgument("\(source) has no closing index (a writer did not close it); `mm-replay journal repair` it before copying")
        }
        var metadata = metadata
        metadata.segment = header.metadata.segment
        let newHeader = JournalHeader.encode(metadata)
        let output = try FileHandle.openForWriting(destination, create: true)
        defer { output.close() }
        try output.lockExclusively()
        try newHeader.withBytes { (raw) throws(JournalError) in try output.write(raw, at: 0) }

        // The frames, in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var from = UInt64(header.encodedSize)
        var to = UInt64(newHeader.count)
        while from < indexStart {
            let count = Int(min(UInt64(chunk.count), indexStart - from))
            let read = try chunk.withMutableBytes { (buffer) throws(JournalError) -> Int in
                try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]), at: from)
            }
            guard read == count else { throw .invalidArgument("\(source) shrank while it was being copied") }
            try chunk.withBytes { (buffer) throws(JournalError) in
                try output.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), at: to)
            }
            from += UInt64(count)
            to += UInt64(count)
        }

        var moved = index
        let oldStart = UInt64(header.encodedSize), newStart = UInt64(newHeader.count)
        for i in moved.entries.indices { moved.entries[i].offset = moved.entries[i].offset - oldStart + newStart }
        try moved.encode().withBytes { (raw) throws(JournalError) in try output.write(raw, at: to) }
        if synchronize { try output.synchronizeData() }
    }
}
