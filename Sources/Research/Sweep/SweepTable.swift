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

    var json: String {
        func object(_ row: SweepResult, rank: Int) -> String {
            let parameters = zip(self.plan.parameterPaths, self.parameters(of: row.config)).map { "\"\($0)\":\"\($1)\"" }.joined(separator: ",")
            let figures = self.figures(row).map { "\"\($0.name)\":\($0.text)" }.joined(separator: ",")
            return "{\"rank\":\(rank),\"config\":\"\(row.config)\",\"capture\":\"\(row.capture)\",\"origin\":\"\(self.origin(of: row.config))\","
                + "\"parameters\":{\(parameters)},\(figures),"
                + "\"warnings\":[\(row.warnings.map { "\"\($0.rawValue)\"" }.joined(separator: ","))],\"digest\":\"\(row.digest)\"}"
        }
        let jobs = self.rows.enumerated().map { object($1, rank: $0 + 1) }.joined(separator: ",\n    ")
        let configs = self.aggregates.enumerated().map { object($1, rank: $0 + 1) }.joined(separator: ",\n    ")
        let warnings = self.warningCounts.map { "\"\($0.warning.rawValue)\":\($0.jobs)" }.joined(separator: ",")
        return "{\n  \"objective\": \"\(self.plan.spec.objective.rawValue)\",\n  \"parameters\": [\(self.plan.parameterPaths.map { "\"\($0)\"" }.joined(separator: ", "))],\n"
            + "  \"captures\": [\(self.plan.captureNames.map { "\"\($0)\"" }.joined(separator: ", "))],\n"
            + "  \"minimum_sharpe_samples\": \(SweepWarning.minimumSharpeSamples),\n"
            + "  \"warnings\": {\(warnings)},\n"
            + "  \"jobs\": [\n    \(jobs)\n  ],\n  \"configs\": [\n    \(configs)\n  ]\n}\n"
    }
}
