import Engine
import Foundation

/// A small SVG line chart on a shared time axis: series of (time, value) points drawn
/// as polylines (broken at data gaps) or step lines, shaded bands, resting orders,
/// fills with hover details and event markers, on round value and clock ticks. No
/// scripts, no external resources.
struct SVGChart {
    struct Series {
        var name: String
        var color: String
        var points: [(time: Int64, value: Double)]
        /// A step line (the value holds until the next point).
        var step = false
        /// Break the line across the chart's `gap` bands instead of joining the points.
        var breaksAtGaps = false
    }

    var title: String
    var start: Int64
    var end: Int64
    var series: [Series]
    var bands: [Band] = []
    var orders: [OrderPath] = []
    var dots: [Dot] = []
    /// Drawn in order: the last on top.
    var markers: [Marker] = []
    /// Extra legend entries (name, color) after the series'.
    var legend: [(name: String, color: String)] = []
    var width = 1100.0
    var height = 180.0
    var unit = ""

    static let left = 78.0
    static let right = 20.0
    static let top = 24.0
    static let bottom = 26.0
    static let stripHeight = 8.0

    /// Maps times and values to pixels.
    struct Frame {
        var start: Int64
        var span: Double
        var low: Double
        var high: Double
        var plotWidth: Double
        var plotHeight: Double

        func x(_ t: Int64) -> Double { SVGChart.left + self.plotWidth * Double(t - self.start) / self.span }
        func y(_ v: Double) -> Double { SVGChart.top + self.plotHeight * (1 - (v - self.low) / (self.high - self.low)) }
    }

    var svg: String {
        var values = self.series.flatMap { $0.points.map(\.value) } + self.dots.map(\.value)
        values += self.orders.flatMap { $0.steps.map(\.value) }
        values = values.filter(\.isFinite)
        let ticks = ChartAxis.valueTicks(low: values.min() ?? 0, high: values.max() ?? 1)
        let frame = Frame(start: self.start, span: Double(max(1, self.end - self.start)), low: ticks.low, high: ticks.high,
                          plotWidth: self.width - Self.left - Self.right, plotHeight: self.height - Self.top - Self.bottom)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(self.width))\" height=\"\(Int(self.height))\" viewBox=\"0 0 \(Int(self.width)) \(Int(self.height))\" role=\"img\" aria-label=\"\(Self.escape(self.title))\">"
        out += "<rect x=\"\(Self.left)\" y=\"\(Self.top)\" width=\"\(frame.plotWidth)\" height=\"\(frame.plotHeight)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        out += self.titleAndLegend
        out += self.axes(frame, ticks)
        out += self.bandsSVG(frame)
        for s in self.series where !s.points.isEmpty { out += self.line(s, frame) }
        out += self.ordersSVG(frame)
        out += self.dotsSVG(frame)
        out += self.markersSVG(frame)
        return out + "</svg>"
    }

    private var titleAndLegend: String {
        var out = "<text x=\"\(Self.left)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(Self.escape(self.title))</text>"
        var legendX = Self.left + 8 + Double(self.title.count) * 8
        for (name, color) in self.series.map({ ($0.name, $0.color) }) + self.legend {
            out += "<rect x=\"\(Self.fmt(legendX))\" y=\"7\" width=\"10\" height=\"10\" fill=\"\(color)\"/><text x=\"\(Self.fmt(legendX + 14))\" y=\"16\" font-size=\"11\">\(Self.escape(name))</text>"
            legendX += 24 + Double(name.count) * 6.5
        }
        return out
    }

    /// Grid lines and labels at round values and round clock times.
    private func axes(_ frame: Frame, _ ticks: ChartAxis.ValueTicks) -> String {
        var out = "<g class=\"y-ticks\" font-size=\"10\" text-anchor=\"end\">"
        for value in ticks.values {
            let y = Self.fmt(frame.y(value))
            let stroke = abs(value) < ticks.step / 2 && ticks.low < 0 && ticks.high > 0 ? "#bbb\" stroke-dasharray=\"3,3" : "#eee"
            out += "<line x1=\"\(Self.left)\" x2=\"\(Self.fmt(Self.left + frame.plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"\(stroke)\"/>"
            out += "<text x=\"\(Self.left - 4)\" y=\"\(Self.fmt(frame.y(value) + 3))\">\(ticks.label(value))\(self.unit)</text>"
        }
        out += "</g><g class=\"x-ticks\" font-size=\"10\" text-anchor=\"middle\">"
        let time = ChartAxis.timeTicks(start: self.start, end: self.end)
        for t in time.times {
            let x = Self.fmt(frame.x(t))
            out += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(Self.top)\" y2=\"\(Self.fmt(Self.top + frame.plotHeight))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(x)\" y=\"\(Self.fmt(self.height - 8))\">\(ChartAxis.timeLabel(t, step: time.step))</text>"
        }
        return out + "</g>"
    }

    private func bandsSVG(_ frame: Frame) -> String {
        var out = ""
        for band in self.bands where band.end > band.start {
            let x = Self.fmt(frame.x(max(band.start, self.start)))
            let width = Self.fmt(max(1, frame.x(min(band.end, self.end)) - frame.x(max(band.start, self.start))))
            let y = band.strip ? Self.top + frame.plotHeight - Self.stripHeight : Self.top
            let height = band.strip ? Self.stripHeight : frame.plotHeight
            let opacity = band.strip ? "0.85" : "0.35"
            out += "<rect class=\"\(band.cssClass)\" x=\"\(x)\" y=\"\(Self.fmt(y))\" width=\"\(width)\" height=\"\(Self.fmt(height))\" fill=\"\(band.color)\" fill-opacity=\"\(opacity)\"><title>\(Self.escape(band.label))</title></rect>"
        }
        return out
    }

    /// A polyline (several where it breaks at a gap) or a step line to the axis end.
    private func line(_ s: Series, _ frame: Frame) -> String {
        var points = s.points.filter { $0.value.isFinite }
        // A step line holds its last value to the end of the axis.
        if s.step, let last = points.last, last.time < self.end { points.append((self.end, last.value)) }
        let gaps = s.breaksAtGaps ? self.bands.filter { $0.cssClass == "gap" } : []
        var runs: [[String]] = [[]]
        var previous: (time: Int64, value: Double)?
        for p in points {
            if let previous, gaps.contains(where: { previous.time <= $0.start && p.time >= $0.end }) { runs.append([]) }
            if s.step, let previous { runs[runs.count - 1].append("\(Self.fmt(frame.x(p.time))),\(Self.fmt(frame.y(previous.value)))") }
            runs[runs.count - 1].append("\(Self.fmt(frame.x(p.time))),\(Self.fmt(frame.y(p.value)))")
            previous = p
        }
        let cssClass = "series series-\(Self.slug(s.name))"
        return runs.filter { !$0.isEmpty }.map {
            "<polyline class=\"\(cssClass)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.2\" points=\"\($0.joined(separator: " "))\"/>"
        }.joined()
    }

    private func ordersSVG(_ frame: Frame) -> String {
        var out = ""
        for order in self.orders where !order.steps.isEmpty {
            let pending = order.cancelRequested.map { min($0, order.end) } ?? order.end
            var d = ""
            var dashed = ""
            for (index, step) in order.steps.enumerated() where step.time <= pending {
                let until = index + 1 < order.steps.count ? min(order.steps[index + 1].time, pending) : pending
                let y = Self.fmt(frame.y(step.value))
                d += d.isEmpty ? "M\(Self.fmt(frame.x(step.time))) \(y)" : " V\(y)"
                d += " H\(Self.fmt(max(frame.x(until), frame.x(step.time) + 0.5)))"
            }
            if pending < order.end, let last = order.steps.last(where: { $0.time <= pending }) ?? order.steps.first {
                dashed = "M\(Self.fmt(frame.x(pending))) \(Self.fmt(frame.y(last.value))) H\(Self.fmt(frame.x(order.end)))"
            }
            let title = "<title>\(Self.escape(order.label))</title>"
            if !d.isEmpty { out += "<path class=\"\(order.cssClass)\" d=\"\(d)\" fill=\"none\" stroke=\"\(order.color)\" stroke-width=\"1.6\">\(title)</path>" }
            if !dashed.isEmpty {
                out += "<path class=\"\(order.cssClass) cancel-pending\" d=\"\(dashed)\" fill=\"none\" stroke=\"\(order.color)\" stroke-width=\"1.6\" stroke-dasharray=\"3,2\">\(title)</path>"
            }
        }
        return out
    }

    private func dotsSVG(_ frame: Frame) -> String {
        var out = ""
        // Flagged fills last: on top of the ordinary ones.
        for dot in self.dots.filter({ $0.ring == nil }) + self.dots.filter({ $0.ring != nil }) where dot.value.isFinite {
            let ring = dot.ring.map { " r=\"5.5\" stroke=\"\($0)\" stroke-width=\"2.5\"" } ?? " r=\"3\" stroke=\"#fff\" stroke-width=\"0.8\""
            out += "<circle class=\"\(dot.cssClass)\" cx=\"\(Self.fmt(frame.x(dot.time)))\" cy=\"\(Self.fmt(frame.y(dot.value)))\"\(ring) fill=\"\(dot.color)\"><title>\(Self.escape(dot.label))</title></circle>"
        }
        return out
    }

    private func markersSVG(_ frame: Frame) -> String {
        var out = ""
        for marker in self.markers {
            let x = Self.fmt(frame.x(marker.time))
            let bottom = Self.fmt(Self.top + frame.plotHeight)
            let title = "<title>\(Self.escape(marker.label))</title>"
            out += "<g class=\"\(marker.cssClass)\">"
            if marker.emphasized {
                out += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(Self.top)\" y2=\"\(bottom)\" stroke=\"\(marker.color)\" stroke-width=\"3\">\(title)</line>"
                out += "<path d=\"M\(x) \(Self.top) l9 4 l-9 4 z\" fill=\"\(marker.color)\">\(title)</path>"
            } else {
                out += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(Self.top)\" y2=\"\(bottom)\" stroke=\"\(marker.color)\" stroke-width=\"1.5\" stroke-dasharray=\"4,2\">\(title)</line>"
            }
            out += "</g>"
        }
        return out
    }

    /// A CSS-safe name: lower-case letters and digits, other runs as one `-`.
    static func slug(_ name: String) -> String {
        var out = ""
        for c in name.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
        }
        return String(out.trimmingCharacters(in: CharacterSet(charactersIn: "-")))
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000 { return String(format: "%.0f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.4f", value)
    }

    /// `HH:MM:SS` UTC of a Unix-nanosecond time.
    static func clock(_ time: Int64) -> String { ClockText.timeOfDay(time) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// At most `limit` points: the last point of each time bucket (and the extremes of
    /// each bucket for lines, so spikes stay visible).
    static func thin(_ points: [(time: Int64, value: Double)], start: Int64, end: Int64, limit: Int = 1_200) -> [(time: Int64, value: Double)] {
        guard points.count > limit else { return points }
        let span = max(1, end - start)
        var buckets: [Int: [(time: Int64, value: Double)]] = [:]
        for p in points {
            let b = Int(Double(p.time - start) / Double(span) * Double(limit / 3))
            buckets[b, default: []].append(p)
        }
        var out: [(time: Int64, value: Double)] = []
        for b in buckets.keys.sorted() {
            let bucket = buckets[b]!
            let low = bucket.min { $0.value < $1.value }!
            let high = bucket.max { $0.value < $1.value }!
            let picks = [bucket.first!, low, high, bucket.last!].sorted { $0.time < $1.time }
            var seen = Set<Int64>()
            for p in picks where seen.insert(p.time).inserted { out.append(p) }
        }
        return out
    }
}
