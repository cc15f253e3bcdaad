/// Why JSON text could not be read: where (byte offset from the start of the text) and
/// what was wrong there.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem.
    public var offset: Int
    /// What is wrong at `offset`.
    public var reason: String

    /// An error at `offset`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// "invalid JSON at byte N: reason".
    public var description: String { "invalid JSON at byte \(self.offset): \(self.reason)" }
}
