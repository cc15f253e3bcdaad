/// Why a binary payload could not be decoded.
public enum BinaryDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload ended before a field was complete.
    case truncated(what: String, offset: Int, needed: Int, available: Int)
    /// The payload's version byte is newer (or older) than this build understands.
    /// `supported` is the newest version this build reads for the type.
    case unsupportedVersion(what: String, found: UInt8, supported: UInt8)
    /// An enum tag that this build does not know.
    case unknownTag(what: String, tag: UInt64)
    /// A field holds a value its type does not allow (bad UTF-8, bad flag byte, ...).
    case invalidValue(what: String, offset: Int, reason: String)
    /// Bytes were left over after the value was decoded.
    case trailingBytes(what: String, count: Int)
    /// The value decoded but lies outside ``Limits`` (a time, price, size, count or
    /// name no valid input holds).
    case outsideLimits(what: String, reason: String)

    public var description: String {
        switch self {
        case .truncated(let what, let offset, let needed, let available):
            return "\(what): payload truncated at byte \(offset): needed \(needed) more byte(s), \(available) left"
        case .unsupportedVersion(let what, let found, let supported):
            return "\(what): encoding version \(found) is not supported (the newest this build reads is version \(supported))"
        case .unknownTag(let what, let tag):
            return "\(what): unknown tag \(tag)"
        case .invalidValue(let what, let offset, let reason):
            return "\(what): invalid value at byte \(offset): \(reason)"
        case .trailingBytes(let what, let count):
            return "\(what): \(count) unexpected trailing byte(s) after the value"
        case .outsideLimits(let what, let reason):
            return "\(what): \(reason) (the valid ranges are in docs/limits.md)"
        }
    }
}
