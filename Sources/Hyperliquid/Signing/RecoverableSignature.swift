/// A recoverable ECDSA signature in Ethereum's form.
public struct RecoverableSignature: Equatable, Sendable {
    /// 32 bytes each.
    public var r: [UInt8]
    public var s: [UInt8]
    /// 27 or 28.
    public var v: UInt8

    /// `0x` + 64 hex digits.
    public var rHex: String { Hex.prefixed(self.r) }
    public var sHex: String { Hex.prefixed(self.s) }

    public init(r: [UInt8], s: [UInt8], v: UInt8) {
        self.r = r
        self.s = s
        self.v = v
    }

    /// Parses `r`, `s` (hex, padded or not: the Python SDK drops leading zeros) and `v`
    /// (27/28).
    public init(rHex: String, sHex: String, v: Int) throws(SigningError) {
        func scalar(_ text: String) -> [UInt8]? {
            var digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
            if digits.count % 2 == 1 { digits = "0" + digits }
            return Hex.decode(digits)
        }
        guard let r = scalar(rHex), let s = scalar(sHex), r.count <= 32, s.count <= 32, v == 27 || v == 28 else {
            throw .invalidSignature("r and s must be up to 32 bytes of hex, v 27 or 28")
        }
        self.init(r: [UInt8](repeating: 0, count: 32 - r.count) + r, s: [UInt8](repeating: 0, count: 32 - s.count) + s, v: UInt8(v))
    }
}
