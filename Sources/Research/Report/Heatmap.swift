/// A heatmap of one value over two parameters as inline SVG: one cell per (x, y) pair
/// with its value, coloured on a ``DivergingScale`` centred on zero, with a legend.
///
/// The picture is at most ``maxWidth`` wide: cells narrow as columns are added (their
/// numbers move into the hover title when a cell is too narrow), and the SVG scales down
/// to the page (`max-width: 100%`).
struct Heatmap {
    /// One cell: indices into ``xs`` and ``ys``, the value, and how many runs it averages.
    struct Cell {
        var x: Int
        var y: Int
        var value: Double
        var runs: Int
    }

    var title: String
    var xName: String
    /// The row parameter (nil: a single row).
    var yName: String?
    var xs: [String]
    var ys: [String]
    var cells: [Cell]

    /// The widest the picture is drawn, in px.
    static let maxWidth = 920.0
    static let rowHeight = 28.0
    /// Columns narrower than this keep their numbers in the hover title.
    static let minLabelledCell = 44.0

    var scale: DivergingScale { DivergingScale(values: self.cells.map(\.value)) }

    var svg: String {
        let scale = self.scale
        let left = min(180, 16 + 6.5 * Double(self.ys.map(\.count).max() ?? 0))
        let cell = max(20, min(96, (Self.maxWidth - left - 16) / Double(max(1, self.xs.count))))
        let rotate = cell < 60
        let top = 30.0
        let gridBottom = top + Self.rowHeight * Double(self.ys.count)
        let labelBand = rotate ? 6.5 * Double(self.xs.map(\.count).max() ?? 0) * 0.75 + 22 : 24
        let legendTop = gridBottom + labelBand + 26
        let width = max(left + cell * Double(self.xs.count) + 16, left + 7 * Double(self.title.count), 460)
        let height = legendTop + 50
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
            + " style=\"max-width:100%;height:auto\" role=\"img\" aria-label=\"heatmap\">"
        svg += "<text x=\"\(SVGChart.fmt(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(SVGChart.escape(self.title))</text>"
        for (j, y) in self.ys.enumerated() {
            let rowY = top + Self.rowHeight * Double(j)
            svg += "<text x=\"\(SVGChart.fmt(left - 6))\" y=\"\(SVGChart.fmt(rowY + Self.rowHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(SVGChart.escape(y))</text>"
        }
        for item in self.cells {
            let cellX = left + cell * Double(item.x), rowY = top + Self.rowHeight * Double(item.y)
            let place = "\(SVGChart.escape(self.xName))=\(SVGChart.escape(self.xs[item.x]))"
                + (self.yName.map { " \(SVGChart.escape($0))=\(SVGChart.escape(self.ys[item.y]))" } ?? "")
            let runs = item.runs == 1 ? "" : " (mean of \(item.runs) configurations)"
            svg += "<rect x=\"\(SVGChart.fmt(cellX))\" y=\"\(SVGChart.fmt(rowY))\" width=\"\(SVGChart.fmt(cell - 2))\" height=\"\(SVGChart.fmt(Self.rowHeight - 2))\""
                + " fill=\"\(scale.color(item.value))\"><title>\(place): \(SweepResult.number(item.value))\(runs)</title></rect>"
            if cell >= Self.minLabelledCell {
                svg += "<text x=\"\(SVGChart.fmt(cellX + cell / 2 - 1))\" y=\"\(SVGChart.fmt(rowY + Self.rowHeight / 2 + 3))\" font-size=\"10\""
                    + " text-anchor=\"middle\" fill=\"\(scale.textColor(item.value))\">\(SVGChart.label(item.value))</text>"
            }
        }
        for (i, x) in self.xs.enumerated() {
            let centre = left + cell * Double(i) + cell / 2 - 1, baseline = gridBottom + 14
            if rotate {
                svg += "<text x=\"\(SVGChart.fmt(centre))\" y=\"\(SVGChart.fmt(baseline))\" font-size=\"10\" text-anchor=\"end\""
                    + " transform=\"rotate(-45 \(SVGChart.fmt(centre)) \(SVGChart.fmt(baseline)))\">\(SVGChart.escape(x))</text>"
            } else {
                svg += "<text x=\"\(SVGChart.fmt(centre))\" y=\"\(SVGChart.fmt(baseline))\" font-size=\"11\" text-anchor=\"middle\">\(SVGChart.escape(x))</text>"
            }
        }
        svg += "<text x=\"\(SVGChart.fmt(left))\" y=\"\(SVGChart.fmt(gridBottom + labelBand + 6))\" font-size=\"11\">columns: \(SVGChart.escape(self.xName))"
            + (self.yName.map { ", rows: " + SVGChart.escape($0) } ?? "") + "</text>"
        return svg + self.legend(scale, left: left, top: legendTop) + "</svg>"
    }

    /// A bar of 20 steps from −limit to +limit with numbers under its ends and middle.
    func legend(_ scale: DivergingScale, left: Double, top: Double) -> String {
        let steps = 20, width = 240.0, step = width / Double(steps)
        var svg = ""
        for k in 0..<steps {
            let value = scale.limit * (-1 + (Double(k) + 0.5) * 2 / Double(steps))
            svg += "<rect x=\"\(SVGChart.fmt(left + step * Double(k)))\" y=\"\(SVGChart.fmt(top))\" width=\"\(SVGChart.fmt(step + 0.5))\" height=\"12\" fill=\"\(scale.color(value))\"/>"
        }
        svg += "<rect x=\"\(SVGChart.fmt(left))\" y=\"\(SVGChart.fmt(top))\" width=\"\(SVGChart.fmt(width))\" height=\"12\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.5\"/>"
        let clamped = self.cells.contains { scale.isClamped($0.value) }
        for (share, text, anchor) in [(0.0, (clamped ? "≤ " : "") + SVGChart.label(-scale.limit), "start"), (0.5, "0", "middle"),
                                      (1.0, (clamped ? "≥ " : "") + SVGChart.label(scale.limit), "end")] {
            svg += "<text x=\"\(SVGChart.fmt(left + width * share))\" y=\"\(SVGChart.fmt(top + 26))\" font-size=\"10\" text-anchor=\"\(anchor)\">\(SVGChart.escape(text))</text>"
        }
        let note = clamped ? "colour: centred on 0, full at ±\(SVGChart.label(scale.limit)) (outliers beyond it drawn at full colour)" : "colour: centred on 0"
        svg += "<text x=\"\(SVGChart.fmt(left))\" y=\"\(SVGChart.fmt(top + 40))\" font-size=\"10\" fill=\"#555\">\(SVGChart.escape(note))</text>"
        return svg
    }
}
