/// The runbook's model gating, driven by calibration (see docs/risk.md):
/// - no signal model in use: `gating_mult` (1.5) while volatility or kappa warm up, else 1;
/// - fewer than `model_min_predictions` scored: `gating_mult` (uncalibrated);
/// - informative and calibrated (IR ≥ `model_min_ir` and Brier < 0.25, a coin flip's): 1;
/// - otherwise `gating_mult` + (`max_mult` − `gating_mult`) × clamp((Brier − 0.25) /
///   (`model_brier_max` − 0.25), 0, 1): 1.5 for an uninformative model, 2.0 for one whose
///   Brier reaches `model_brier_max` (0.30);
/// and never below the warm-up value while volatility or kappa warm up.
enum ModelGating {
    /// The multiplier for these figures (`calibration` nil: no signal model in use).
    static func multiplier(modelsWarm: Bool, calibration: (brier: Double, informationRatio: Double, count: Int)?,
                           gates: EngineConfig.Gates, signals: EngineConfig.Signals) -> Double {
        let warming = modelsWarm ? 1.0 : gates.modelGatingMult
        guard let calibration else { return warming }
        guard calibration.count >= Int(signals.modelMinPredictions) else { return max(warming, gates.modelGatingMult) }
        if calibration.informationRatio >= signals.modelMinInformationRatio && calibration.brier < 0.25 { return warming }
        let badness = min(max((calibration.brier - 0.25) / (signals.modelBrierMax - 0.25), 0), 1)
        return max(warming, gates.modelGatingMult + (gates.modelGatingMaxMult - gates.modelGatingMult) * badness)
    }
}
