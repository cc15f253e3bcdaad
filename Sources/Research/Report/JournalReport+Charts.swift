import Engine

/// The charts of a journal report and what each draws on top of its series.
extension JournalReport {
    static let bidColor = "#2b6cb0"
    static let askColor = "#dd6b20"
    static let buyColor = "#0a8a0a"
    static let sellColor = "#c00000"
    static let gapColor = "#7f7f7f"
    static let killColor = "#e00000"
    static let resetColor = "#1a9850"
    static let lateRing = "#000"
    static let orphanRing = "#7b2cbf"
    static let outOfOrderRing = "#e7298a"

    /// The charts, in page order.
    var charts: [SVGChart] {
        var charts: [SVGChart] = []
        func thin(_ points: [(time: Int64, value: Double)]) -> [(time: Int64, value: Double)] { SVGChart.thin(points, start: self.start, end: self.end) }
        for coin in self.coins {
            let s = self.series[coin] ?? CoinSeries()
            let bands = self.gapBands(for: coin) + self.gateBands(for: coin)
            let markers = self.riskEvents.filter { $0.coin == coin }.map(\.marker) + self.killMarkers
            charts.append(SVGChart(title: "\(coin) mid, our resting orders and fills", start: self.start, end: self.end,
                                   series: [.init(name: "mid", color: "#333", points: thin(s.mid), breaksAtGaps: true)],
                                   bands: bands, orders: self.orderPaths(for: coin), dots: self.fillDots(for: coin), markers: markers,
                                   legend: [("resting bids", Self.bidColor), ("resting asks", Self.askColor), ("buys", Self.buyColor), ("sells", Self.sellColor)],
                                   height: 280))
            charts.append(SVGChart(title: "\(coin) position", start: self.start, end: self.end,
                                   series: [.init(name: "position", color: "#6a3d9a", points: thin(s.position), step: true)], bands: bands, markers: markers))
            charts.append(SVGChart(title: "\(coin) spread multiplier (total)", start: self.start, end: self.end,
                                   series: [.init(name: "multiplier", color: "#b15928", points: thin(s.multiplier), step: true)], bands: bands,
                                   markers: markers, unit: "x"))
        }
        let feedGaps = self.coins.count == 1 ? self.gapBands(for: self.coins[0]) : self.gapBands(for: nil)
        charts.append(SVGChart(title: "PnL (total)", start: self.start, end: self.end,
                               series: [.init(name: "PnL", color: "#1b7837", points: thin(self.pnl))], bands: feedGaps, markers: self.killMarkers))
        charts.append(SVGChart(title: "API headroom", start: self.start, end: self.end,
                               series: [.init(name: "headroom", color: "#2166ac", points: thin(self.headroom), step: true)], bands: feedGaps,
                               markers: self.killMarkers))
        return charts
    }

    /// Gaps of `coin`'s market data and feed outages (only feed outages for `nil`).
    func gapBands(for coin: String?) -> [SVGChart.Band] {
        self.gaps.filter { coin.map($0.applies(to:)) ?? ($0.coin == nil) }.map {
            SVGChart.Band(start: $0.start, end: $0.end, cssClass: "gap", color: Self.gapColor,
                          label: "data gap \(ClockText.timeOfDay($0.start, milliseconds: true))–\(ClockText.timeOfDay($0.end, milliseconds: true)): \($0.what)")
        }
    }

    /// `coin`'s gate states as strips along the time axis.
    func gateBands(for coin: String) -> [SVGChart.Band] {
        self.gates.filter { $0.coin == coin }.map {
            SVGChart.Band(start: $0.start, end: $0.end, cssClass: "gate \($0.state.cssClass)", color: $0.state.color,
                          label: "\(coin) gate: \($0.state.rawValue) \(ClockText.timeOfDay($0.start, milliseconds: true))–\(ClockText.timeOfDay($0.end, milliseconds: true))",
                          strip: true)
        }
    }

    /// Kill-switch resets, then triggers: drawn last, on top of everything.
    var killMarkers: [SVGChart.Marker] {
        self.resets.map { SVGChart.Marker(time: $0, label: "kill switch reset at \(ClockText.timeOfDay($0, milliseconds: true))", color: Self.resetColor, cssClass: "kill-reset-marker") }
            + self.kills.map {
                SVGChart.Marker(time: $0.time, label: "KILL SWITCH at \(ClockText.timeOfDay($0.time, milliseconds: true)): \($0.what)", color: Self.killColor,
                                cssClass: "kill-marker", emphasized: true)
            }
    }

    /// `coin`'s orders as step lines from placement until gone.
    func orderPaths(for coin: String) -> [SVGChart.OrderPath] {
        self.orders.filter { $0.coin == coin }.map { order in
            let end = order.end ?? order.cancelRequested ?? self.end
            let bid = order.side == .bid
            var label = "\(coin) \(bid ? "bid" : "ask") \(order.size) @ \(order.steps.map { "\($0.price)" }.joined(separator: " → "))"
            label += " · order \(order.id)" + (order.orderID.map { " (oid \($0))" } ?? "")
            label += " · \(ClockText.timeOfDay(order.steps[0].time, milliseconds: true))–\(ClockText.timeOfDay(end, milliseconds: true))"
            label += order.end == nil ? (order.cancelRequested == nil ? " · still resting at the end" : " · cancel requested, never confirmed") : " · \(order.ending.rawValue)"
            if let requested = order.cancelRequested, requested < end { label += " (cancel requested at \(ClockText.timeOfDay(requested, milliseconds: true)))" }
            return SVGChart.OrderPath(cssClass: bid ? "resting-bid" : "resting-ask", color: bid ? Self.bidColor : Self.askColor,
                                      steps: order.steps.map { ($0.time, $0.price.doubleValue) }, end: end,
                                      cancelRequested: order.cancelRequested, label: label)
        }
    }

    /// `coin`'s fills: green buys, red sells; late, orphan and out-of-order ones ringed.
    func fillDots(for coin: String) -> [SVGChart.Dot] {
        self.fills.filter { $0.coin == coin }.map { fill in
            let ring: String? = fill.kind == .orphan ? Self.orphanRing : fill.kind == .late ? Self.lateRing : fill.outOfOrder ? Self.outOfOrderRing : nil
            return SVGChart.Dot(time: fill.time, value: fill.price.doubleValue, cssClass: fill.cssClass,
                                color: fill.side == .bid ? Self.buyColor : Self.sellColor, label: fill.details, ring: ring)
        }
    }
}
