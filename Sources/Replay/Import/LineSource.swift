import Foundation

/// Reads a file line by line, plain, gzip- or lz4-compressed (detected from the magic
/// bytes; decompressed by the system's `gzip -dc` or `lz4 -dc`), in 1 MiB chunks.
final class LineSource {
    private let handle: FileHandle
    private var process: Process?
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var tool = "gzip"
    /// Bytes of (decompressed) input consumed so far.
    private(set) var bytesRead: UInt64 = 0

    init(path: String) throws {
        guard let file = FileHandle(forReadingAtPath: path) else { throw ImportError.unreadable(path) }
        let magic = try file.read(upToCount: 4) ?? Data()
        let tool: String? = magic.starts(with: [0x1F, 0x8B]) ? "gzip" : (magic == Data([0x04, 0x22, 0x4D, 0x18]) ? "lz4" : nil)
        if let tool {
            try file.close()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [tool, "-dc", path]
            self.tool = tool
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
            self.handle = pipe.fileHandleForReading
        } else {
            try file.seek(toOffset: 0)
            self.handle = file
        }
    }

    /// The next line without its newline (a final line without one counts), or nil.
    func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let end = self.buffer[self.position...].firstIndex(of: 0x0A) {
                let line = self.buffer[self.position..<end]
                self.bytesRead += UInt64(end - self.position + 1)
                self.position = end + 1
                return line
            }
            if self.finished {
                guard self.position < self.buffer.count else { return nil }
                let line = self.buffer[self.position...]
                self.bytesRead += UInt64(line.count)
                self.position = self.buffer.count
                return line
            }
            if self.position > 0 {
                self.buffer.removeSubrange(0..<self.position)
                self.position = 0
            }
            let chunk = try self.handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty {
                self.finished = true
                if let process = self.process {
                    process.waitUntilExit()
                    if process.terminationStatus != 0 {
                        throw ImportError.decompression("\(self.tool) -dc exited with \(process.terminationStatus)" + (process.terminationStatus == 127 ? " (is \(self.tool) installed?)" : ""))
                    }
                }
            } else {
                self.buffer.append(contentsOf: chunk)
            }
        }
    }
}
