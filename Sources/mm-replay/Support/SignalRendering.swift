import Engine
import JSON
import Replay
import Research

extension JSONWriter {
    /// `"fill_quality": {fills, gross_edge_bps, markout_bps: {1s, 5s, 30s, 60s},
    /// adverse_selection_bps: {...}, measured: {...}}`: the markouts of the run's fills.
    mutating func fillQuality(_ quality: FillQuality) {
        self.key("fill_quality")
        self.beginObject()
        self.field("fills", UInt64(max(0, quality.fills)))
        self.field("gross_edge_bps", quality.meanGrossEdgeBps)
        let horizons = FillQuality.horizons.map { "\($0)s" }
        for (name, values) in [("markout_bps", quality.meanMarkoutBps), ("adverse_selection_bps", quality.meanAdverseSelectionBps)] {
            self.key(name)
            self.beginObject()
            for (horizon, value) in zip(horizons, values) { self.key(horizon); self.value(value) }
            self.endObject()
        }
        self.key("measured")
        self.beginObject()
        for (horizon, count) in zip(horizons, quality.counts) { self.key(horizon); self.value(UInt64(max(0, count))) }
        self.endObject()
        self.endObject()
    }

    /// `"signals": {COIN: {...}}`: each coin's latest cross-venue signals and calibration.
    mutating func signals(_ signals: [(coin: String, signals: QuoteCycleDecision.Signals)]) {
        self.key("signals")
        self.beginObject()
        for (coin, s) in signals {
            self.key(coin)
            self.beginObject()
            self.field("signal_bps", s.adjustmentBps)
            self.field("edge_bps", s.edgeBps)
            self.field("lead_lag_ms", s.leadLagMilliseconds)
            self.field("lead_lag_corr", s.leadLagCorrelation)
            self.field("flow", s.flowImbalance)
            self.field("ref_quotes", s.referenceQuotes)
            self.field("ref_trades", s.referenceTrades)
            self.field("model_n", s.predictions)
            self.field("model_brier", s.brier)
            self.field("model_hit_rate", s.hitRate)
            self.field("model_ir", s.informationRatio)
            self.endObject()
        }
        self.endObject()
    }
}

/// Lines for people: the fills' markouts and each coin's signals.
func describeQuality(_ quality: FillQuality, signals: [(coin: String, signals: QuoteCycleDecision.Signals)]) -> [String] {
    var lines: [String] = []
    if quality.fills > 0 {
        let markouts = zip(FillQuality.horizons, quality.meanMarkoutBps).map { "\($0)s \(JournalReport.figure($1))" }.joined(separator: ", ")
        let adverse = zip(FillQuality.horizons, quality.meanAdverseSelectionBps).map { "\($0)s \(JournalReport.figure($1))" }.joined(separator: ", ")
        lines.append("fill quality: \(quality.fills) fills, gross edge \(JournalReport.figure(quality.meanGrossEdgeBps)) bps; markout \(markouts) bps; adverse selection \(adverse) bps")
    }
    for (coin, s) in signals {
        lines.append("\(coin) signals: lead-lag \(Int(s.leadLagMilliseconds)) ms (corr \(JournalReport.figure(s.leadLagCorrelation))), flow \(JournalReport.figure(s.flowImbalance)), "
            + "last adjustment \(JournalReport.figure(s.adjustmentBps)) bps; model over \(s.predictions) predictions: Brier \(JournalReport.figure(s.brier)), hit rate \(JournalReport.figure(s.hitRate)), IR \(JournalReport.figure(s.informationRatio))")
    }
    return lines
}
