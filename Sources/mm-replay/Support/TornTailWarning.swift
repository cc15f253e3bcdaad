import Journal

/// The warning `replay` and `backtest` print for each journal that ends with a torn
/// tail: they use the records before it and exit 0 (only `journal verify` exits 2).
func tornTailWarning(_ tail: TornTail) -> String {
    "warning: \(tail.path) ends with a torn tail at offset \(tail.offset): \(tail.bytes) byte(s) of an incomplete frame ignored, the records before it used; `mm-replay journal repair` truncates it"
}

/// Prints ``tornTailWarning(_:)`` on standard error for each of `tails`.
func warnAboutTornTails(_ tails: [TornTail]) {
    for tail in tails { StandardError.print(tornTailWarning(tail)) }
}
