import Engine
import JSON

/// The perpetuals of a `meta` response: each coin's asset number (its position in
/// `universe`, what actions carry as `a`) and its price and size rules.
public struct AssetDirectory: Sendable, Equatable {
    /// One listed perpetual.
    public struct Asset: Sendable, Equatable {
        public var name: String
        /// The asset number actions use.
        public var index: Int
        /// Tick and lot rules from `szDecimals`.
        public var rules: PriceRules
    }

    /// The assets in `universe` order.
    public private(set) var assets: [Asset]
    private var byName: [String: Int]

    /// Builds a directory from names and szDecimals in universe order.
    public init(universe: [(name: String, sizeDecimals: Int)]) {
        self.assets = universe.enumerated().map { Asset(name: $1.name, index: $0, rules: PriceRules(sizeDecimals: $1.sizeDecimals)) }
        self.byName = [:]
        for asset in self.assets where self.byName[asset.name] == nil { self.byName[asset.name] = asset.index }
    }

    /// Reads a `meta` response (`{"universe":[{"name","szDecimals",…},…],…}`).
    public init(meta: OrderedJSON) throws(WireError) {
        let fields = WireFields(channel: "meta", path: "universe")
        guard case .object = meta else { throw .invalidField(channel: "meta", path: "(the response)", value: String(meta.text.prefix(40)), reason: "expected an object") }
        var universe: [(name: String, sizeDecimals: Int)] = []
        for (i, entry) in try fields.array(meta["universe"]).enumerated() {
            let object = try fields.object(entry, at: "[\(i)]")
            let name = try fields.string(object["name"], at: "[\(i)].name")
            let decimals = try fields.integer(object["szDecimals"], at: "[\(i)].szDecimals")
            guard (0...8).contains(decimals) else {
                throw .invalidField(channel: "meta", path: "universe[\(i)].szDecimals", value: String(decimals), reason: "expected 0 to 8")
            }
            universe.append((name, Int(decimals)))
        }
        self.init(universe: universe)
    }

    /// The asset called `name`, or nil when the exchange does not list it.
    public func asset(named name: String) -> Asset? {
        self.byName[name].map { self.assets[$0] }
    }
}
