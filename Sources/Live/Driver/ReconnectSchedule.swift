/// The runbook's reconnect backoff: 1 s, doubling, at most 60 s, 10 attempts; a
/// connection that stays up resets it.
public struct ReconnectSchedule: Sendable, Equatable {
    public static let firstDelayMilliseconds: Int64 = 1_000
    public static let maxDelayMilliseconds: Int64 = 60_000
    public static let maxAttempts: UInt32 = 10

    /// Attempts made since the last successful connection.
    public private(set) var attempts: UInt32 = 0

    public init() {}

    /// The delay before the next attempt, or nil when the attempts are used up.
    public mutating func nextDelayMilliseconds() -> Int64? {
        guard self.attempts < Self.maxAttempts else { return nil }
        let delay = min(Self.maxDelayMilliseconds, Self.firstDelayMilliseconds << Int64(min(self.attempts, 16)))
        self.attempts += 1
        return delay
    }

    /// A connection succeeded: start again from 1 s.
    public mutating func reset() { self.attempts = 0 }
}
