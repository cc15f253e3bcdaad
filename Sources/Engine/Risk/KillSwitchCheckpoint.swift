/// Why the kill switch tripped, with the figures that tripped it.
public enum KillReason: Sendable, Equatable, Codable {
    case maxLoss(loss: Double, limit: Double)
    case maxDrawdown(drawdown: Double, limit: Double)
    case maxPosition(value: Double, limit: Double)
    /// Transient: not re-triggered when a checkpoint is restored.
    case positionRunaway(value: Double, limit: Double)
    case staleData(seconds: Double, threshold: Double)
    case rateLimit(count: Int64, limit: Int64)
    case cascadeDetected(severity: Double)
    case manual(reason: String)
    case liquidationDetected(positionDelta: Double, maxPosition: Double)
    case priceVelocity(perSecond: Double, limit: Double)
    case positionVelocity(perMinute: Double, limit: Double)

    /// Whether the condition passes by itself (not restored from checkpoints).
    public var isTransient: Bool {
        if case .positionRunaway = self { return true }
        return false
    }

    /// The reason's name ("MaxLoss", ...).
    public var name: String {
        switch self {
        case .maxLoss: return "MaxLoss"
        case .maxDrawdown: return "MaxDrawdown"
        case .maxPosition: return "MaxPosition"
        case .positionRunaway: return "PositionRunaway"
        case .staleData: return "StaleData"
        case .rateLimit: return "RateLimit"
        case .cascadeDetected: return "CascadeDetected"
        case .manual: return "Manual"
        case .liquidationDetected: return "LiquidationDetected"
        case .priceVelocity: return "PriceVelocity"
        case .positionVelocity: return "PositionVelocity"
        }
    }

    /// The reason with its figures.
    public var summary: String {
        switch self {
        case .maxLoss(let loss, let limit): return "MaxLoss: loss \(loss) > limit \(limit)"
        case .maxDrawdown(let drawdown, let limit): return "MaxDrawdown: drawdown \(drawdown) > limit \(limit)"
        case .maxPosition(let value, let limit): return "MaxPosition: value \(value) > 2x limit \(limit)"
        case .positionRunaway(let value, let limit): return "PositionRunaway: value \(value) > \(limit)"
        case .staleData(let seconds, let threshold): return "StaleData: \(seconds) s > \(threshold) s"
        case .rateLimit(let count, let limit): return "RateLimit: \(count) errors >= \(limit)"
        case .cascadeDetected(let severity): return "CascadeDetected: severity \(severity)"
        case .manual(let reason): return "Manual: \(reason)"
        case .liquidationDetected(let delta, let max): return "LiquidationDetected: position jumped \(delta) (max position \(max)) with no fill"
        case .priceVelocity(let v, let limit): return "PriceVelocity: \(v)/s >= \(limit)/s"
        case .positionVelocity(let v, let limit): return "PositionVelocity: \(v)/min >= \(limit)/min"
        }
    }
}

/// What the driver saves at every trip, every reset and at exit, and hands back on
/// start.
public struct KillSwitchCheckpoint: Sendable, Equatable, Codable {
    /// Whether the switch was tripped.
    public var triggered: Bool
    public var reasons: [KillReason]
    /// Virtual time (Unix ns) the checkpoint was taken.
    public var time: Int64
    /// Virtual time (Unix ns) the switch first tripped; the age rule
    /// (`risk.checkpoint_max_age_s`) counts from it, so saving a tripped switch again
    /// (at each exit) never makes it younger. `nil` in checkpoints written before this
    /// field existed: their `time` stands in for it.
    public var triggeredAt: Int64?

    public init(triggered: Bool, reasons: [KillReason], time: Int64, triggeredAt: Int64? = nil) {
        self.triggered = triggered
        self.reasons = reasons
        self.time = time
        self.triggeredAt = triggeredAt
    }

    /// When the switch tripped, as far as the checkpoint knows.
    public var tripTime: Int64 { self.triggeredAt ?? self.time }
}
