import ConfigFile
import Hashing
import Engine
import Foundation
import Replay

/// The numbers at the top of a journal report: PnL and its parts, fills, volume, maker
/// share, positions, drawdown, the config and its hash, inputs and commands.
public struct ReportSummary: Sendable {
    /// PnL parts, volume and fills at the end (the engine's own accounting).
    public var totals: PnLTotals
    /// Largest fall of total PnL from its running peak.
    public var maxDrawdown = 0.0
    /// (coin, low, high) positions over the run.
    public var inventory: [(coin: String, low: Size, high: Size)] = []
    /// Fills by how the engine booked them, and those out of order.
    public var fillKinds: [ReportFill.Kind: Int] = [:]
    /// Fills whose exchange time was before an earlier fill's.
    public var outOfOrderFills = 0
    /// Booked fills where we were the maker.
    public var makerFills = 0
    /// Booked fills where we crossed the spread.
    public var takerFills = 0
    /// Kill-switch trips.
    public var killTriggers = 0
    /// SHA-256 of the config that ran (rendered as TOML, as live journals hash theirs).
    public var configHash: String
    /// The hash the journal's header records, when it records one.
    public var recordedConfigHash: String?
    /// The config as TOML.
    public var configText: String
    /// Inputs and commands by type name, in tag order.
    public var inputs: [(name: String, count: UInt64)] = []
    /// Commands by type name, in tag order.
    public var commands: [(name: String, count: UInt64)] = []
    /// SHA-256 of the command stream, as `mm-replay replay` prints it.
    public var digest = ""

    /// A summary for `config` (hash from the header when it has one).
    init(config: EngineConfig, recordedHash: String?, state: EngineState) {
        self.totals = PnLTotals(state: state)
        self.configText = ConfigFile.renderTOML(config)
        self.configHash = SHA256.hexDigest(of: Array(self.configText.utf8))
        self.recordedConfigHash = recordedHash
    }

    /// Share of booked fills where we were the maker (0 without fills).
    public var makerShare: Double {
        self.makerFills + self.takerFills == 0 ? 0 : Double(self.makerFills) / Double(self.makerFills + self.takerFills)
    }

    /// The `<section class="summary">` block.
    var html: String {
        func money(_ value: Double) -> String { String(format: "%.4f", value == 0 ? 0 : value) }
        func row(_ name: String, _ value: String, id: String) -> String {
            "<tr id=\"summary-\(id)\"><th>\(SVGChart.escape(name))</th><td class=\"num\">\(SVGChart.escape(value))</td></tr>"
        }
        var pnl = "<table class=\"summary-pnl\"><caption>PnL (quote currency)</caption>"
        pnl += row("total", money(self.totals.pnl), id: "pnl")
        pnl += row("realized", money(self.totals.realized), id: "realized")
        pnl += row("unrealized", money(self.totals.unrealized), id: "unrealized")
        pnl += row("fees (paid +)", money(self.totals.fees), id: "fees")
        pnl += row("funding", money(self.totals.funding), id: "funding")
        pnl += row("max drawdown", money(self.maxDrawdown), id: "drawdown") + "</table>"

        let booked = (self.fillKinds[.live] ?? 0) + (self.fillKinds[.late] ?? 0) + (self.fillKinds[.orphan] ?? 0)
        var trading = "<table class=\"summary-trading\"><caption>Trading</caption>"
        trading += row("fills booked", "\(booked)", id: "fills")
        trading += row("late / orphan / out of order", "\(self.fillKinds[.late] ?? 0) / \(self.fillKinds[.orphan] ?? 0) / \(self.outOfOrderFills)", id: "flagged-fills")
        trading += row("volume", String(format: "%.2f", self.totals.volume), id: "volume")
        trading += row("maker share", String(format: "%.1f%%", self.makerShare * 100), id: "maker-share")
        for range in self.inventory {
            let largest = max(range.low.rawValue.magnitude, range.high.rawValue.magnitude)
            trading += row("\(range.coin) max |position|", "\(Size(rawValue: Int64(clamping: largest))) (\(range.low) … \(range.high))", id: "position-\(SVGChart.slug(range.coin))")
        }
        trading += row("kill-switch triggers", "\(self.killTriggers)", id: "kills") + "</table>"

        var run = "<table class=\"summary-run\"><caption>Run</caption>"
        run += row("inputs", "\(self.inputs.reduce(0) { $0 + $1.count })", id: "inputs")
        run += self.inputs.map { row("· \($0.name)", "\($0.count)", id: "input-\($0.name)") }.joined()
        run += row("commands", "\(self.commands.reduce(0) { $0 + $1.count })", id: "commands")
        run += self.commands.map { row("· \($0.name)", "\($0.count)", id: "command-\($0.name)") }.joined()
        run += "</table>"

        var out = "<section class=\"summary\" id=\"summary\"><h2>Summary</h2><div class=\"summary-tables\">\(pnl)\(trading)\(run)</div>"
        out += "<p class=\"meta\">config hash <code class=\"config-hash\">\(self.configHash)</code>"
        switch self.recordedConfigHash {
        case nil: out += " (SHA-256 of the config below; the journal records none)"
        case self.configHash?: out += " (the config below, as the journal header records it)"
        case let recorded?:
            out += " (the config below, which ran here; <strong class=\"config-differs\">the journal header records another,"
                + " <code>\(SVGChart.escape(String(recorded.prefix(16))))…</code></strong>: --config or --profile adjusted it)"
        }
        out += " · command digest <code class=\"digest\">\(self.digest)</code> (as <code>mm-replay replay</code> prints it)</p>"
        out += "<details class=\"config\"><summary>config</summary><pre>\(SVGChart.escape(self.configText))</pre></details></section>"
        return out
    }
}
