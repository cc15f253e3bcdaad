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
        .summary-tables{display:flex;gap:24px;align-items:flex-start;flex-wrap:wrap}caption{font-weight:bold;text-align:left;padding:4px 0}
        .summary th{font-weight:normal}.legend span.key{display:inline-block;margin-right:14px;white-space:nowrap}
        .swatch{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
        details.config pre{font-size:11px;background:#f7f7f7;padding:8px;max-height:320px;overflow:auto}
        </style></head><body>
        \(body)
        </body></html>

        """
    }
}
