/// Strictly increasing nonces near the current time in milliseconds, as the exchange
/// wants them (unique per signer, within a day of now): `max(now, last + 1)`.
public struct NonceClock: Sendable {
    public private(set) var last: UInt64 = 0

    public init() {}

    /// The next nonce at `nowMilliseconds`.
    public mutating func next(nowMilliseconds: Int64) -> UInt64 {
        let candidate = UInt64(max(0, nowMilliseconds))
        self.last = max(candidate, self.last + 1)
        return self.last
    }
}
