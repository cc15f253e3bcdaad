/// How an answer from the venue counts against the risk system (the runbook's error
/// classes and rejection handling).
package enum ExchangeErrorClass: String, Sendable, Equatable, CaseIterable {
    /// Refused for a rate limit (the address limit, HTTP 429): counts toward the
    /// RateLimit kill (once per request) and backs new orders off.
    case rateLimit = "rate_limit"
    /// The order was refused (post-only would cross, margin, tick, size…): a streak of
    /// them backs new orders off.
    case rejection
    /// No answer (a transport error, a timeout, an HTTP error): the outcome is unknown and
    /// the venue is asked; not counted as an error of ours.
    case transport

    /// The class of an outcome, or `nil` when it is not an error. A refused cancel is the
    /// venue saying the order is gone: not an error.
    package init?(_ outcome: OrderOutcome) {
        switch outcome {
        case .rateLimited: self = .rateLimit
        case .rejected: self = .rejection
        case .unknown: self = .transport
        case .resting, .filled, .cancelled, .cancelRejected, .modified: return nil
        }
    }

    /// Rejections in a row before new orders back off.
    package static let backoffAfter: Int64 = 3
    /// The backoff: 1 s, doubling with each further rejection, at most 30 s.
    package static func backoff(streak: Int64) -> Int64 {
        guard streak >= Self.backoffAfter else { return 0 }
        let doublings = min(streak - Self.backoffAfter, 5)
        return min(1_000_000_000 << doublings, 30_000_000_000)
    }
}
