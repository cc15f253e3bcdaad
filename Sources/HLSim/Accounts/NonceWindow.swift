/// Hyperliquid's nonce rules for one signer: the 100 highest nonces are kept; a new
/// nonce must be unused, larger than the smallest kept one once 100 are kept, and
/// within (now - 2 days, now + 1 day).
public struct NonceWindow: Sendable {
    /// How many nonces the exchange remembers per signer.
    public static let capacity = 100
    static let pastLimit: Int64 = 2 * 86_400_000
    static let futureLimit: Int64 = 86_400_000

    /// Kept nonces, ascending.
    private(set) var kept: [UInt64] = []

    public init() {}

    /// Records `nonce` if it is acceptable at `nowMilliseconds`; otherwise returns the
    /// error the exchange answers with.
    public mutating func admit(_ nonce: UInt64, nowMilliseconds now: Int64) -> String? {
        let value = Int64(clamping: nonce)
        if value <= now - Self.pastLimit || value >= now + Self.futureLimit {
            return "Invalid nonce: \(nonce) is not within (T - 2 days, T + 1 day) of the block time T = \(now)"
        }
        var low = 0
        var high = self.kept.count
        while low < high {
            let mid = (low + high) / 2
            if self.kept[mid] < nonce { low = mid + 1 } else { high = mid }
        }
        if low < self.kept.count && self.kept[low] == nonce { return "Invalid nonce: duplicate nonce \(nonce)" }
        if self.kept.count == Self.capacity {
            guard low > 0 else { return "Invalid nonce: \(nonce) is lower than the 100 highest nonces used (lowest kept \(self.kept[0]))" }
            self.kept.remove(at: 0)
            low -= 1
        }
        self.kept.insert(nonce, at: low)
        return nil
    }
}
