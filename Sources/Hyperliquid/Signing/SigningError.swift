/// Why a key or signature was refused.
public enum SigningError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidPrivateKey(String)
    case invalidAddress(String)
    case invalidSignature(String)
    case invalidAction(String)

    public var description: String {
        switch self {
        case .invalidPrivateKey(let why): return "invalid private key: \(why)"
        case .invalidAddress(let why): return "invalid address: \(why)"
        case .invalidSignature(let why): return "invalid signature: \(why)"
        case .invalidAction(let why): return "invalid action: \(why)"
        }
    }
}
