import Foundation

/// A small SVG line chart on a shared time axis: series of (time, value) points drawn
/// as polylines or dots, vertical markers for events, min/max labels. No scripts, no
/// external resources.
struct SVGChart {
    struct Series {
        var name: String
        var color: String
        var points: [(time: Int64, value: Double)]
        /// Dots instead of a line (fills, quotes).
        var dots = false
        /// A step line (the value holds until the next point).
        var step = false
    }

    struct Marker {
        var time: Int64
        var label: String
        var color: String
    }

    var title: String
    var start: Int64
    var end: Int64
    var series: [Series]
    var markers: [Marker] = []
    var width = 1100.0
    var height = 180.0
    var unit = ""

    static let left = 70.0
    static let right = 20.0
    static let top = 24.0
    static let bottom = 26.0

    var svg: String {
        let values = self.series.flatMap { $0.points.map(\.value) }.filter(\.isFinite)
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if high - low < 1e-12 {
            let pad = max(abs(high) * 0.1, 1e-6)
            low -= pad
            high += pad
        }
        let pad = (high - low) * 0.05
        low -= pad
        high += pad
        let plotWidth = self.width - Self.left - Self.right
        let plotHeight = self.height - Self.top - Self.bottom
        let span = Double(max(1, self.end - self.start))
        func x(_ t: Int64) -> Double { Self.left + plotWidth * Double(t - self.start) / span }
        func y(_ v: Double) -> Double { Self.top + plotHeight * (1 - (v - low) / (high - low)) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(self.width))\" height=\"\(Int(self.height))\" viewBox=\"0 0 \(Int(self.width)) \(Int(self.height))\" role=\"img\" aria-label=\"\(Self.escape(self.title))\">"
        out += "<rect x=\"\(Self.left)\" y=\"\(Self.top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        out += "<text x=\"\(Self.left)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(Self.escape(self.title))</text>"
        var legendX = Self.left + 8 + Double(self.title.count) * 8
        for s in self.series {
            out += "<rect x=\"\(Self.fmt(legendX))\" y=\"7\" width=\"10\" height=\"10\" fill=\"\(s.color)\"/><text x=\"\(Self.fmt(legendX + 14))\" y=\"16\" font-size=\"11\">\(Self.escape(s.name))</text>"
            legendX += 24 + Double(s.name.count) * 6.5
        }
        out += "<text x=\"\(Self.left - 4)\" y=\"\(Self.fmt(Self.top + 10))\" font-size=\"10\" text-anchor=\"end\">\(Self.label(high))\(self.unit)</text>"
        out += "<text x=\"\(Self.left - 4)\" y=\"\(Self.fmt(Self.top + plotHeight))\" font-size=\"10\" text-anchor=\"end\">\(Self.label(low))\(self.unit)</text>"
        if low < 0 && high > 0 {
            out += "<line x1=\"\(Self.left)\" x2=\"\(Self.fmt(Self.left + plotWidth))\" y1=\"\(Self.fmt(y(0)))\" y2=\"\(Self.fmt(y(0)))\" stroke=\"#bbb\" stroke-dasharray=\"3,3\"/>"
        }
        for tick in 0...4 {
            let t = self.start + Int64(span * Double(tick) / 4)
            out += "<text x=\"\(Self.fmt(x(t)))\" y=\"\(Self.fmt(self.height - 8))\" font-size=\"10\" text-anchor=\"middle\">\(Self.clock(t))</text>"
        }
        for marker in self.markers {
            out += "<line x1=\"\(Self.fmt(x(marker.time)))\" x2=\"\(Self.fmt(x(marker.time)))\" y1=\"\(Self.top)\" y2=\"\(Self.fmt(Self.top + plotHeight))\" stroke=\"\(marker.color)\" stroke-width=\"1.5\"><title>\(Self.escape(marker.label))</title></line>"
        }
        for s in self.series where !s.points.isEmpty {
            if s.dots {
                for p in s.points where p.value.isFinite {
                    out += "<circle cx=\"\(Self.fmt(x(p.time)))\" cy=\"\(Self.fmt(y(p.value)))\" r=\"2.2\" fill=\"\(s.color)\"/>"
                }
            } else {
                var coords: [String] = []
                var previous: Double?
                var points = s.points.filter { $0.value.isFinite }
                // A step line holds its last value to the end of the axis.
                if s.step, let last = points.last, last.time < self.end { points.append((self.end, last.value)) }
                for p in points {
                    if s.step, let previous { coords.append("\(Self.fmt(x(p.time))),\(Self.fmt(y(previous)))") }
                    coords.append("\(Self.fmt(x(p.time))),\(Self.fmt(y(p.value)))")
                    previous = p.value
                }
                out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.2\" points=\"\(coords.joined(separator: " "))\"/>"
            }
        }
        return out + "</svg>"
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000 { return String(format: "%.0f", value) }
        if magnitude >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.4f", value)
    }

    /// `HH:MM:SS` UTC of a Unix-nanosecond time.
    static func clock(_ time: Int64) -> String {
        let seconds = time / 1_000_000_000
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", day / 3_600, (day / 60) % 60, day % 60)
    }

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
