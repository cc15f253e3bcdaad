import Engine

/// The page of a journal report: title, summary, legend, charts, kill-switch events,
/// story.
extension JournalReport {
    /// The whole page.
    public var html: String {
        let title = "Postmortem: \(self.path.split(separator: "/").last.map(String.init) ?? self.path)"
        var body = "<h1>\(SVGChart.escape(title))</h1>"
        body += "<p class=\"meta\">\(SVGChart.escape(self.metadata.mode?.text ?? "journal")) · coins \(SVGChart.escape(self.coins.joined(separator: ", "))) · "
            + "\(self.events) inputs, \(self.commands) commands · \(SVGChart.clock(self.start))–\(SVGChart.clock(self.end)) UTC</p>"
        body += self.summary.html
        body += "<h2>Charts</h2>" + Self.legend
        for chart in self.charts { body += "<div class=\"chart\">\(chart.svg)</div>" }
        body += self.qualityHTML
        body += "<h2>Kill-switch triggers</h2>"
        body += self.kills.isEmpty ? "<p>none</p>" : "<ul class=\"kills\">" + self.kills.map { "<li>\(SVGChart.clock($0.time)) \(SVGChart.escape($0.what))</li>" }.joined() + "</ul>"
        body += "<h2>Story</h2><table class=\"story\"><tr><th>time (UTC)</th><th>seq</th><th>what</th></tr>"
        for entry in self.story { body += "<tr><td>\(ClockText.timeOfDay(entry.time, milliseconds: true))</td><td>\(entry.seq)</td><td>\(SVGChart.escape(entry.what))</td></tr>" }
        body += "</table>"
        return ReportPage.wrap(title: title, body: body)
    }

    /// What each mark means (hover any mark for its details).
    static var legend: String {
        func key(_ swatch: String, _ text: String) -> String { "<span class=\"key\">\(swatch)\(SVGChart.escape(text))</span>" }
        func box(_ color: String, opacity: String = "1") -> String { "<span class=\"swatch\" style=\"background:\(color);opacity:\(opacity)\"></span>" }
        func bar(_ color: String, _ style: String) -> String { "<span class=\"swatch\" style=\"height:0;border-top:3px \(style) \(color)\"></span>" }
        func ring(_ color: String) -> String { "<span class=\"swatch\" style=\"border:2.5px solid \(color);border-radius:50%;width:8px;height:8px\"></span>" }
        var keys = [
            key(box(Self.gapColor, opacity: "0.35"), "data gap (no book past the stale threshold, or feed down): the mid line breaks"),
            key(bar(Self.bidColor, "solid"), "resting bid"), key(bar(Self.askColor, "solid"), "resting ask"),
            key(bar("#555", "dashed"), "cancel requested, not yet confirmed"),
            key(box(Self.buyColor), "buy"), key(box(Self.sellColor), "sell"),
            key(ring(Self.lateRing), "late fill"), key(ring(Self.orphanRing), "orphan fill"), key(ring(Self.outOfOrderRing), "out-of-order fill"),
        ]
        keys += GateState.allCases.map { key(box($0.color), "gate: \($0.rawValue)") }
        keys += ["warn", "reduce_only", "pull_quotes", "kill"].map { key(bar(RiskEvent.color(of: $0), "dashed"), "risk: \($0.replacingUnderscores)") }
        keys += [key(bar(Self.killColor, "solid"), "KILL SWITCH (on top)"), key(bar(Self.resetColor, "solid"), "kill switch reset")]
        return "<p class=\"legend\">" + keys.joined() + "<br>Hover any mark for its details (fills: side, price, size, order, latency).</p>"
    }
}
