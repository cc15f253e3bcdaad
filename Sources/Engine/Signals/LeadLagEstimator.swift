/// Estimates how far a reference venue's mid leads ours, and how strongly, on a rolling
/// window: both mids are sampled on a fixed grid of virtual time, and the correlation of
/// our return at each sample with the reference return `k` samples earlier is kept for
/// every lag `k` in 0...maxLag. The best positive lag (largest correlation) is the
/// estimate; its regression slope turns the reference moves of the last `k` samples,
/// which our mid has not followed yet, into a predicted move.
///
/// Deterministic: + − × ÷ and √ only; the running sums are recomputed from the ring every
/// `window` samples so rounding cannot drift.
struct LeadLagEstimator: Sendable, Codable, Equatable {
    /// Grid step (ns), window (samples), longest lag (samples), warm-up (samples).
    let step: Int64
    let window: Int
    let maxLag: Int
    let warmup: Int

    /// Our and the reference's returns, oldest first (ring of window + maxLag samples).
    private var ours: [Double]
    private var theirs: [Double]
    private var head = 0
    /// Returns recorded (saturating at Int.max / 2).
    private(set) var samples = 0
    /// Sums over the window: Σ ours[t]·theirs[t−k] for each k, Σ ours², Σ theirs².
    private var cross: [Double]
    private var oursSquares = 0.0
    private var theirsSquares = 0.0
    private var sinceRecompute = 0
    /// The grid time of the next sample, and the mids of the previous one.
    private(set) var nextSample: Int64?
    private var previousOurs = 0.0
    private var previousTheirs = 0.0
    /// Whether the estimate was ever warm (the staleness multiplier's guard).
    private(set) var everWarm = false

    init(step: Int64, window: Int, maxLag: Int, warmup: Int) {
        self.step = max(1, step)
        self.window = max(2, window)
        self.maxLag = max(1, min(maxLag, self.window - 1))
        self.warmup = max(1, warmup)
        let capacity = self.window + self.maxLag
        self.ours = [Double](repeating: 0, count: capacity)
        self.theirs = [Double](repeating: 0, count: capacity)
        self.cross = [Double](repeating: 0, count: self.maxLag + 1)
    }

    /// Takes every grid sample due up to `time` from the current mids (the values before
    /// the event at `time` is applied). After a long gap at most a window of flat
    /// samples is taken.
    mutating func advance(to time: Int64, ours mid: Double, theirs reference: Double) {
        guard mid > 0, reference > 0, mid.isFinite, reference.isFinite else { return }
        guard let due = self.nextSample else {
            self.nextSample = time - time % self.step + self.step
            self.previousOurs = mid
            self.previousTheirs = reference
            return
        }
        guard time >= due else { return }
        let steps = (time - due) / self.step + 1
        // The mids moved before the first due grid point: the return belongs there, and
        // the samples after it (up to now) are flat.
        self.push(ours: (mid - self.previousOurs) / self.previousOurs, theirs: (reference - self.previousTheirs) / self.previousTheirs)
        let flat = min(steps - 1, Int64(self.window))
        if flat >= Int64(self.window) {
            // A whole window of flat samples: every return in it is zero.
            for i in self.ours.indices { self.ours[i] = 0; self.theirs[i] = 0 }
            for k in self.cross.indices { self.cross[k] = 0 }
            self.oursSquares = 0
            self.theirsSquares = 0
            self.sinceRecompute = 0
            self.samples = min(self.samples + self.window, Int.max / 2)
        } else {
            for _ in 0..<flat { self.push(ours: 0, theirs: 0) }
        }
        self.previousOurs = mid
        self.previousTheirs = reference
        self.nextSample = due + steps * self.step
    }

    /// Stops sampling (the reference went stale): the next ``advance(to:ours:theirs:)``
    /// starts afresh from the mids then, with no return across the gap.
    mutating func pause() { self.nextSample = nil }

    private func index(_ back: Int) -> Int {
        // `back` samples before the newest (0: the newest).
        let capacity = self.ours.count
        return ((self.head - 1 - back) % capacity + capacity) % capacity
    }

    private mutating func push(ours r: Double, theirs q: Double) {
        let capacity = self.ours.count
        // The sample leaving the window (window samples back, once the window is full).
        if self.samples >= self.window {
            let leaving = self.index(self.window - 1)
            let o = self.ours[leaving]
            self.oursSquares -= o * o
            for k in 0...self.maxLag where self.samples - self.window + 1 > k {
                self.cross[k] -= o * self.theirs[(leaving - k + capacity) % capacity]
            }
            let t = self.theirs[leaving]
            self.theirsSquares -= t * t
        }
        self.ours[self.head] = r
        self.theirs[self.head] = q
        self.head = (self.head + 1) % capacity
        self.samples = min(self.samples + 1, Int.max / 2)
        self.oursSquares += r * r
        self.theirsSquares += q * q
        for k in 0...self.maxLag where k < self.samples {
            self.cross[k] += r * self.theirs[self.index(k)]
        }
        self.sinceRecompute += 1
        if self.sinceRecompute >= self.window { self.recompute() }
        if !self.everWarm && self.isWarm { self.everWarm = true }
    }

    /// Recomputes the sums from the ring (bounded rounding).
    private mutating func recompute() {
        self.sinceRecompute = 0
        let n = min(self.samples, self.window)
        var oo = 0.0
        var tt = 0.0
        var cross = [Double](repeating: 0, count: self.maxLag + 1)
        for back in 0..<n {
            let i = self.index(back)
            oo += self.ours[i] * self.ours[i]
            tt += self.theirs[i] * self.theirs[i]
            for k in 0...self.maxLag where back + k < self.samples {
                cross[k] += self.ours[i] * self.theirs[self.index(back + k)]
            }
        }
        self.oursSquares = oo
        self.theirsSquares = tt
        self.cross = cross
    }

    /// Whether enough samples were taken.
    var isWarm: Bool { self.samples >= self.warmup }

    /// The best lag (samples, ≥ 1), its correlation and its regression slope, or `nil`
    /// before warm-up or without movement on either side.
    var estimate: (lag: Int, correlation: Double, beta: Double)? {
        guard self.isWarm, self.oursSquares > 0, self.theirsSquares > 0 else { return nil }
        var best = 1
        for k in 2...max(2, self.maxLag) where k <= self.maxLag && self.cross[k] > self.cross[best] { best = k }
        let correlation = self.cross[best] / (self.oursSquares * self.theirsSquares).squareRoot()
        return (best, min(max(correlation, -1), 1), self.cross[best] / self.theirsSquares)
    }

    /// The reference's return since the latest sample (its move not sampled yet).
    func unsampledReferenceMove(current: Double) -> Double {
        guard self.nextSample != nil, self.previousTheirs > 0, current > 0 else { return 0 }
        return (current - self.previousTheirs) / self.previousTheirs
    }

    /// The reference's return over its last `lag` samples (the move our mid has not
    /// followed yet when the reference leads by `lag`).
    func recentReferenceMove(lag: Int) -> Double {
        var total = 0.0
        for back in 0..<min(lag, self.samples) { total += self.theirs[self.index(back)] }
        return total
    }
}

extension LeadLagEstimator {
    /// Why a restored estimator differs in shape from `fresh` (same config) or holds
    /// values out of range, or `nil`.
    func restoreProblem(against fresh: LeadLagEstimator) -> String? {
        guard self.step == fresh.step, self.window == fresh.window, self.maxLag == fresh.maxLag, self.warmup == fresh.warmup,
              self.ours.count == fresh.ours.count, self.theirs.count == fresh.theirs.count, self.cross.count == fresh.cross.count else {
            return "lead-lag: its sizes differ from the config's"
        }
        guard (0..<self.ours.count).contains(self.head), (0...Int.max / 2).contains(self.samples), (0...self.window).contains(self.sinceRecompute),
              self.nextSample == nil || (self.previousOurs > 0 && self.previousTheirs > 0),
              (self.ours + self.theirs + self.cross + [self.oursSquares, self.theirsSquares, self.previousOurs, self.previousTheirs]).allSatisfy(\.isFinite)
        else { return "lead-lag: a position, count or value is out of range" }
        if let next = self.nextSample, !Limits.isValidDeadline(next) { return "lead-lag: next sample time \(next) is out of range" }
        return nil
    }
}
