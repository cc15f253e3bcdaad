/// What an ``SVGChart`` draws besides its series, bottom to top: shaded time bands,
/// resting-order step lines, fill dots, then event markers.
extension SVGChart {
    /// A shaded stretch of the time axis: a data gap over the whole plot height, or a
    /// gate state as a strip along the time axis.
    struct Band: Equatable {
        var start: Int64
        var end: Int64
        /// The CSS class of the `<rect>` (`gap`, `gate gate-stale`, ...).
        var cssClass: String
        var color: String
        /// Hover text.
        var label: String
        /// A strip along the time axis (gate states) instead of the full plot height.
        var strip = false
    }

    /// One order for as long as it rests: a step line through its prices, dashed from
    /// the cancel request until the venue confirms it gone.
    struct OrderPath {
        /// `resting-bid` or `resting-ask`.
        var cssClass: String
        var color: String
        /// (time, price) from placement, one point per price change.
        var steps: [(time: Int64, value: Double)]
        var end: Int64
        /// When the engine asked to cancel it, if before `end`.
        var cancelRequested: Int64?
        var label: String
    }

    /// A point event: one fill, with hover details.
    struct Dot {
        var time: Int64
        var value: Double
        /// `fill fill-buy`, `fill fill-sell fill-late`, ...
        var cssClass: String
        var color: String
        var label: String
        /// Drawn larger with a ring of this color (late, orphan, out-of-order fills).
        var ring: String?
    }

    /// A vertical line at one time: a risk action or a kill-switch event.
    struct Marker: Equatable {
        var time: Int64
        var label: String
        var color: String
        /// `risk-marker risk-warn`, `kill-marker`, ...
        var cssClass = "marker"
        /// Kill-switch markers: thicker, with a flag at the top.
        var emphasized = false
    }
}
