import Engine
import Foundation
import Journal

/// A postmortem of one journal as a self-contained HTML page: the engine runs over the
/// journal's inputs (with the header's config and checkpoint) and the page charts, on
/// one time axis, each coin's mid with our quotes and fills, position, PnL, the spread
/// multiplier, API headroom, risk actions and kill-switch events, then tells the story.
public struct JournalReport {
    struct CoinSeries {
        var mid: [(time: Int64, value: Double)] = []
        var bids: [(time: Int64, value: Double)] = []
        var asks: [(time: Int64, value: Double)] = []
        var buys: [(time: Int64, value: Double)] = []
        var sells: [(time: Int64, value: Double)] = []
        var position: [(time: Int64, value: Double)] = []
        var multiplier: [(time: Int64, value: Double)] = []
    }

    public let path: String
    var coins: [String] = []
    var series: [String: CoinSeries] = [:]
    var pnl: [(time: Int64, value: Double)] = []
    var headroom: [(time: Int64, value: Double)] = []
    var riskActions: [SVGChart.Marker] = []
    var kills: [SVGChart.Marker] = []
    var story: [StoryEntry] = []
    var start: Int64 = 0
    var end: Int64 = 1
    var events: UInt64 = 0
    var commands: UInt64 = 0
    var metadata: JournalMetadata

    /// Runs the engine over the journal and collects what the page shows.
    public init(path: String, config: EngineConfig? = nil) throws {
        self.path = path
        let reader = try JournalReader(path: path)
        self.metadata = reader.metadata
        let config = try config ?? ReplayRunner.recordedConfig(of: path) ?? EngineConfig()
        var engine = try Engine(config: config, restoring: try KillSwitchCheckpoint.recorded(in: reader.metadata))
        var storyBuilder = StoryBuilder(config: config)
        self.coins = config.coins.map(\.name)
        var first: Int64?
        var last: Int64 = 0
        var lastSample: Int64 = .min
        var lastRisk: [String: String] = [:]
        while let record = try reader.next() {
            guard EngineRecord.isEventTag(record.type), EngineRecord.isKnown(tag: record.type), case .input(let event) = try record.decode(in: path) else { continue }
            let time = record.time
            first = first ?? time
            last = max(last, time)
            self.events += 1
            storyBuilder.observe(event, seq: record.seq, time: time)
            switch event {
            case .book(let book):
                if let bid = book.bids.first, let ask = book.asks.first {
                    self.series[book.coin, default: CoinSeries()].mid.append((time, (bid.price.doubleValue + ask.price.doubleValue) / 2))
                }
            case .fill(let fill):
                if fill.side == .bid { self.series[fill.coin, default: CoinSeries()].buys.append((time, fill.price.doubleValue)) }
                else { self.series[fill.coin, default: CoinSeries()].sells.append((time, fill.price.doubleValue)) }
            case .rateLimit(let status):
                if status.cap > 0 { self.headroom.append((time, max(0, 1 - Double(status.used) / Double(status.cap)))) }
            default: break
            }
            let commands = engine.handle(Stamped(seq: record.seq, time: time, event: event))
            for command in commands {
                self.commands += 1
                storyBuilder.observe(command, seq: record.seq, time: time)
                switch command {
                case .place(let order): self.quote(order, at: time)
                case .modify(_, let order): self.quote(order, at: time)
                case .decision(let decision):
                    for field in decision.fields {
                        switch (field.name, field.value) {
                        case ("mult_total", .real(let value)): self.series[decision.coin, default: CoinSeries()].multiplier.append((time, value))
                        case ("headroom", .real(let value)): if self.headroom.last?.value != value { self.headroom.append((time, value)) }
                        case ("risk_action", .text(let action)):
                            if action != "none" && action != lastRisk[decision.coin] {
                                self.riskActions.append(SVGChart.Marker(time: time, label: "\(decision.coin): risk \(action)", color: "#e69500"))
                            }
                            lastRisk[decision.coin] = action
                        default: break
                        }
                    }
                default: break
                }
            }
            if lastSample == .min || time - lastSample >= 1_000_000_000 {
                lastSample = time
                self.pnl.append((time, engine.totalPnL))
                for (index, coin) in self.coins.enumerated() {
                    self.series[coin, default: CoinSeries()].position.append((time, engine.position(coinIndex: index).doubleValue))
                }
            }
        }
        self.start = first ?? 0
        self.end = max(last, self.start + 1)
        self.pnl.append((self.end, engine.totalPnL))
        self.story = storyBuilder.entries
        self.kills = storyBuilder.killSwitchTriggers.map { SVGChart.Marker(time: $0.time, label: $0.what, color: "#d00") }
    }

    mutating func quote(_ order: OrderRequest, at time: Int64) {
        if order.side == .bid { self.series[order.coin, default: CoinSeries()].bids.append((time, order.price.doubleValue)) }
        else { self.series[order.coin, default: CoinSeries()].asks.append((time, order.price.doubleValue)) }
    }

    /// The charts, in page order.
    var charts: [SVGChart] {
        let markers = self.kills + self.riskActions
        var charts: [SVGChart] = []
        func thin(_ points: [(time: Int64, value: Double)]) -> [(time: Int64, value: Double)] { SVGChart.thin(points, start: self.start, end: self.end) }
        for coin in self.coins {
            let s = self.series[coin] ?? CoinSeries()
            charts.append(SVGChart(title: "\(coin) mid, our quotes and fills", start: self.start, end: self.end, series: [
                .init(name: "mid", color: "#333", points: thin(s.mid)),
                .init(name: "our bids", color: "#4a90d9", points: thin(s.bids), dots: true),
                .init(name: "our asks", color: "#e07b39", points: thin(s.asks), dots: true),
                .init(name: "buys (fills)", color: "#0a0", points: s.buys, dots: true),
                .init(name: "sells (fills)", color: "#c00", points: s.sells, dots: true),
            ], markers: markers, height: 260))
            charts.append(SVGChart(title: "\(coin) position", start: self.start, end: self.end,
                                   series: [.init(name: "position", color: "#6a3d9a", points: thin(s.position), step: true)], markers: markers))
            charts.append(SVGChart(title: "\(coin) spread multiplier (total)", start: self.start, end: self.end,
                                   series: [.init(name: "multiplier", color: "#b15928", points: thin(s.multiplier), step: true)], markers: markers, unit: "x"))
        }
        charts.append(SVGChart(title: "PnL (total)", start: self.start, end: self.end,
                               series: [.init(name: "PnL", color: "#1b7837", points: thin(self.pnl))], markers: markers))
        charts.append(SVGChart(title: "API headroom", start: self.start, end: self.end,
                               series: [.init(name: "headroom", color: "#2166ac", points: thin(self.headroom), step: true)], markers: markers))
        return charts
    }

    /// The whole page.
    public var html: String {
        let title = "Postmortem: \(self.path.split(separator: "/").last.map(String.init) ?? self.path)"
        var body = "<h1>\(SVGChart.escape(title))</h1>"
        body += "<p class=\"meta\">\(SVGChart.escape(self.metadata.mode ?? "journal")) · coins \(SVGChart.escape(self.coins.joined(separator: ", "))) · "
            + "\(self.events) inputs, \(self.commands) commands · \(SVGChart.clock(self.start))–\(SVGChart.clock(self.end)) UTC"
            + (self.metadata.configHash.map { " · config \(String($0.prefix(12)))" } ?? "") + "</p>"
        body += "<p class=\"legend\"><span style=\"color:#d00\">│</span> kill-switch trigger &nbsp; <span style=\"color:#e69500\">│</span> risk action (hover for details)</p>"
        for chart in self.charts { body += "<div class=\"chart\">\(chart.svg)</div>" }
        body += "<h2>Kill-switch triggers</h2>"
        body += self.kills.isEmpty ? "<p>none</p>" : "<ul>" + self.kills.map { "<li>\(SVGChart.clock($0.time)) \(SVGChart.escape($0.label))</li>" }.joined() + "</ul>"
        body += "<h2>Story</h2><table><tr><th>time (UTC)</th><th>seq</th><th>what</th></tr>"
        for entry in self.story { body += "<tr><td>\(SVGChart.clock(entry.time))</td><td>\(entry.seq)</td><td>\(SVGChart.escape(entry.what))</td></tr>" }
        body += "</table>"
        return ReportPage.wrap(title: title, body: body)
    }
}

/// The page shell shared by the reports: inline CSS, nothing loaded from anywhere.
enum ReportPage {
    static func wrap(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(SVGChart.escape(title))</title>
        <style>
        body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#fff}
        h1{font-size:20px}h2{font-size:16px;margin-top:28px}.meta,.legend{color:#555;font-size:13px}
        .chart{margin:10px 0}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
        th{background:#f2f2f2}td.num{text-align:right;font-variant-numeric:tabular-nums}
        </style></head><body>
        \(body)
        </body></html>

        """
    }
}
