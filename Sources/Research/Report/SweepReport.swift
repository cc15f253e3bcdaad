import Foundation
import JSON

/// A sweep's results as a page: the warnings, a heatmap of the objective over two
/// parameters of the grid (the mean over the other parameters and the captures), the
/// random samples in a table of their own, and the ranked tables.
public struct SweepReport {
    /// The sweep's output directory.
    public let directory: String
    let objective: String
    let parameters: [String]
    let configs: [OrderedJSON]
    let jobs: [OrderedJSON]
    let warnings: [(code: String, jobs: Int)]
    let minimumSharpeSamples: Int
    /// The heatmap's column parameter (nil when no parameter varies).
    public let x: String?
    /// The heatmap's row parameter (nil: one row).
    public let y: String?

    /// Reads `directory/results.json`. `x` and `y` pick the heatmap's parameters; by
    /// default the first two the grid varies (or the first two swept).
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
        if case .object(let counts)? = json["warnings"] {
            self.warnings = counts.compactMap { entry in Self.number(entry.value).map { (entry.key, Int($0)) } }
        } else {
            self.warnings = []
        }
        self.minimumSharpeSamples = Self.number(json["minimum_sharpe_samples"]).map { Int($0) } ?? SweepWarning.minimumSharpeSamples
        for axis in [x, y].compactMap({ $0 }) where !self.parameters.contains(axis) {
            throw SweepError.output("\(axis) is not a swept parameter (\(self.parameters.joined(separator: ", ")))")
        }
        let grid = configs.filter { Self.text($0["origin"]) != "random" }
        let varied = self.parameters.filter { path in Set(grid.map { Self.text($0["parameters"]?[path]) }).count > 1 }
        let candidates = varied.isEmpty ? self.parameters : varied
        let across = x ?? candidates.first
        self.x = across
        self.y = y ?? candidates.first { $0 != across }
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

    /// The aggregates of the grid's configurations and of the random samples.
    var gridConfigs: [OrderedJSON] { self.configs.filter { Self.text($0["origin"]) != "random" } }
    var randomConfigs: [OrderedJSON] { self.configs.filter { Self.text($0["origin"]) == "random" } }

    /// The heatmap of the grid's configurations (random samples are listed apart).
    var heatmap: Heatmap? {
        guard let x = self.x, !self.gridConfigs.isEmpty else { return nil }
        let configs = self.gridConfigs
        let xs = Self.ordered(Array(Set(configs.map { Self.text($0["parameters"]?[x]) })))
        let ys = self.y.map { y in Self.ordered(Array(Set(configs.map { Self.text($0["parameters"]?[y]) }))) } ?? [""]
        var sums = [[(total: Double, runs: Int)]](repeating: [(total: Double, runs: Int)](repeating: (0, 0), count: xs.count), count: ys.count)
        for config in configs {
            guard let value = Self.number(config["objective"]),
                  let i = xs.firstIndex(of: Self.text(config["parameters"]?[x])),
                  let j = self.y.map({ y in ys.firstIndex(of: Self.text(config["parameters"]?[y])) }) ?? 0 else { continue }
            sums[j][i].total += value
            sums[j][i].runs += 1
        }
        var cells: [Heatmap.Cell] = []
        for (j, row) in sums.enumerated() {
            for (i, sum) in row.enumerated() where sum.runs > 0 {
                cells.append(Heatmap.Cell(x: i, y: j, value: sum.total / Double(sum.runs), runs: sum.runs))
            }
        }
        let title = "\(self.objective) by \(x)" + (self.y.map { " × " + $0 } ?? "") + " (grid configurations, mean over captures)"
        return Heatmap(title: title, xName: x, yName: self.y, xs: xs, ys: ys, cells: cells)
    }

    /// The figures the tables show after the parameters: the objective once (named by
    /// what it is), then the other measures.
    var columns: [(key: String, title: String)] {
        var columns = [("objective", "\(self.objective) (objective)")]
        for (key, title) in [("pnl", "pnl"), ("sharpe", "sharpe"), ("pnl_per_drawdown", "pnl/drawdown")] where key != self.objective {
            columns.append((key, title))
        }
        return columns + [("sharpe_samples", "sharpe samples"), ("max_drawdown", "max drawdown"), ("fills", "fills"),
                          ("maker_share", "maker share"), ("time_quoting", "time quoting"), ("duration_s", "capture length (s)")]
    }

    /// A figure as the tables show it: counts as integers, other numbers rounded for reading.
    static func cell(_ value: OrderedJSON?) -> String {
        if case .integer(let count)? = value { return String(count) }
        return Self.number(value).map(SVGChart.label) ?? ""
    }

    /// A parameter value as the tables show it: as written, or to 6 significant digits
    /// when longer (a random sample's full value is in results.csv).
    static func parameter(_ text: String) -> String {
        guard text.count > 8, let value = Double(text) else { return text }
        return String(format: "%.6g", value)
    }

    func table(_ rows: [OrderedJSON]) -> String {
        var html = "<div style=\"overflow-x:auto\"><table><tr><th>rank</th><th>config</th><th>capture</th>" + self.parameters.map { "<th>\(SVGChart.escape($0))</th>" }.joined()
            + self.columns.map { "<th>\(SVGChart.escape($0.title))</th>" }.joined() + "<th>warnings</th></tr>"
        for row in rows {
            html += "<tr><td class=\"num\">\(Self.text(row["rank"]))</td><td>\(SVGChart.escape(Self.text(row["config"])))</td><td>\(SVGChart.escape(Self.text(row["capture"])))</td>"
            html += self.parameters.map { "<td class=\"num\">\(SVGChart.escape(Self.parameter(Self.text(row["parameters"]?[$0]))))</td>" }.joined()
            html += self.columns.map { "<td class=\"num\">\(Self.cell(row[$0.key]))</td>" }.joined()
            var codes: [String] = []
            if case .array(let list)? = row["warnings"] { codes = list.map { Self.text($0) } }
            html += "<td>\(SVGChart.escape(codes.joined(separator: ", ")))</td></tr>"
        }
        return html + "</table></div>"
    }

    /// The warnings of the results, each with how many backtests have it and its meaning.
    var warningList: String {
        guard !self.warnings.isEmpty else { return "<p class=\"meta\">No warnings.</p>" }
        var html = "<h2>Warnings</h2><ul class=\"warnings\">"
        for (code, count) in self.warnings {
            let explanation = SweepWarning(rawValue: code)?.explanation ?? ""
            html += "<li><b>\(SVGChart.escape(code))</b>: \(count) of \(self.jobs.count) backtests: \(SVGChart.escape(explanation))</li>"
        }
        return html + "</ul>"
    }

    public var html: String {
        let title = "Sweep: \(self.directory.split(separator: "/").last.map(String.init) ?? self.directory)"
        var body = "<h1>\(SVGChart.escape(title))</h1><p class=\"meta\">objective \(SVGChart.escape(self.objective)) · \(self.gridConfigs.count) grid configurations"
            + " · \(self.randomConfigs.count) random samples · \(self.jobs.count) backtests · Sharpe ratios need \(self.minimumSharpeSamples) hourly samples</p>"
        body += self.warningList
        if let heatmap = self.heatmap {
            body += "<div class=\"chart\">\(heatmap.svg)</div>"
        } else {
            body += "<p>No grid: the random samples are in the table below.</p>"
        }
        if !self.randomConfigs.isEmpty {
            body += "<h2>Random samples (mean over captures\(self.heatmap == nil ? "" : "; not in the heatmap"))</h2>" + self.table(self.randomConfigs)
        }
        body += "<h2>Configurations (mean over captures)</h2>" + self.table(self.configs)
        body += "<h2>Every backtest</h2>" + self.table(self.jobs)
        return ReportPage.wrap(title: title, body: body)
    }
}
