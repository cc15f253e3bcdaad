import Engine

/// Why a sweep result deserves caution. Each job's warnings are stored with its figures
/// (`warnings` in `results.csv`, `;`-separated, and in `results.json`); an aggregate
/// carries every warning of its captures; the report lists them with their explanation.
public enum SweepWarning: String, CaseIterable, Sendable {
    /// The Sharpe ratio rests on fewer than ``minimumSharpeSamples`` hourly PnL changes.
    case fewSharpeSamples = "few_sharpe_samples"
    /// The capture is shorter than the engine's warm-up plus ``shortCaptureMarginSeconds``:
    /// the engine quoted for little or none of it.
    case shortCapture = "short_capture"
    /// The backtest had no fill: PnL, Sharpe and maker share say nothing about the quotes.
    case noFills = "no_fills"

    /// The fewest hourly PnL changes a Sharpe ratio is trusted on (below it: a warning).
    public static let minimumSharpeSamples = 30

    /// Seconds of quoting after the warm-up a capture must hold to count as long enough.
    public static let shortCaptureMarginSeconds = 300.0

    /// How long the engine waits before quoting normally: the longer of the warm-up gate
    /// (`gates.warmup_s`) and the volatility estimator's warm-up
    /// (`estimators.volatility_warmup_buckets` × `estimators.volatility_bucket_s`).
    public static func warmUpSeconds(_ config: EngineConfig) -> Double {
        max(config.gates.warmupSeconds, Double(config.estimators.volatilityWarmupBuckets) * config.estimators.volatilityBucketSeconds)
    }

    /// The warnings a backtest earns, in declaration order.
    static func of(sharpeSamples: Int, durationSeconds: Double, fills: UInt64, config: EngineConfig) -> [SweepWarning] {
        var warnings: [SweepWarning] = []
        if sharpeSamples < Self.minimumSharpeSamples { warnings.append(.fewSharpeSamples) }
        if durationSeconds < Self.warmUpSeconds(config) + Self.shortCaptureMarginSeconds { warnings.append(.shortCapture) }
        if fills == 0 { warnings.append(.noFills) }
        return warnings
    }

    /// Every warning in `lists`, once each, in declaration order.
    static func union(_ lists: [[SweepWarning]]) -> [SweepWarning] {
        Self.allCases.filter { warning in lists.contains { $0.contains(warning) } }
    }

    /// What the warning means, for the report and the command's summary.
    public var explanation: String {
        switch self {
        case .fewSharpeSamples:
            return "the Sharpe ratio rests on fewer than \(Self.minimumSharpeSamples) hourly PnL changes (see sharpe_samples): too few to rank by"
        case .shortCapture:
            return "the capture is shorter than the engine's warm-up plus \(Int(Self.shortCaptureMarginSeconds)) s: little or no time was quoted"
        case .noFills:
            return "no fill: PnL, Sharpe and maker share say nothing about the quotes (maker_share averages leave such captures out)"
        }
    }
}
