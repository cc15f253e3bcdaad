/// The Guéant–Lehalle–Fernandez-Tapia closed-form quotes, with the numerical guards of
/// the runbooks, in fractional price units (0.0001 = 1 bp of mid).
///
/// For risk aversion γ, arrival decay κ, arrival intensity A, volatility σ (fraction per
/// √second) and inventory q (in order-size lots):
///
///     c₁ = (1/γ)·ln(1 + γ/κ)
///     c₂ = √( γ / (2·A·κ) · (1 + γ/κ)^(κ/γ + 1) )
///     half-spread = c₁ + ½·σ·c₂          skew per lot = σ·c₂
///     bid distance = half-spread + q·skew,  ask distance = half-spread − q·skew
///
/// Guards: γ, κ, A clamped to ≥ ε; `ln(1+x)` by its Taylor series when x ≤ 1e-12; the
/// exponent of the power term capped at 700 (no overflow); denominators floored at
/// 1e-15. Every output is finite and non-negative for every finite input.
package enum SpreadOracle {
    /// Smallest γ, κ and A used (their clamps).
    package static let epsilon = Double.ulpOfOne

    /// The half-spread and skew for the given state.
    package static func quote(gamma: Double, kappa: Double, sigma: Double, arrivalIntensity: Double) -> (halfSpread: Double, skewPerLot: Double) {
        let g = self.clamp(gamma)
        let k = self.clamp(kappa)
        let a = self.clamp(arrivalIntensity)
        let s = sigma.isFinite ? max(sigma, 0) : 0
        let c1 = self.halfSpreadTerm(gamma: g, kappa: k)
        let c2 = self.inventoryTerm(gamma: g, kappa: k, arrivalIntensity: a)
        let skew = self.finite(s * c2)
        return (self.finite(c1 + 0.5 * skew), skew)
    }

    /// c₁ = (1/γ)·ln(1 + γ/κ): the half-spread with no volatility; → 1/κ as γ → 0.
    package static func halfSpreadTerm(gamma: Double, kappa: Double) -> Double {
        let g = self.clamp(gamma)
        let k = self.clamp(kappa)
        let ratio = g / k
        if !ratio.isFinite { return self.finite(DeterministicMath.log(g) / g - DeterministicMath.log(k) / g) }
        if ratio <= 1e-12 {
            // ln(1+x)/γ with x = γ/κ: (x − x²/2)/γ = 1/κ − γ/(2κ²)
            return self.finite(1 / k - ratio / (2 * k))
        }
        return self.finite(DeterministicMath.log1p(ratio) / g)
    }

    /// c₂ = √( γ/(2Aκ) · (1+γ/κ)^(κ/γ+1) ).
    package static func inventoryTerm(gamma: Double, kappa: Double, arrivalIntensity: Double) -> Double {
        let g = self.clamp(gamma)
        let k = self.clamp(kappa)
        let a = self.clamp(arrivalIntensity)
        let ratio = g / k
        let exponent: Double
        if !ratio.isFinite || ratio > 1e300 {
            exponent = 700
        } else if ratio <= 1e-12 {
            exponent = 1  // (1+x)^(1/x+1) → e as x → 0
        } else {
            exponent = min((1 / ratio + 1) * DeterministicMath.log1p(ratio), 700)
        }
        let denominator = max(2 * a * k, 1e-15)
        let value = (g / denominator) * DeterministicMath.exp(exponent)
        return self.finite(value.squareRoot())
    }

    /// The κ at which the no-volatility half-spread equals `halfSpread` net of `fee`
    /// (both fractions of price): κ = γ / (e^(γ(δ−fee)) − 1). +infinity when the spread
    /// does not beat the fee.
    package static func kappaForSpread(halfSpread: Double, gamma: Double, fee: Double) -> Double {
        let edge = halfSpread - fee
        guard edge > 0, edge.isFinite else { return .infinity }
        let g = self.clamp(gamma)
        let x = g * edge
        let denominator = x < 1e-8 ? x + x * x / 2 : DeterministicMath.exp(min(x, 700)) - 1
        guard denominator >= 1e-300 else { return .infinity }
        return g / denominator
    }

    @inline(__always)
    static func clamp(_ value: Double) -> Double {
        guard value.isFinite else { return value == .infinity ? Double.greatestFiniteMagnitude : self.epsilon }
        return max(value, self.epsilon)
    }

    @inline(__always)
    static func finite(_ value: Double) -> Double {
        if value.isNaN { return 0 }
        if value == .infinity { return Double.greatestFiniteMagnitude }
        return max(value, 0)
    }
}
