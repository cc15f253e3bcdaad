/// One problem with a config: which field, and what is wrong with it.
public struct ConfigIssue: Error, Equatable, Sendable, CustomStringConvertible {
    /// The dotted path of the field ("strategy.gamma", "coins[BTC].order_size").
    public var path: String
    /// What is wrong, as a rule the user can act on ("must be > 0, got 0").
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(self.path): \(self.message)" }
}

/// A config that could not be used, with every problem found (not just the first).
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]
    /// Where the config came from (a file path), for messages.
    public var source: String?

    public init(issues: [ConfigIssue], source: String? = nil) {
        self.issues = issues
        self.source = source
    }

    public var description: String {
        let head = "invalid config\(self.source.map { " \($0)" } ?? ""): \(self.issues.count) problem(s)"
        return ([head] + self.issues.map { "  \($0)" }).joined(separator: "\n")
    }
}
