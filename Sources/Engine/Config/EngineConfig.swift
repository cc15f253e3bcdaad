/// Everything that shapes the engine's behaviour. Two runs with equal configs over
/// equal events emit equal commands.
///
/// Durations are seconds (`Double`) in files and renderings and nanoseconds inside the
/// engine. Every field, its default and its rule are listed in ``EngineConfig/parameters``,
/// which loading, validation and `config show` all use.
public struct EngineConfig: Sendable, Equatable {
    /// General engine settings.
    public struct General: Sendable, Equatable {
        /// Seed of the engine's PRNG.
        public var seed: Int64 = 1
        /// Seconds of virtual time between quote cycles.
        public var quoteIntervalSeconds: Double = 0.5
    }

    /// The GLFT strategy's parameters.
    public struct Strategy: Sendable, Equatable {
        /// Risk aversion γ (> 0).
        public var gamma: Double = 0.1
        /// Prior order-arrival decay κ, per unit of fractional distance from mid (> 0);
        /// blended with the market estimate into kappaEffective.
        public var kappa: Double = 2000
        /// How many market observations weigh as much as the prior κ.
        public var kappaPriorObservations: Double = 200
        /// Order arrival intensity A at the touch, per second (> 0).
        public var arrivalIntensity: Double = 1.0
    }

    /// How quotes are laid out.
    public struct Quoting: Sendable, Equatable {
        /// Orders per side (1...10).
        public var levels: Int64 = 3
        /// Extra distance between consecutive levels, in basis points of mid.
        public var levelSpacingBps: Double = 3.0
        /// Smallest half-spread quoted, in bps (floors the GLFT value).
        public var minHalfSpreadBps: Double = 1.0
        /// Largest half-spread quoted, in bps.
        public var maxHalfSpreadBps: Double = 200.0
        /// An order is left alone unless its ideal price moved by at least this many bps
        /// (or its size changed): small moves do not churn orders.
        public var minChangeBps: Double = 1.0
    }

    /// Estimator windows and warm-up.
    public struct Estimators: Sendable, Equatable {
        /// Mid returns are sampled on buckets of this many seconds of virtual time.
        public var volatilityBucketSeconds: Double = 1.0
        /// Half-life of the EWMA of squared returns, in seconds.
        public var volatilityHalfLifeSeconds: Double = 60.0
        /// Buckets before the volatility estimate is warm.
        public var volatilityWarmupBuckets: Int64 = 20
        /// Half-life of the trade-arrival statistics behind the market κ, in seconds.
        public var kappaHalfLifeSeconds: Double = 300.0
        /// Trades before the market κ counts.
        public var kappaWarmupTrades: Int64 = 50
        /// Notional (quote currency) per VPIN volume bucket.
        public var toxicityBucketNotional: Double = 250_000
        /// Number of buckets the VPIN average covers.
        public var toxicityBuckets: Int64 = 50
    }

    /// Exchange fees, in bps of notional (negative: rebate).
    public struct Fees: Sendable, Equatable {
        public var makerBps: Double = 1.5
        public var takerBps: Double = 4.5
    }

    /// Per-coin trading rules and limits.
    public struct Coin: Sendable, Equatable {
        /// The asset ("BTC").
        public var name: String
        /// Hyperliquid's szDecimals (0...8).
        public var sizeDecimals: Int64
        /// Size of each quoted order.
        public var orderSize: Size
        /// Largest absolute position (max_inventory).
        public var maxInventory: Size

        public init(name: String, sizeDecimals: Int64, orderSize: Size, maxInventory: Size) {
            self.name = name
            self.sizeDecimals = sizeDecimals
            self.orderSize = orderSize
            self.maxInventory = maxInventory
        }
    }

    public var general = General()
    public var strategy = Strategy()
    public var quoting = Quoting()
    public var estimators = Estimators()
    public var fees = Fees()
    /// The coins quoted, in order.
    public var coins: [Coin] = [
        Coin(name: "BTC", sizeDecimals: 5, orderSize: Size(rawValue: 100_000), maxInventory: Size(rawValue: 1_000_000)),
        Coin(name: "ETH", sizeDecimals: 4, orderSize: Size(rawValue: 3_000_000), maxInventory: Size(rawValue: 30_000_000)),
    ]

    /// The defaults: a sensible small BTC and ETH quote.
    public init() {}

    /// The config of a coin, if it is quoted.
    public func coin(named name: String) -> Coin? { self.coins.first { $0.name == name } }
}
