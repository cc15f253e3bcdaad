import JSON

/// The sorted results of a sweep as CSV and JSON: one row per job, one aggregate per
/// configuration, each with every varied parameter's effective value.
struct SweepTable {
    let plan: SweepPlan
    let rows: [SweepResult]
    let aggregates: [SweepResult]

    init(plan: SweepPlan, results: [SweepResult]) {
        self.plan = plan
        let objective = plan.spec.objective
        func ordered(_ a: SweepResult, _ b: SweepResult) -> Bool {
            let x = a.objective(objective), y = b.objective(objective)
            if x != y { return x > y }
            return (a.config, a.capture) < (b.config, b.capture)
        }
        self.rows = results.sorted(by: ordered)
        self.aggregates = plan.configs.compactMap { config in
            let mine = results.filter { $0.config == config.id }
            return mine.isEmpty ? nil : SweepResult(aggregating: mine)
        }.sorted(by: ordered)
    }

    /// Every job's warnings counted, in ``SweepWarning`` order (warnings no job has left out).
    var warningCounts: [(warning: SweepWarning, jobs: Int)] {
        SweepWarning.allCases.compactMap { warning in
            let count = self.rows.filter { $0.warnings.contains(warning) }.count
            return count > 0 ? (warning, count) : nil
        }
    }

    func configuration(_ id: String) -> SweepConfiguration? { self.plan.configs.first { $0.id == id } }

    /// The effective value of each varied parameter in a configuration, as text.
    func parameters(of config: String) -> [String] {
        let parameters = self.configuration(config)?.parameters ?? []
        return self.plan.parameterPaths.map { path in parameters.first { $0.path == path }.map { SweepPlan.text($0.value) } ?? "" }
    }

    func origin(of config: String) -> String { self.configuration(config)?.origin.rawValue ?? "" }

    /// The figures after the parameters, in the CSV's order: name and text of a row's value.
    static let figureColumns: [(name: String, text: @Sendable (SweepResult, SweepSpec.Objective) -> String)] = [
        ("objective", { SweepResult.number($0.objective($1)) }), ("pnl", { r, _ in SweepResult.number(r.pnl) }),
        ("sharpe", { r, _ in SweepResult.number(r.sharpe) }), ("sharpe_samples", { r, _ in String(r.sharpeSamples) }),
        ("pnl_per_drawdown", { r, _ in SweepResult.number(r.pnlPerDrawdown) }), ("max_drawdown", { r, _ in SweepResult.number(r.maxDrawdown) }),
        ("fills", { r, _ in String(r.fills) }), ("volume", { r, _ in SweepResult.number(r.volume) }),
        ("maker_share", { r, _ in SweepResult.number(r.makerShare) }), ("time_quoting", { r, _ in SweepResult.number(r.timeQuoting) }),
        ("markout_1s_bps", { r, _ in SweepResult.number(r.markout1s) }), ("markout_5s_bps", { r, _ in SweepResult.number(r.markout5s) }),
        ("markout_60s_bps", { r, _ in SweepResult.number(r.markout60s) }), ("adverse_1s_bps", { r, _ in SweepResult.number(r.adverse1s) }),
        ("duration_s", { r, _ in SweepResult.number(r.durationSeconds) }), ("events", { r, _ in String(r.events) }),
    ]

    /// A row's figures: (column name, text).
    func figures(_ row: SweepResult) -> [(name: String, text: String)] {
        Self.figureColumns.map { ($0.name, $0.text(row, self.plan.spec.objective)) }
    }

    var csv: String {
        var lines = [(["kind", "rank", "config", "capture", "origin"] + self.plan.parameterPaths + Self.figureColumns.map(\.name) + ["warnings", "digest"])
            .joined(separator: ",")]
        for (kind, rows) in [("job", self.rows), ("config", self.aggregates)] {
            for (rank, row) in rows.enumerated() {
                let fields = [kind, String(rank + 1), row.config, row.capture, self.origin(of: row.config)] + self.parameters(of: row.config)
                    + self.figures(row).map(\.text) + [row.warningList, row.digest]
                lines.append(fields.map(Self.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// `results.json`: the objective, the parameters, the captures, the warning counts,
    /// then one object per job and per configuration (one a line), ranked.
    var json: String {
        func object(_ row: SweepResult, rank: Int) -> String {
            var json = JSONWriter()
            json.beginObject()
            json.field("rank", Int64(rank))
            json.field("config", row.config)
            json.field("capture", row.capture)
            json.field("origin", self.origin(of: row.config))
            json.key("parameters")
            json.beginObject()
            for (path, value) in zip(self.plan.parameterPaths, self.parameters(of: row.config)) {
                json.key(path)
                json.value(value)
            }
            json.endObject()
            for figure in self.figures(row) {
                json.key(figure.name)
                json.value { $0.append(contentsOf: figure.text.utf8) }
            }
            json.field("warnings", strings: row.warnings.map(\.rawValue))
            json.field("digest", row.digest)
            json.endObject()
            return json.text
        }
        func list(_ values: [String]) -> String { "[" + values.map(JSONString.quoted).joined(separator: ", ") + "]" }
        var warnings = JSONWriter()
        warnings.beginObject()
        for count in self.warningCounts {
            warnings.key(count.warning.rawValue)
            warnings.value(Int64(count.jobs))
        }
        warnings.endObject()
        let jobs = self.rows.enumerated().map { object($1, rank: $0 + 1) }.joined(separator: ",\n    ")
        let configs = self.aggregates.enumerated().map { object($1, rank: $0 + 1) }.joined(separator: ",\n    ")
        return "{\n  \"objective\": \(JSONString.quoted(self.plan.spec.objective.rawValue)),\n  \"parameters\": \(list(self.plan.parameterPaths)),\n"
            + "  \"captures\": \(list(self.plan.captureNames)),\n"
            + "  \"minimum_sharpe_samples\": \(SweepWarning.minimumSharpeSamples),\n"
            + "  \"warnings\": \(warnings.text),\n"
            + "  \"jobs\": [\n    \(jobs)\n  ],\n  \"configs\": [\n    \(configs)\n  ]\n}\n"
    }
}
