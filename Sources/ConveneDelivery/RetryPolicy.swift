/// How long to wait before trying a failing forum folder (or the ledger) again:
/// doubling from `first` up to `limit`, so a full disk is retried promptly at first and
/// then without flooding the journal.
public struct RetryPolicy: Sendable, Equatable {
    public var first: Int
    public var limit: Int

    public init(first: Int = 15, limit: Int = 900) {
        self.first = first
        self.limit = limit
    }

    /// Seconds to wait after the `attempt`-th failure in a row (1-based).
    public func delay(afterAttempt attempt: Int) -> Int {
        var delay = first
        for _ in 1..<max(attempt, 1) {
            delay *= 2
            if delay >= limit { return limit }
        }
        return min(delay, limit)
    }
}

/// A forum (or the ledger) that failed, and when to try again.
public struct Retry: Sendable, Equatable {
    public var attempts: Int
    public var notBefore: Int
    public var error: String

    public init(attempts: Int, notBefore: Int, error: String) {
        self.attempts = attempts
        self.notBefore = notBefore
        self.error = error
    }
}
