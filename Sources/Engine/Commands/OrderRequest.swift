import JSON

/// How long an order may rest (Hyperliquid's `tif`).
public enum TimeInForce: UInt8, Sendable, Hashable, CaseIterable {
    /// Add liquidity only (post-only): rejected if it would cross.
    case alo = 0
    /// Immediate or cancel.
    case ioc = 1
    /// Good till cancelled.
    case gtc = 2

    /// The exchange's spelling ("Alo", "Ioc", "Gtc").
    public var wireName: String {
        switch self {
        case .alo: return "Alo"
        case .ioc: return "Ioc"
        case .gtc: return "Gtc"
        }
    }
}

/// A new limit order the engine wants placed.
public struct OrderRequest: Hashable, Sendable {
    public var clientOrderID: ClientOrderID
    public var coin: String
    public var side: Side
    public var price: Price
    public var size: Size
    public var timeInForce: TimeInForce
    public var reduceOnly: Bool

    public init(clientOrderID: ClientOrderID, coin: String, side: Side, price: Price, size: Size,
                timeInForce: TimeInForce, reduceOnly: Bool) {
        self.clientOrderID = clientOrderID
        self.coin = coin
        self.side = side
        self.price = price
        self.size = size
        self.timeInForce = timeInForce
        self.reduceOnly = reduceOnly
    }
}

extension OrderRequest: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        self.clientOrderID.encode(to: &writer)
        writer.write(self.coin)
        self.side.encode(to: &writer)
        writer.write(self.price)
        writer.write(self.size)
        writer.write(self.timeInForce.rawValue)
        writer.write(self.reduceOnly)
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        let id = try ClientOrderID(from: &reader)
        let coin = try reader.readString()
        let side = try Side(from: &reader)
        let price = try reader.read(Price.self)
        let size = try reader.read(Size.self)
        let at = reader.offset
        let tifRaw = try reader.read(UInt8.self)
        guard let tif = TimeInForce(rawValue: tifRaw) else {
            throw .invalidValue(what: reader.context, offset: at, reason: "time-in-force byte \(tifRaw) is not 0 (Alo), 1 (Ioc) or 2 (Gtc)")
        }
        self.init(clientOrderID: id, coin: coin, side: side, price: price, size: size, timeInForce: tif, reduceOnly: try reader.readBool())
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("cloid", self.clientOrderID.description)
        json.field("coin", self.coin)
        json.field("side", self.side.wireCode)
        json.field("px", self.price)
        json.field("sz", self.size)
        json.field("tif", self.timeInForce.wireName)
        json.field("reduce_only", self.reduceOnly)
    }
}
