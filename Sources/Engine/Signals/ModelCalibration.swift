/// How good the signal model's predictions have been: each quote cycle with a signal
/// predicts the direction of our mid over a horizon (probability of an up move from the
/// edge), and once the horizon passes the prediction is scored. Over the last `window`
/// scored predictions: the Brier score (mean squared error of the probability; a coin
/// flip scores 0.25), the hit rate (share of moves on the predicted side) and the
/// information ratio (mean over standard deviation of the signed move, per prediction).
/// Predictions whose horizon saw no move are not scored.
struct ModelCalibration: Sendable, Codable, Equatable {
    /// A prediction waiting for its horizon.
    struct Pending: Sendable, Codable, Equatable {
        var due: Int64
        var mid: Double
        var probabilityUp: Double
        var direction: Double
    }

    let window: Int
    private var pending: [Pending] = []
    /// Scored predictions: squared errors, hits (1/0) and signed moves (bps), a ring.
    private var squaredErrors: [Double]
    private var hits: [Double]
    private var signedMoves: [Double]
    private var head = 0
    private(set) var scored = 0

    init(window: Int) {
        self.window = max(1, window)
        self.squaredErrors = [Double](repeating: 0, count: self.window)
        self.hits = [Double](repeating: 0, count: self.window)
        self.signedMoves = [Double](repeating: 0, count: self.window)
    }

    /// Predictions waiting (bounded: the oldest is dropped past 256).
    var waiting: Int { self.pending.count }

    /// Predicts from `edgeBps` at `mid`: up with probability 0.5 + 0.5 × clamp(edge /
    /// scale, −1, 1), scored at `due`. A zero edge predicts nothing.
    mutating func predict(edgeBps: Double, scaleBps: Double, mid: Double, due: Int64) {
        guard edgeBps != 0, edgeBps.isFinite, mid > 0, scaleBps > 0 else { return }
        if self.pending.count >= 256 { self.pending.removeFirst() }
        let p = 0.5 + 0.5 * min(max(edgeBps / scaleBps, -1), 1)
        self.pending.append(Pending(due: due, mid: mid, probabilityUp: p, direction: edgeBps > 0 ? 1 : -1))
    }

    /// Scores every prediction due by `time` against `mid` (our mid at the horizon).
    mutating func resolve(at time: Int64, mid: Double?) {
        guard let first = self.pending.first, first.due <= time else { return }
        var resolved = 0
        for p in self.pending {
            guard p.due <= time else { break }
            resolved += 1
            guard let mid, mid > 0, mid != p.mid else { continue }
            let up = mid > p.mid ? 1.0 : 0.0
            let error = p.probabilityUp - up
            self.squaredErrors[self.head] = error * error
            self.hits[self.head] = (up == 1) == (p.direction > 0) ? 1 : 0
            self.signedMoves[self.head] = p.direction * (mid - p.mid) / p.mid * 10_000
            self.head = (self.head + 1) % self.window
            self.scored = min(self.scored + 1, Int.max / 2)
        }
        self.pending.removeFirst(resolved)
    }

    /// Brier score, hit rate and information ratio over the window, and how many
    /// predictions they cover (0: nothing scored yet, figures 0).
    var figures: (brier: Double, hitRate: Double, informationRatio: Double, count: Int) {
        let n = min(self.scored, self.window)
        guard n > 0 else { return (0, 0, 0, 0) }
        var brier = 0.0
        var hits = 0.0
        var sum = 0.0
        for i in 0..<n {
            brier += self.squaredErrors[i]
            hits += self.hits[i]
            sum += self.signedMoves[i]
        }
        let mean = sum / Double(n)
        var variance = 0.0
        for i in 0..<n {
            let d = self.signedMoves[i] - mean
            variance += d * d
        }
        variance /= Double(n)
        let ir = variance > 0 ? mean / variance.squareRoot() : 0
        return (brier / Double(n), hits / Double(n), ir, n)
    }
}

extension ModelCalibration {
    /// Why a restored calibration differs in shape from `fresh` (same config) or holds
    /// values out of range, or `nil`.
    func restoreProblem(against fresh: ModelCalibration) -> String? {
        guard self.window == fresh.window, self.squaredErrors.count == self.window, self.hits.count == self.window,
              self.signedMoves.count == self.window else { return "calibration: its sizes differ from the config's" }
        guard (0..<self.window).contains(self.head), (0...Int.max / 2).contains(self.scored), self.pending.count <= 256,
              (self.squaredErrors + self.hits + self.signedMoves).allSatisfy(\.isFinite),
              self.pending.allSatisfy({ $0.mid.isFinite && $0.mid > 0 && (0...1).contains($0.probabilityUp) && ($0.direction == 1 || $0.direction == -1) })
        else {
            return "calibration: a position, count or value is out of range"
        }
        return nil
    }
}
