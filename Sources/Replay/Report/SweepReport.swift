import Foundation
import Hyperliquid

/// A sweep's results as a page: a heatmap of the objective over two parameters (the mean
/// over the other parameters and the captures) and the ranked tables.
public struct SweepReport {
    public let directory: String
    let objective: String
    let parameters: [String]
    let configs: [OrderedJSON]
    let jobs: [OrderedJSON]
    public let x: String?
    public let y: String?

    public init(directory: String, x: String? = nil, y: String? = nil) throws {
        self.directory = directory
        guard let text = try? String(contentsOfFile: directory + "/results.json", encoding: .utf8), let json = try? OrderedJSON(parsing: text),
              case .string(let objective)? = json["objective"], case .array(let parameters)? = json["parameters"],
              case .array(let configs)? = json["configs"], case .array(let jobs)? = json["jobs"] else {
            throw SweepError.output("\(directory) has no readable results.json (run or merge the sweep first)")
        }
        self.objective = objective
        self.parameters = parameters.compactMap { if case .string(let p) = $0 { p } else { nil } }
        self.configs = configs
        self.jobs = jobs
        for axis in [x, y].compactMap({ $0 }) where !self.parameters.contains(axis) {
            throw SweepError.output("\(axis) is not a swept parameter (\(self.parameters.joined(separator: ", ")))")
        }
        let swept = self.parameters
        let across = x ?? swept.first
        self.x = across
        self.y = y ?? swept.first { $0 != across }
    }

    static func number(_ value: OrderedJSON?) -> Double? {
        switch value {
        case .integer(let v)?: return Double(v)
        case .number(let text)?: return Double(text)
        default: return nil
        }
    }

    static func text(_ value: OrderedJSON?) -> String {
        if case .string(let text)? = value { return text }
        return value?.text ?? ""
    }

    /// Sorts axis values numerically when they are numbers.
    static func ordered(_ values: [String]) -> [String] {
        values.sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
    }

    var heatmap: String {
        guard let x = self.x else { return "<p>No parameter varies.</p>" }
        let xs = Self.ordered(Array(Set(self.configs.map { Self.text($0["parameters"]?[x]) })))
        let ys = self.y.map { y in Self.ordered(Array(Set(self.configs.map { Self.text($0["parameters"]?[y]) }))) } ?? [""]
        var cells: [String: [Double]] = [:]
        for config in self.configs {
            guard let value = Self.number(config["objective"]) else { continue }
            let key = Self.text(config["parameters"]?[x]) + "|" + (self.y.map { Self.text(config["parameters"]?[$0]) } ?? "")
            cells[key, default: []].append(value)
        }
        let means = cells.mapValues { $0.reduce(0, +) / Double($0.count) }
        let low = means.values.min() ?? 0
        let high = means.values.max() ?? 1
        let cell = 70.0, rowHeight = 34.0, left = 130.0, top = 40.0
        let width = max(640, left + cell * Double(xs.count) + 20)
        let height = top + rowHeight * Double(ys.count) + 40
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"heatmap\">"
        svg += "<text x=\"\(left)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(SVGChart.escape(self.objective)) by \(SVGChart.escape(x))\(self.y.map { " × " + SVGChart.escape($0) } ?? "")</text>"
        for (j, yValue) in ys.enumerated() {
            let rowY = top + rowHeight * Double(j)
            svg += "<text x=\"\(left - 6)\" y=\"\(SVGChart.fmt(rowY + rowHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(SVGChart.escape(yValue))</text>"
            for (i, xValue) in xs.enumerated() {
                let cellX = left + cell * Double(i)
                guard let value = means[xValue + "|" + (self.y == nil ? "" : yValue)] else { continue }
                let share = high > low ? (value - low) / (high - low) : 0.5
                let red = Int(215 * (1 - share) + 40 * share), green = Int(60 * (1 - share) + 170 * share), blue = 70
                svg += "<rect x=\"\(SVGChart.fmt(cellX))\" y=\"\(SVGChart.fmt(rowY))\" width=\"\(cell - 2)\" height=\"\(rowHeight - 2)\" fill=\"rgb(\(red),\(green),\(blue))\"><title>\(SVGChart.escape(x))=\(SVGChart.escape(xValue)) \(SVGChart.escape(self.y ?? ""))=\(SVGChart.escape(yValue)): \(value)</title></rect>"
                svg += "<text x=\"\(SVGChart.fmt(cellX + cell / 2 - 1))\" y=\"\(SVGChart.fmt(rowY + rowHeight / 2 + 4))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#fff\">\(SVGChart.label(value))</text>"
            }
        }
        for (i, xValue) in xs.enumerated() {
            svg += "<text x=\"\(SVGChart.fmt(left + cell * Double(i) + cell / 2))\" y=\"\(SVGChart.fmt(top + rowHeight * Double(ys.count) + 14))\" font-size=\"11\" text-anchor=\"middle\">\(SVGChart.escape(xValue))</text>"
        }
        svg += "<text x=\"\(left)\" y=\"\(SVGChart.fmt(height - 6))\" font-size=\"11\">\(SVGChart.escape(x)) →\(self.y.map { "   (rows: " + SVGChart.escape($0) + ")" } ?? "")</text>"
        return svg + "</svg>"
    }

    func table(_ rows: [OrderedJSON]) -> String {
        var html = "<table><tr><th>rank</th><th>config</th><th>capture</th>" + self.parameters.map { "<th>\(SVGChart.escape($0))</th>" }.joined()
            + "<th>\(SVGChart.escape(self.objective))</th><th>pnl</th><th>sharpe</th><th>pnl/drawdown</th><th>max drawdown</th><th>fills</th></tr>"
        for row in rows {
            html += "<tr><td class=\"num\">\(Self.text(row["rank"]))</td><td>\(Self.text(row["config"]))</td><td>\(SVGChart.escape(Self.text(row["capture"])))</td>"
            html += self.parameters.map { "<td class=\"num\">\(SVGChart.escape(Self.text(row["parameters"]?[$0])))</td>" }.joined()
            for key in ["objective", "pnl", "sharpe", "pnl_per_drawdown", "max_drawdown"] {
                html += "<td class=\"num\">\(Self.number(row[key]).map(SVGChart.label) ?? "")</td>"
            }
            html += "<td class=\"num\">\(Self.text(row["fills"]))</td></tr>"
        }
        return html + "</table>"
    }

    public var html: String {
        let title = "Sweep: \(self.directory.split(separator: "/").last.map(String.init) ?? self.directory)"
        var body = "<h1>\(SVGChart.escape(title))</h1><p class=\"meta\">objective \(SVGChart.escape(self.objective)) · \(self.configs.count) configurations · \(self.jobs.count) backtests</p>"
        body += "<div class=\"chart\">\(self.heatmap)</div>"
        body += "<h2>Configurations (mean over captures)</h2>" + self.table(self.configs)
        body += "<h2>Every backtest</h2>" + self.table(self.jobs)
        return ReportPage.wrap(title: title, body: body)
    }
}
