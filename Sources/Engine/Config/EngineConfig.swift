/// Everything that shapes the engine's behaviour. Two runs with equal configs over
/// equal events emit equal commands.
///
/// Durations are seconds (`Double`) in files and renderings and nanoseconds inside the
/// engine. Every field, its default and its rule are listed in ``EngineConfig/parameters``,
/// which loading, validation and `config show` all use.
public struct EngineConfig: Sendable, Equatable, Codable {
    /// General engine settings.
    public struct General: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        /// Seed of the engine's PRNG.
        public var seed: Int64 = 1
        /// Seconds of virtual time between quote cycles.
        public var quoteIntervalSeconds: Double = 0.5
        /// The session discriminator (0...2^32-1) in every client order id's high half, so
        /// ids never repeat across sessions and restarts: `mm-live` sets it from the
        /// session's start time and journals it with the config, so a replay issues the
        /// same ids. A fill for an id of ours from another session is an orphan.
        public var session: Int64 = 0
    }

    /// The GLFT strategy's parameters.
    public struct Strategy: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

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
    public struct Quoting: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        /// Orders per side (1...10).
        public var levels: Int64 = 3
        /// Extra distance between consecutive levels, in basis points of mid.
        public var levelSpacingBps: Double = 3.0
        /// Smallest half-spread quoted, in bps (floors the GLFT value; above the maker fee,
        /// or the no-edge gate keeps a flat book from quoting).
        public var minHalfSpreadBps: Double = 2.0
        /// Largest half-spread quoted, in bps.
        public var maxHalfSpreadBps: Double = 200.0
        /// An order is left alone unless its ideal price moved by at least this many bps
        /// (or its size changed): small moves do not churn orders.
        public var minChangeBps: Double = 1.0
    }

    /// Estimator windows and warm-up.
    public struct Estimators: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

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
    public struct Fees: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        public var makerBps: Double = 1.5
        public var takerBps: Double = 4.5
    }

    /// Risk monitors and kill-switch thresholds (the runbooks' defaults).
    public struct Risk: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        /// Kill when the day's PnL is below −this (quote currency).
        public var maxDailyLoss: Double = 500
        /// Kill when (peak − PnL) / account value exceeds this fraction.
        public var maxDrawdown: Double = 0.05
        /// The drawdown check is skipped while peak PnL is below this.
        public var minPeakForDrawdown: Double = 1.0
        /// Soft limit on |position| × mid per coin: above 1x reduce-only, above 2x kill.
        public var maxPositionValue: Double = 10_000
        /// Kill (transient PositionRunaway) when |position| × mid exceeds this multiple of
        /// the account value.
        public var maxLeverage: Double = 5
        /// Position change per minute, as a fraction of max_inventory: warn, pull, kill.
        public var positionVelocityWarn: Double = 0.5
        public var positionVelocityPull: Double = 1.0
        public var positionVelocityKill: Double = 2.0
        /// Market data older than this kills (unless reconnecting within the grace).
        public var staleDataSeconds: Double = 30
        /// Reconnect attempts during which stale data pulls quotes instead of killing.
        public var reconnectGraceAttempts: Int64 = 5
        /// Cascade severity: pull quotes at, kill at.
        public var cascadePull: Double = 0.8
        public var cascadeKill: Double = 5.0
        /// Half-life of the cascade severity, seconds.
        public var cascadeHalfLifeSeconds: Double = 30
        /// Mid move per second (fraction): pull at, kill at.
        public var priceVelocityPull: Double = 0.05
        public var priceVelocityKill: Double = 0.15
        /// Rate-limit rejections within the window that kill.
        public var rateLimitKillErrors: Int64 = 3
        public var rateLimitWindowSeconds: Double = 60
        /// A position change above this fraction of max_inventory with no fill within
        /// `liquidation_window_s` is a liquidation.
        public var liquidationFraction: Double = 0.2
        public var liquidationWindowSeconds: Double = 5
        /// A kill-switch checkpoint older than this is ignored on start.
        public var checkpointMaxAgeSeconds: Double = 86_400
    }

    /// Data-quality gate, spread multiplier chain and quote gate.
    public struct Gates: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        /// Quotes are gated when the book is older than this (before the kill threshold).
        public var dataStaleGateSeconds: Double = 15
        /// Cap of the multiplicative spread chain.
        public var maxComposedSpreadMult: Double = 10.0
        /// Cap of the additive spread adjustments, bps.
        public var maxAdditiveSpreadBps: Double = 20
        /// VPIN above which the toxicity multiplier grows; its slope; VPIN that stops quoting.
        public var toxicityThreshold: Double = 0.3
        public var toxicitySlope: Double = 2.0
        public var toxicFlowVpin: Double = 0.85
        /// Defensive multiplier: fills remembered, extra width per negative-edge share, cap.
        /// Only fills within `defensive_window_s` count, and the share ramps in over the
        /// first 5 fills, so one bad fill cannot keep quotes wide forever.
        public var defensiveFills: Int64 = 20
        public var defensiveWindowSeconds: Double = 300
        public var defensiveSlope: Double = 4.0
        public var defensiveMax: Double = 5.0
        /// A reference signal older than this is stale; the multiplier reaches
        /// `staleness_max_mult` at twice that age.
        public var signalStaleSeconds: Double = 5
        public var stalenessMaxMult: Double = 2.0
        /// Spread multiplier while the volatility and kappa models are still warming up,
        /// or while the signal model is uncalibrated or uninformative.
        public var modelGatingMult: Double = 1.5
        /// Model gating of a signal model whose Brier score reaches `signals.model_brier_max`.
        public var modelGatingMaxMult: Double = 2.0
        /// Fills are judged for the defensive multiplier by their markout this many seconds
        /// after the fill (0: by their edge to the mid at the fill, the gross edge).
        public var defensiveHorizonSeconds: Double = 1
        /// Circuit breakers: |funding rate| above this, market spread above this (bps),
        /// fills per minute above this; each widens by its multiplier.
        public var fundingBreakerRate: Double = 0.001
        public var fundingBreakerMult: Double = 1.5
        public var spreadBreakerBps: Double = 50
        public var spreadBreakerMult: Double = 2.0
        public var fillBreakerPerMinute: Double = 30
        public var fillBreakerMult: Double = 1.5
        /// Cap of the rate-limit multiplier 1/√headroom.
        public var rateLimitMultCap: Double = 5.0
        /// Shadow spread λ: λ / max(headroom, 0.01), in bps.
        public var shadowSpreadLambdaBps: Double = 0.5
        /// Headroom at and above which all ladder levels are used.
        public var minHeadroomForFullLadder: Double = 0.5
        /// Probability per cycle of an epsilon probe when there is no edge.
        public var epsilonProbe: Double = 0.05
        /// Seconds of market data before the estimators' warm-up stops gating (bounded:
        /// quoting never waits for fills).
        public var warmupSeconds: Double = 10
    }

    /// Cross-venue signals (lead-lag, cross-venue flow), their integration into the
    /// quotes and the calibration that drives model gating. They run only for coins
    /// whose reference venue data (``ReferenceQuote``, ``ReferenceTrades``) arrives: a coin
    /// without one (no listing) has them disabled, never stale.
    public struct Signals: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        /// Use the lead-lag signal (the reference venue's mid leading ours).
        public var leadLag = true
        /// Use cross-venue flow (signed trade imbalance on the reference venue).
        public var crossVenueFlow = true
        /// Both mids are sampled on a grid of this many milliseconds of virtual time.
        public var sampleMilliseconds: Int64 = 50
        /// Samples in the rolling window of the lead-lag estimate (600 × 50 ms = 30 s).
        public var windowSamples: Int64 = 600
        /// Longest lag tried, in samples (20 × 50 ms = 1 s).
        public var maxLagSamples: Int64 = 20
        /// Samples before the lead-lag estimate is warm.
        public var leadLagWarmupSamples: Int64 = 200
        /// Correlation at the best lag below which the lead-lag signal is not used.
        public var minCorrelation: Double = 0.1
        /// Half-life of the cross-venue flow's buy and sell volumes, seconds.
        public var flowHalfLifeSeconds: Double = 2
        /// Reference trades before the flow signal is warm.
        public var flowWarmupTrades: Int64 = 20
        /// Fair-value shift (bps) of a fully one-sided flow (imbalance ±1).
        public var flowBps: Double = 1.0
        /// Horizon of the predictions whose calibration drives model gating, seconds.
        public var modelHorizonSeconds: Double = 1
        /// Resolved predictions kept for the calibration figures.
        public var modelWindow: Int64 = 200
        /// Resolved predictions before the calibration counts (model gating stays at
        /// `gates.model_gating_mult` until then).
        public var modelMinPredictions: Int64 = 50
        /// Edge (bps) at which a prediction's probability of an up move reaches 1 (0 at
        /// minus this): p = 0.5 + 0.5 × clamp(edge / scale, −1, 1).
        public var modelScaleBps: Double = 4
        /// Information ratio per prediction at and above which a calibrated model (Brier
        /// below 0.25, a coin flip's) needs no gating.
        public var modelMinInformationRatio: Double = 0.05
        /// Brier score at and above which model gating reaches its maximum.
        public var modelBrierMax: Double = 0.30
    }

    /// Live order-state safety: the dead man's switch, reconciliation with the venue,
    /// retries, lost outcomes, the kill's cancel-all check. The engine decides all of it
    /// from virtual time, so a replay reproduces it.
    public struct Safety: Sendable, Equatable, Codable {
        /// The defaults.
        public init() {}

        /// Arm the venue's dead man's switch (`scheduleCancel`) this many seconds ahead
        /// while orders may be open (0: never).
        public var deadMansSwitchSeconds: Double = 60
        /// ... and renew it this often.
        public var deadMansSwitchRenewSeconds: Double = 10
        /// Ask the venue for positions, account value and open orders this often (0: only
        /// at start, after reconnects and while killed or shutting down).
        public var reconcileIntervalSeconds: Double = 15
        /// A difference with the venue (a position, an acknowledged order missing) must be
        /// seen again at least this much later before it is acted on: answers race with
        /// fills and updates still on their way.
        public var reconcileGraceSeconds: Double = 5
        /// Order and modify actions expire this many seconds after they are signed: one
        /// delivered later is refused by the venue, so a lost order that is not found at
        /// the venue after this (plus a second) never rested.
        public var expiresAfterSeconds: Double = 5
        /// First retry of an unconfirmed cancel or of a lookup; doubles up to the maximum.
        public var retrySeconds: Double = 1
        public var retryMaxSeconds: Double = 16
        /// While killed or shutting down, ask the venue for open orders this often until
        /// nothing of ours is left.
        public var killVerifySeconds: Double = 2
        /// Orders found open at start (left by an earlier session): adopt and manage them
        /// (true) or cancel them (false).
        public var adoptOrphans = false
    }

    /// Per-coin trading rules and limits.
    public struct Coin: Sendable, Equatable, Codable {
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
    public var risk = Risk()
    public var gates = Gates()
    public var safety = Safety()
    public var signals = Signals()
    /// The coins quoted, in order.
    public var coins: [Coin] = [
        Coin(name: "BTC", sizeDecimals: 5, orderSize: Size(rawValue: 100_000), maxInventory: Size(rawValue: 1_000_000)),
        Coin(name: "ETH", sizeDecimals: 4, orderSize: Size(rawValue: 3_000_000), maxInventory: Size(rawValue: 30_000_000)),
    ]

    /// The defaults: a sensible small BTC and ETH quote.
    public init() {}

    /// A named set of overrides over the defaults.
    public enum Profile: String, Sendable, CaseIterable {
        /// The runbooks' defaults.
        case `default`
        /// The runbooks' production values: data stale at 10 s, rate-limit kill at 2
        /// errors, min peak for drawdown max(1, 2% of max position value); and, because
        /// the data gate must fire before the staleness kill, the data gate at 5 s (the
        /// runbook's 15 s gate was written for its 30 s default kill).
        case production
    }

    /// The defaults with a profile's overrides applied.
    public init(profile: Profile) {
        self.init()
        self.apply(profile)
    }

    /// Applies a profile's overrides to this config.
    public mutating func apply(_ profile: Profile) {
        switch profile {
        case .default:
            break
        case .production:
            self.risk.staleDataSeconds = 10
            self.risk.rateLimitKillErrors = 2
            self.gates.dataStaleGateSeconds = 5
            self.risk.minPeakForDrawdown = max(1.0, self.risk.maxPositionValue * 0.02)
        }
    }

    /// Recomputes a profile's derived values from the fields a file set (call after
    /// applying a file over the profile): under `production`, `min_peak_for_drawdown` is
    /// max(1, 2 % of the file's `max_position_value`) unless the file sets it itself.
    public mutating func deriveProfileValues(_ profile: Profile, explicitlySet: Set<String>) {
        if profile == .production && !explicitlySet.contains("risk.min_peak_for_drawdown") {
            self.risk.minPeakForDrawdown = max(1.0, self.risk.maxPositionValue * 0.02)
        }
    }

    /// The config of a coin, if it is quoted.
    public func coin(named name: String) -> Coin? { self.coins.first { $0.name == name } }
}
