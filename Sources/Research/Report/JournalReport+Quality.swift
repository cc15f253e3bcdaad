import Engine

/// The page's fill-quality and signals section: markouts by horizon, each coin's
/// cross-venue signals and calibration, and the fills' markout records.
extension JournalReport {
    /// At most this many markout records are listed (the first ones).
    static let markoutRows = 200

    var qualityHTML: String {
        var html = "<h2>Fill quality and signals</h2>"
        let q = self.fillQuality
        if q.fills == 0 {
            html += "<p>no fills measured</p>"
        } else {
            html += "<table class=\"story\"><tr><th>horizon</th><th>fills measured</th><th>mean markout (bps)</th><th>mean adverse selection (bps)</th></tr>"
            for (h, seconds) in FillQuality.horizons.enumerated() {
                html += "<tr><td>\(seconds) s</td><td>\(q.counts[h])</td><td>\(Self.figure(q.meanMarkoutBps[h]))</td><td>\(Self.figure(q.meanAdverseSelectionBps[h]))</td></tr>"
            }
            html += "</table><p>\(q.fills) fills, mean gross edge \(Self.figure(q.meanGrossEdgeBps)) bps at the fill (markout = gross edge − adverse selection; positive in our favour)</p>"
        }
        if self.signals.isEmpty {
            html += "<p>no reference venue data: cross-venue signals off</p>"
        } else {
            html += "<table class=\"story\"><tr><th>coin</th><th>lead-lag (ms)</th><th>correlation</th><th>flow</th><th>last adjustment (bps)</th><th>predictions</th><th>Brier</th><th>hit rate</th><th>IR</th></tr>"
            for (coin, s) in self.signals {
                html += "<tr><td>\(SVGChart.escape(coin))</td><td>\(Self.figure(s.leadLagMilliseconds))</td><td>\(Self.figure(s.leadLagCorrelation))</td><td>\(Self.figure(s.flowImbalance))</td>"
                    + "<td>\(Self.figure(s.adjustmentBps))</td><td>\(s.predictions)</td><td>\(Self.figure(s.brier))</td><td>\(Self.figure(s.hitRate))</td><td>\(Self.figure(s.informationRatio))</td></tr>"
            }
            html += "</table>"
        }
        if !self.markouts.isEmpty {
            html += "<details><summary>\(self.markouts.count) fill markout records</summary><table class=\"story\"><tr><th>time (UTC)</th><th>coin</th><th>cloid</th><th>side</th><th>px</th><th>gross edge</th><th>1 s</th><th>5 s</th><th>30 s</th><th>60 s</th></tr>"
            for (time, coin, m) in self.markouts.prefix(Self.markoutRows) {
                html += "<tr><td>\(ClockText.timeOfDay(time, milliseconds: true))</td><td>\(SVGChart.escape(coin))</td><td>\(SVGChart.escape(m.clientOrderID))</td><td>\(m.side.wireCode)</td><td>\(Self.figure(m.price))</td>"
                    + "<td>\(Self.figure(m.grossEdgeBps))</td><td>\(Self.figure(m.markout1sBps))</td><td>\(Self.figure(m.markout5sBps))</td><td>\(Self.figure(m.markout30sBps))</td><td>\(Self.figure(m.markout60sBps))</td></tr>"
            }
            html += "</table></details>"
        }
        return html
    }

    /// A figure with up to three decimals.
    package static func figure(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        return "\((value * 1000).rounded() / 1000)"
    }
}
