/// The side of an order, trade or book level.
public enum Side: UInt8, Sendable, Hashable, CaseIterable, Codable {
    /// Buy side: bids. Hyperliquid writes it "B".
    case bid = 0
    /// Sell side: asks. Hyperliquid writes it "A".
    case ask = 1

    /// Hyperliquid's one-letter wire form.
    public var wireCode: String { self == .bid ? "B" : "A" }

    /// Parses Hyperliquid's "B" / "A".
    public init?(wireCode: String) {
        switch wireCode {
        case "B": self = .bid
        case "A": self = .ask
        default: return nil
        }
    }

    /// The other side.
    public var opposite: Side { self == .bid ? .ask : .bid }
}

extension Side: BinaryCodable {
    public func encode(to writer: inout BinaryWriter) { writer.write(self.rawValue) }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        let at = reader.offset
        let raw = try reader.read(UInt8.self)
        guard let side = Side(rawValue: raw) else {
            throw .invalidValue(what: reader.context, offset: at, reason: "side byte \(raw) is neither 0 (bid) nor 1 (ask)")
        }
        self = side
    }
}
