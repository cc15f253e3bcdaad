extension EngineConfig {
    /// Every scalar field, in the order files and renderings list them. (`coins` is an
    /// array of tables with the per-coin fields of ``coinParameters``.)
    public static let parameters: [ConfigParameter] = [
        .integer("general", "seed", "Seed of the engine's PRNG", \.general.seed, rule: ">= 0") { $0 >= 0 },
        .real("general", "quote_interval_s", "Seconds of virtual time between quote cycles", \.general.quoteIntervalSeconds,
              rule: "in 0.01...3600") { $0 >= 0.01 && $0 <= 3600 },

        .real("strategy", "gamma", "GLFT risk aversion", \.strategy.gamma, rule: "> 0") { $0 > 0 },
        .real("strategy", "kappa", "Prior order-arrival decay per unit of fractional distance from mid", \.strategy.kappa, rule: "> 0") { $0 > 0 },
        .real("strategy", "kappa_prior_observations", "Market observations that weigh as much as the prior kappa",
              \.strategy.kappaPriorObservations, rule: ">= 0") { $0 >= 0 },
        .real("strategy", "arrival_intensity", "Order arrival intensity A at the touch, per second", \.strategy.arrivalIntensity,
              rule: "> 0") { $0 > 0 },

        .integer("quoting", "levels", "Orders per side", \.quoting.levels, rule: "in 1...10") { (1...10).contains($0) },
        .real("quoting", "level_spacing_bps", "Extra distance between consecutive levels, bps of mid", \.quoting.levelSpacingBps,
              rule: "in 0...1000") { $0 >= 0 && $0 <= 1000 },
        .real("quoting", "min_half_spread_bps", "Smallest half-spread quoted, bps", \.quoting.minHalfSpreadBps,
              rule: "in 0...1000") { $0 >= 0 && $0 <= 1000 },
        .real("quoting", "max_half_spread_bps", "Largest half-spread quoted, bps", \.quoting.maxHalfSpreadBps,
              rule: "in 0.1...10000") { $0 >= 0.1 && $0 <= 10_000 },
        .real("quoting", "min_change_bps", "Move an order only when its ideal price moved this many bps", \.quoting.minChangeBps,
              rule: "in 0...1000") { $0 >= 0 && $0 <= 1000 },

        .real("estimators", "volatility_bucket_s", "Seconds per mid-return sample", \.estimators.volatilityBucketSeconds,
              rule: "in 0.01...3600") { $0 >= 0.01 && $0 <= 3600 },
        .real("estimators", "volatility_half_life_s", "Half-life of the volatility EWMA, seconds", \.estimators.volatilityHalfLifeSeconds,
              rule: "> 0") { $0 > 0 },
        .integer("estimators", "volatility_warmup_buckets", "Buckets before volatility is warm", \.estimators.volatilityWarmupBuckets,
                 rule: ">= 1") { $0 >= 1 },
        .real("estimators", "kappa_half_life_s", "Half-life of the trade-arrival statistics, seconds", \.estimators.kappaHalfLifeSeconds,
              rule: "> 0") { $0 > 0 },
        .integer("estimators", "kappa_warmup_trades", "Trades before the market kappa counts", \.estimators.kappaWarmupTrades,
                 rule: ">= 1") { $0 >= 1 },
        .real("estimators", "toxicity_bucket_notional", "Notional per VPIN volume bucket", \.estimators.toxicityBucketNotional,
              rule: "> 0") { $0 > 0 },
        .integer("estimators", "toxicity_buckets", "VPIN buckets averaged", \.estimators.toxicityBuckets, rule: "in 1...10000") { (1...10_000).contains($0) },

        .real("fees", "maker_bps", "Maker fee, bps of notional (negative: rebate)", \.fees.makerBps, rule: "in -10...100") { $0 >= -10 && $0 <= 100 },
        .real("fees", "taker_bps", "Taker fee, bps of notional", \.fees.takerBps, rule: "in -10...100") { $0 >= -10 && $0 <= 100 },
    ]

    /// The fields of each `[[coins]]` table.
    public static let coinKeys: [(key: String, summary: String)] = [
        ("name", "Asset name as the exchange spells it (\"BTC\")"),
        ("sz_decimals", "Hyperliquid's szDecimals: sizes are multiples of 10^-sz_decimals (0...8)"),
        ("order_size", "Size of each quoted order, as a decimal string"),
        ("max_inventory", "Largest absolute position, as a decimal string"),
    ]

    /// Every problem with this config, each naming its field. Empty when valid.
    public func validate() -> [ConfigIssue] {
        var issues = Self.parameters.compactMap { $0.validate(self) }
        if self.quoting.minHalfSpreadBps > self.quoting.maxHalfSpreadBps {
            issues.append(ConfigIssue(path: "quoting.min_half_spread_bps",
                                      message: "must be <= quoting.max_half_spread_bps (\(self.quoting.maxHalfSpreadBps)), got \(self.quoting.minHalfSpreadBps)"))
        }
        if self.coins.isEmpty { issues.append(ConfigIssue(path: "coins", message: "must list at least one coin")) }
        var seen: [String] = []
        for coin in self.coins {
            let at = "coins[\(coin.name.isEmpty ? "?" : coin.name)]"
            if coin.name.isEmpty { issues.append(ConfigIssue(path: at + ".name", message: "must not be empty")) }
            if seen.contains(coin.name) { issues.append(ConfigIssue(path: at + ".name", message: "is listed twice")) }
            seen.append(coin.name)
            if !(0...8).contains(coin.sizeDecimals) {
                issues.append(ConfigIssue(path: at + ".sz_decimals", message: "must be in 0...8, got \(coin.sizeDecimals)"))
            }
            if coin.orderSize.rawValue <= 0 {
                issues.append(ConfigIssue(path: at + ".order_size", message: "must be > 0, got \(coin.orderSize)"))
            } else if (0...8).contains(coin.sizeDecimals), coin.orderSize.rawValue % Self.lot(coin.sizeDecimals) != 0 {
                issues.append(ConfigIssue(path: at + ".order_size", message: "must be a multiple of 10^-\(coin.sizeDecimals) (sz_decimals), got \(coin.orderSize)"))
            }
            if coin.maxInventory.rawValue <= 0 {
                issues.append(ConfigIssue(path: at + ".max_inventory", message: "must be > 0, got \(coin.maxInventory)"))
            } else if coin.orderSize > coin.maxInventory {
                issues.append(ConfigIssue(path: at + ".max_inventory", message: "must be >= order_size (\(coin.orderSize)), got \(coin.maxInventory)"))
            }
        }
        return issues
    }

    /// The raw size of one lot for `sizeDecimals` decimals.
    static func lot(_ sizeDecimals: Int64) -> Int64 {
        var raw = FixedPoint.scale
        for _ in 0..<sizeDecimals { raw /= 10 }
        return raw
    }
}
