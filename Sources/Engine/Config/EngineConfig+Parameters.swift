extension EngineConfig {
    /// Every scalar field, in the order files and renderings list them. (`coins` is an
    /// array of tables with the per-coin fields of ``coinParameters``.)
    package static let parameters: [ConfigParameter] = [
        .integer("general", "seed", "Seed of the engine's PRNG", \.general.seed, rule: ">= 0") { $0 >= 0 },
        .real("general", "quote_interval_s", "Seconds of virtual time between quote cycles", \.general.quoteIntervalSeconds,
              rule: "in 0.01...3600") { $0 >= 0.01 && $0 <= 3600 },
        .integer("general", "session", "Session discriminator in client order ids (mm-live sets it at start)", \.general.session,
                 rule: "in 0...4294967295") { $0 >= 0 && $0 <= 0xFFFF_FFFF },

        .real("strategy", "gamma", "GLFT risk aversion", \.strategy.gamma, rule: "in (0, 1e6]") { $0 > 0 && $0 <= 1e6 },
        .real("strategy", "kappa", "Prior order-arrival decay per unit of fractional distance from mid", \.strategy.kappa, rule: "in (0, 1e12]") { $0 > 0 && $0 <= 1e12 },
        .real("strategy", "kappa_prior_observations", "Market observations that weigh as much as the prior kappa",
              \.strategy.kappaPriorObservations, rule: "in 0...1e12") { $0 >= 0 && $0 <= 1e12 },
        .real("strategy", "arrival_intensity", "Order arrival intensity A at the touch, per second", \.strategy.arrivalIntensity,
              rule: "in (0, 1e9]") { $0 > 0 && $0 <= 1e9 },

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
              rule: "in (0, 31536000]") { $0 > 0 && $0 <= 31_536_000 },
        .integer("estimators", "volatility_warmup_buckets", "Buckets before volatility is warm", \.estimators.volatilityWarmupBuckets,
                 rule: "in 1...1000000") { (1...1_000_000).contains($0) },
        .real("estimators", "kappa_half_life_s", "Half-life of the trade-arrival statistics, seconds", \.estimators.kappaHalfLifeSeconds,
              rule: "in (0, 31536000]") { $0 > 0 && $0 <= 31_536_000 },
        .integer("estimators", "kappa_warmup_trades", "Trades before the market kappa counts", \.estimators.kappaWarmupTrades,
                 rule: "in 1...1000000000") { (1...1_000_000_000).contains($0) },
        .real("estimators", "toxicity_bucket_notional", "Notional per VPIN volume bucket", \.estimators.toxicityBucketNotional,
              rule: "in 1...1e12") { $0 >= 1 && $0 <= 1e12 },
        .integer("estimators", "toxicity_buckets", "VPIN buckets averaged", \.estimators.toxicityBuckets, rule: "in 1...1000") { (1...1_000).contains($0) },

        .real("fees", "maker_bps", "Maker fee, bps of notional (negative: rebate)", \.fees.makerBps, rule: "in -10...100") { $0 >= -10 && $0 <= 100 },
        .real("fees", "taker_bps", "Taker fee, bps of notional", \.fees.takerBps, rule: "in -10...100") { $0 >= -10 && $0 <= 100 },

        .real("risk", "max_daily_loss", "Kill when the day's PnL falls below minus this (quote currency)", \.risk.maxDailyLoss, rule: "in (0, 1e12]") { $0 > 0 && $0 <= 1e12 },
        .real("risk", "max_drawdown", "Kill when (peak - PnL) / account value exceeds this fraction", \.risk.maxDrawdown, rule: "in 0...1, > 0") { $0 > 0 && $0 <= 1 },
        .real("risk", "min_peak_for_drawdown", "Skip the drawdown check while peak PnL is below this", \.risk.minPeakForDrawdown, rule: "in 0...1e12") { $0 >= 0 && $0 <= 1e12 },
        .real("risk", "max_position_value", "Soft limit on |position| x mid per coin: over 1x reduce-only, over 2x kill", \.risk.maxPositionValue, rule: "in (0, 1e12]") { $0 > 0 && $0 <= 1e12 },
        .real("risk", "max_leverage", "Kill (PositionRunaway, transient) when position value exceeds this x account value", \.risk.maxLeverage, rule: "in (0, 1000]") { $0 > 0 && $0 <= 1000 },
        .real("risk", "position_velocity_warn", "Position change per minute / max_inventory that warns", \.risk.positionVelocityWarn, rule: "in (0, 1000]") { $0 > 0 && $0 <= 1000 },
        .real("risk", "position_velocity_pull", "... that pulls quotes", \.risk.positionVelocityPull, rule: "in (0, 1000]") { $0 > 0 && $0 <= 1000 },
        .real("risk", "position_velocity_kill", "... that kills", \.risk.positionVelocityKill, rule: "in (0, 1000]") { $0 > 0 && $0 <= 1000 },
        .real("risk", "stale_data_threshold_s", "Market data older than this kills (pulls while reconnecting within the grace)", \.risk.staleDataSeconds, rule: "in (0, 86400]") { $0 > 0 && $0 <= 86_400 },
        .integer("risk", "reconnect_grace_attempts", "Reconnect attempts during which stale data pulls instead of killing", \.risk.reconnectGraceAttempts, rule: "in 0...1000") { (0...1000).contains($0) },
        .real("risk", "cascade_pull", "Cascade severity that pulls quotes", \.risk.cascadePull, rule: "in (0, 1e6]") { $0 > 0 && $0 <= 1e6 },
        .real("risk", "cascade_kill", "Cascade severity that kills", \.risk.cascadeKill, rule: "in (0, 1e6]") { $0 > 0 && $0 <= 1e6 },
        .real("risk", "cascade_half_life_s", "Half-life of the cascade severity, seconds", \.risk.cascadeHalfLifeSeconds, rule: "in (0, 86400]") { $0 > 0 && $0 <= 86_400 },
        .real("risk", "price_velocity_pull", "Mid move per second (fraction) that pulls quotes", \.risk.priceVelocityPull, rule: "in (0, 100]") { $0 > 0 && $0 <= 100 },
        .real("risk", "price_velocity_kill", "Mid move per second (fraction) that kills", \.risk.priceVelocityKill, rule: "in (0, 100]") { $0 > 0 && $0 <= 100 },
        .integer("risk", "rate_limit_kill_errors", "Rate-limit rejections within the window that kill", \.risk.rateLimitKillErrors, rule: "in 1...1000000") { (1...1_000_000).contains($0) },
        .real("risk", "rate_limit_window_s", "Window for counting rate-limit rejections, seconds", \.risk.rateLimitWindowSeconds, rule: "in (0, 86400]") { $0 > 0 && $0 <= 86_400 },
        .real("risk", "liquidation_fraction", "Position jump (fraction of max_inventory) with no fill that means liquidation", \.risk.liquidationFraction, rule: "in (0, 100]") { $0 > 0 && $0 <= 100 },
        .real("risk", "liquidation_window_s", "... when no fill came within this many seconds", \.risk.liquidationWindowSeconds, rule: "in (0, 86400]") { $0 > 0 && $0 <= 86_400 },
        .real("risk", "checkpoint_max_age_s", "Kill-switch checkpoints older than this are ignored on start", \.risk.checkpointMaxAgeSeconds, rule: "in (0, 31536000]") { $0 > 0 && $0 <= 31_536_000 },

        .real("gates", "data_stale_gate_s", "Gate quotes when the book is older than this", \.gates.dataStaleGateSeconds, rule: "in (0, 86400]") { $0 > 0 && $0 <= 86_400 },
        .real("gates", "max_composed_spread_mult", "Cap of the multiplicative spread chain", \.gates.maxComposedSpreadMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "max_additive_spread_bps", "Cap of the additive spread adjustments, bps", \.gates.maxAdditiveSpreadBps, rule: "in 0...10000") { $0 >= 0 && $0 <= 10_000 },
        .real("gates", "toxicity_threshold", "VPIN above which the toxicity multiplier grows", \.gates.toxicityThreshold, rule: "in 0...1") { $0 >= 0 && $0 <= 1 },
        .real("gates", "toxicity_slope", "Toxicity multiplier slope per unit VPIN above the threshold", \.gates.toxicitySlope, rule: "in 0...1000") { $0 >= 0 && $0 <= 1000 },
        .real("gates", "toxic_flow_vpin", "VPIN at which quoting stops (ToxicFlow)", \.gates.toxicFlowVpin, rule: "in 0...1") { $0 >= 0 && $0 <= 1 },
        .integer("gates", "defensive_fills", "Recent fills the defensive multiplier looks at", \.gates.defensiveFills, rule: "in 1...1000") { (1...1000).contains($0) },
        .real("gates", "defensive_window_s", "Only fills this recent count for the defensive multiplier, seconds", \.gates.defensiveWindowSeconds, rule: "in (0, 31536000]") { $0 > 0 && $0 <= 31_536_000 },
        .real("gates", "defensive_slope", "Extra width per share of negative-edge fills", \.gates.defensiveSlope, rule: "in 0...1000") { $0 >= 0 && $0 <= 1000 },
        .real("gates", "defensive_max", "Cap of the defensive multiplier", \.gates.defensiveMax, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "signal_stale_s", "A reference signal older than this is stale", \.gates.signalStaleSeconds, rule: "in (0, 86400]") { $0 > 0 && $0 <= 86_400 },
        .real("gates", "staleness_max_mult", "Staleness multiplier at twice the stale age", \.gates.stalenessMaxMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "model_gating_mult", "Spread multiplier while the models warm up", \.gates.modelGatingMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "model_gating_max_mult", "Model gating at the worst calibration (Brier at signals.model_brier_max)", \.gates.modelGatingMaxMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "defensive_horizon_s", "Judge fills for the defensive multiplier by their markout this long after (0: at the fill)", \.gates.defensiveHorizonSeconds, rule: "in 0...60") { $0 >= 0 && $0 <= 60 },
        .real("gates", "funding_breaker_rate", "Funding circuit breaker: |hourly rate| above this", \.gates.fundingBreakerRate, rule: "in (0, 1]") { $0 > 0 && $0 <= 1 },
        .real("gates", "funding_breaker_mult", "... widens by this", \.gates.fundingBreakerMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "spread_breaker_bps", "Spread circuit breaker: market spread above this many bps", \.gates.spreadBreakerBps, rule: "in (0, 1e6]") { $0 > 0 && $0 <= 1e6 },
        .real("gates", "spread_breaker_mult", "... widens by this", \.gates.spreadBreakerMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "fill_breaker_per_minute", "Fill circuit breaker: our fills per minute above this", \.gates.fillBreakerPerMinute, rule: "in (0, 1e9]") { $0 > 0 && $0 <= 1e9 },
        .real("gates", "fill_breaker_mult", "... widens by this", \.gates.fillBreakerMult, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "rate_limit_mult_cap", "Cap of the rate-limit multiplier 1/sqrt(headroom)", \.gates.rateLimitMultCap, rule: "in 1...1000") { $0 >= 1 && $0 <= 1000 },
        .real("gates", "shadow_spread_lambda_bps", "Shadow spread lambda: lambda / max(headroom, 0.01) bps", \.gates.shadowSpreadLambdaBps, rule: "in 0...10000") { $0 >= 0 && $0 <= 10_000 },
        .real("gates", "min_headroom_full_ladder", "Headroom at which all ladder levels are used", \.gates.minHeadroomForFullLadder, rule: "in 0.01...1") { $0 >= 0.01 && $0 <= 1 },
        .real("gates", "epsilon_probe", "Chance per cycle of a probe quote when there is no edge", \.gates.epsilonProbe, rule: "in 0...1") { $0 >= 0 && $0 <= 1 },
        .real("gates", "warmup_s", "Seconds of market data before warm-up stops gating (never waits for fills)", \.gates.warmupSeconds, rule: "in 0...86400") { $0 >= 0 && $0 <= 86_400 },

        .real("safety", "dead_mans_switch_s", "Arm the venue's scheduleCancel this far ahead while orders may be open (0: off)",
              \.safety.deadMansSwitchSeconds, rule: "0 or in 5...86400") { $0 == 0 || ($0 >= 5 && $0 <= 86_400) },
        .real("safety", "dead_mans_switch_renew_s", "... renewed this often", \.safety.deadMansSwitchRenewSeconds,
              rule: "in 1...86400") { $0 >= 1 && $0 <= 86_400 },
        .real("safety", "reconcile_interval_s", "Reconcile positions and open orders with the venue this often (0: start, reconnects, kills only)",
              \.safety.reconcileIntervalSeconds, rule: "0 or in 1...86400") { $0 == 0 || ($0 >= 1 && $0 <= 86_400) },
        .real("safety", "reconcile_grace_s", "A difference with the venue must persist this long before it is acted on",
              \.safety.reconcileGraceSeconds, rule: "in 0...3600") { $0 >= 0 && $0 <= 3600 },
        .real("safety", "expires_after_s", "Order and modify actions expire this long after signing", \.safety.expiresAfterSeconds,
              rule: "in 1...3600") { $0 >= 1 && $0 <= 3600 },
        .real("safety", "retry_s", "First retry of an unconfirmed cancel or lookup (doubles)", \.safety.retrySeconds,
              rule: "in 0.05...3600") { $0 >= 0.05 && $0 <= 3600 },
        .real("safety", "retry_max_s", "Longest retry interval", \.safety.retryMaxSeconds, rule: "in 0.05...3600") { $0 >= 0.05 && $0 <= 3600 },
        .real("safety", "kill_verify_s", "While killed or shutting down, list the venue's open orders this often until none",
              \.safety.killVerifySeconds, rule: "in 0.1...3600") { $0 >= 0.1 && $0 <= 3600 },
        .flag("signals", "lead_lag", "Use the lead-lag signal of the reference venue's mid", \.signals.leadLag),
        .flag("signals", "cross_venue_flow", "Use the reference venue's signed trade flow", \.signals.crossVenueFlow),
        .integer("signals", "sample_ms", "Sampling grid of both mids, milliseconds", \.signals.sampleMilliseconds, rule: "in 10...10000") { (10...10_000).contains($0) },
        .integer("signals", "window_samples", "Samples in the lead-lag window", \.signals.windowSamples, rule: "in 20...100000") { (20...100_000).contains($0) },
        .integer("signals", "max_lag_samples", "Longest lag tried, samples", \.signals.maxLagSamples, rule: "in 1...200") { (1...200).contains($0) },
        .integer("signals", "lead_lag_warmup_samples", "Samples before the lead-lag estimate is warm", \.signals.leadLagWarmupSamples, rule: "in 1...100000") { (1...100_000).contains($0) },
        .real("signals", "min_correlation", "Correlation at the best lag below which lead-lag is not used", \.signals.minCorrelation, rule: "in 0...1") { $0 >= 0 && $0 <= 1 },
        .real("signals", "flow_half_life_s", "Half-life of the reference buy and sell volumes, seconds", \.signals.flowHalfLifeSeconds, rule: "in 0.01...3600") { $0 >= 0.01 && $0 <= 3600 },
        .integer("signals", "flow_warmup_trades", "Reference trades before the flow signal is warm", \.signals.flowWarmupTrades, rule: "in 1...1000000") { (1...1_000_000).contains($0) },
        .real("signals", "flow_bps", "Fair-value shift of a fully one-sided flow, bps", \.signals.flowBps, rule: "in 0...100") { $0 >= 0 && $0 <= 100 },
        .real("signals", "model_horizon_s", "Horizon of the calibrated predictions, seconds", \.signals.modelHorizonSeconds, rule: "in 0.05...3600") { $0 >= 0.05 && $0 <= 3600 },
        .integer("signals", "model_window", "Resolved predictions in the calibration window", \.signals.modelWindow, rule: "in 10...100000") { (10...100_000).contains($0) },
        .integer("signals", "model_min_predictions", "Resolved predictions before calibration drives model gating", \.signals.modelMinPredictions, rule: "in 1...100000") { (1...100_000).contains($0) },
        .real("signals", "model_scale_bps", "Edge at which a prediction is certain, bps", \.signals.modelScaleBps, rule: "in (0, 1000]") { $0 > 0 && $0 <= 1000 },
        .real("signals", "model_min_ir", "Information ratio per prediction that lifts model gating", \.signals.modelMinInformationRatio, rule: "in -10...10") { $0 >= -10 && $0 <= 10 },
        .real("signals", "model_brier_max", "Brier score at which model gating is largest", \.signals.modelBrierMax, rule: "in (0.25, 1]") { $0 > 0.25 && $0 <= 1 },

        .flag("safety", "adopt_orphans", "Orders open at start: adopt and manage them (true) or cancel them (false)", \.safety.adoptOrphans),
    ]

    /// The fields of each `[[coins]]` table.
    package static let coinKeys: [(key: String, summary: String)] = [
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
        if self.risk.positionVelocityWarn > self.risk.positionVelocityPull || self.risk.positionVelocityPull > self.risk.positionVelocityKill {
            issues.append(ConfigIssue(path: "risk.position_velocity_pull", message: "must satisfy warn <= pull <= kill, got \(self.risk.positionVelocityWarn) / \(self.risk.positionVelocityPull) / \(self.risk.positionVelocityKill)"))
        }
        if self.risk.cascadePull > self.risk.cascadeKill {
            issues.append(ConfigIssue(path: "risk.cascade_pull", message: "must be <= risk.cascade_kill (\(self.risk.cascadeKill)), got \(self.risk.cascadePull)"))
        }
        if self.risk.priceVelocityPull > self.risk.priceVelocityKill {
            issues.append(ConfigIssue(path: "risk.price_velocity_pull", message: "must be <= risk.price_velocity_kill (\(self.risk.priceVelocityKill)), got \(self.risk.priceVelocityPull)"))
        }
        if self.gates.dataStaleGateSeconds >= self.risk.staleDataSeconds {
            issues.append(ConfigIssue(path: "gates.data_stale_gate_s",
                                      message: "must be < risk.stale_data_threshold_s (\(self.risk.staleDataSeconds)): the gate pulls quotes before the staleness kill, got \(self.gates.dataStaleGateSeconds)"))
        }
        if self.signals.maxLagSamples >= self.signals.windowSamples {
            issues.append(ConfigIssue(path: "signals.max_lag_samples", message: "must be < signals.window_samples (\(self.signals.windowSamples)), got \(self.signals.maxLagSamples)"))
        }
        if self.signals.modelMinPredictions > self.signals.modelWindow {
            issues.append(ConfigIssue(path: "signals.model_min_predictions", message: "must be <= signals.model_window (\(self.signals.modelWindow)), got \(self.signals.modelMinPredictions)"))
        }
        if self.gates.modelGatingMult > self.gates.modelGatingMaxMult {
            issues.append(ConfigIssue(path: "gates.model_gating_mult", message: "must be <= gates.model_gating_max_mult (\(self.gates.modelGatingMaxMult)), got \(self.gates.modelGatingMult)"))
        }
        if self.safety.retrySeconds > self.safety.retryMaxSeconds {
            issues.append(ConfigIssue(path: "safety.retry_s", message: "must be <= safety.retry_max_s (\(self.safety.retryMaxSeconds)), got \(self.safety.retrySeconds)"))
        }
        if self.safety.deadMansSwitchSeconds > 0 && self.safety.deadMansSwitchRenewSeconds >= self.safety.deadMansSwitchSeconds {
            issues.append(ConfigIssue(path: "safety.dead_mans_switch_renew_s",
                                      message: "must be < safety.dead_mans_switch_s (\(self.safety.deadMansSwitchSeconds)), got \(self.safety.deadMansSwitchRenewSeconds)"))
        }
        if self.coins.isEmpty { issues.append(ConfigIssue(path: "coins", message: "must list at least one coin")) }
        if self.coins.count > Self.maxCoins {
            // Client order ids carry the coin's index in one byte.
            issues.append(ConfigIssue(path: "coins", message: "must list at most \(Self.maxCoins) coins, got \(self.coins.count)"))
            return issues
        }
        var seen: Set<String> = []
        for (index, coin) in self.coins.enumerated() {
            let at = Limits.coinNameProblem(coin.name) == nil ? "coins[\(coin.name)]" : "coins[\(index)]"
            if let problem = Limits.coinNameProblem(coin.name) { issues.append(ConfigIssue(path: at + ".name", message: problem)) }
            if !seen.insert(coin.name).inserted { issues.append(ConfigIssue(path: at + ".name", message: "is listed twice")) }
            if !(0...8).contains(coin.sizeDecimals) {
                issues.append(ConfigIssue(path: at + ".sz_decimals", message: "must be in 0...8, got \(coin.sizeDecimals)"))
            }
            if coin.orderSize.rawValue <= 0 {
                issues.append(ConfigIssue(path: at + ".order_size", message: "must be > 0, got \(coin.orderSize)"))
            } else if (0...8).contains(coin.sizeDecimals), coin.orderSize.rawValue % Self.lot(coin.sizeDecimals) != 0 {
                issues.append(ConfigIssue(path: at + ".order_size", message: "must be a multiple of 10^-\(coin.sizeDecimals) (sz_decimals), got \(coin.orderSize)"))
            }
            if coin.orderSize > Limits.largestSize || coin.maxInventory > Limits.largestSize {
                issues.append(ConfigIssue(path: at, message: "order_size and max_inventory must be at most \(Limits.largestSize)"))
            }
            if coin.maxInventory.rawValue <= 0 {
                issues.append(ConfigIssue(path: at + ".max_inventory", message: "must be > 0, got \(coin.maxInventory)"))
            } else if coin.orderSize > coin.maxInventory {
                issues.append(ConfigIssue(path: at + ".max_inventory", message: "must be >= order_size (\(coin.orderSize)), got \(coin.maxInventory)"))
            }
        }
        return issues
    }

    /// The most coins one config may list.
    public static let maxCoins = 256

    /// The raw size of one lot for `sizeDecimals` decimals.
    static func lot(_ sizeDecimals: Int64) -> Int64 {
        var raw = FixedPoint.scale
        for _ in 0..<sizeDecimals { raw /= 10 }
        return raw
    }
}

extension EngineConfig {
    /// The paths of the fields whose values differ between two configs (scalar fields
    /// in table order, then `coins`), for messages that say what changed.
    public static func differences(_ a: EngineConfig, _ b: EngineConfig) -> [String] {
        var paths = Self.parameters.filter { $0.value(in: a) != $0.value(in: b) }.map(\.path)
        if a.coins != b.coins { paths.append("coins") }
        if paths.isEmpty && a != b { paths.append("a field outside the parameter table") }
        return paths
    }
}
