/// Where a journal's files are: one file, or a directory of numbered segments.
public enum JournalLayout {
    /// The file name of segment `number` (1-based) in a directory journal.
    public static func segmentName(_ number: Int) -> String {
        let digits = String(number)
        return "seg-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".mmj"
    }

    /// The segment number of a file name, or `nil` when it is not a segment's name.
    static func segmentNumber(_ name: String) -> Int? {
        guard name.hasPrefix("seg-"), name.hasSuffix(".mmj") else { return nil }
        let digits = name.dropFirst(4).dropLast(4)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    /// Whether `path` is a directory journal.
    public static func isDirectory(_ path: String) -> Bool { FileSystem.kind(of: path) == .directory }

    /// The segment files of a journal in order: the file itself, or a directory's
    /// segments, checked to be numbered 1...N without a gap.
    public static func segmentPaths(of path: String) throws(JournalError) -> [String] {
        switch FileSystem.kind(of: path) {
        case .file:
            return [path]
        case .directory:
            let numbered = try FileSystem.entries(of: path).compactMap { name in segmentNumber(name).map { ($0, name) } }
                .sorted { $0.0 < $1.0 }
            if numbered.isEmpty { throw .notAJournal(path: path, reason: "the directory holds no segment files (seg-NNNNNN.mmj)") }
            for (position, (number, _)) in numbered.enumerated() where number != position + 1 {
                throw .missingSegment(path: path, segment: segmentName(position + 1))
            }
            return numbered.map { path + "/" + $0.1 }
        case .missing:
            throw FileHandle.error(path, "open", 2)
        case .other:
            throw .invalidArgument("\(path): neither a journal file nor a segment directory")
        }
    }

    /// Deletes a journal: its file, or its segment directory with the segments in it.
    /// Refuses (and deletes nothing) when the directory holds anything but segments.
    public static func remove(_ path: String) throws(JournalError) {
        switch FileSystem.kind(of: path) {
        case .missing:
            return
        case .file:
            try FileSystem.remove(path)
        case .directory:
            let names = try FileSystem.entries(of: path)
            if let stranger = names.first(where: { segmentNumber($0) == nil }) {
                throw .invalidArgument("\(path) holds \(stranger), which is not a journal segment; not removing it")
            }
            for name in names { try FileSystem.remove(path + "/" + name) }
            try FileSystem.remove(path)
        case .other:
            throw .invalidArgument("\(path): neither a journal file nor a segment directory")
        }
    }
}
