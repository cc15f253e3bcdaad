/// A config value in a type-neutral form (what files hold).
public enum ConfigValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case flag(Bool)

    /// The type's name in messages.
    public var typeName: String {
        switch self {
        case .integer: return "an integer"
        case .real: return "a number"
        case .text: return "a string"
        case .flag: return "a boolean"
        }
    }
}

/// One field of ``EngineConfig``: its dotted path, documentation, how to read and write
/// it, and the rule it must satisfy.
package struct ConfigParameter: Sendable {
    /// The section ("strategy") and key ("gamma").
    package let section: String
    package let key: String
    /// What the field means, with its unit.
    package let summary: String
    /// The rule, in words ("> 0", "1...10").
    package let rule: String
    let read: @Sendable (EngineConfig) -> ConfigValue
    let write: @Sendable (inout EngineConfig, ConfigValue) -> String?
    let check: @Sendable (ConfigValue) -> Bool

    /// "section.key".
    package var path: String { "\(self.section).\(self.key)" }

    /// The field's value in a config.
    package func value(in config: EngineConfig) -> ConfigValue { self.read(config) }

    /// Sets the field; returns a problem when the value has the wrong type.
    package func set(_ value: ConfigValue, in config: inout EngineConfig) -> ConfigIssue? {
        self.write(&config, value).map { ConfigIssue(path: self.path, message: $0) }
    }

    /// A problem when the field's value breaks its rule.
    package func validate(_ config: EngineConfig) -> ConfigIssue? {
        let value = self.read(config)
        if self.check(value) { return nil }
        return ConfigIssue(path: self.path, message: "must be \(self.rule), got \(ConfigParameter.render(value))")
    }

    static func render(_ value: ConfigValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .real(let v): return v.description
        case .text(let v): return "\"\(v)\""
        case .flag(let v): return String(v)
        }
    }

    /// A real-valued field (integers in the file are accepted too).
    static func real(_ section: String, _ key: String, _ summary: String, _ keyPath: WritableKeyPath<EngineConfig, Double> & Sendable,
                     rule: String, _ check: @escaping @Sendable (Double) -> Bool) -> ConfigParameter {
        ConfigParameter(section: section, key: key, summary: summary, rule: rule,
                        read: { .real($0[keyPath: keyPath]) },
                        write: { config, value in
                            switch value {
                            case .real(let v): config[keyPath: keyPath] = v
                            case .integer(let v): config[keyPath: keyPath] = Double(v)
                            default: return "expected a number, got \(value.typeName)"
                            }
                            return nil
                        },
                        check: { if case .real(let v) = $0 { return v.isFinite && check(v) } else { return false } })
    }

    /// An integer field.
    static func integer(_ section: String, _ key: String, _ summary: String, _ keyPath: WritableKeyPath<EngineConfig, Int64> & Sendable,
                        rule: String, _ check: @escaping @Sendable (Int64) -> Bool) -> ConfigParameter {
        ConfigParameter(section: section, key: key, summary: summary, rule: rule,
                        read: { .integer($0[keyPath: keyPath]) },
                        write: { config, value in
                            guard case .integer(let v) = value else { return "expected an integer, got \(value.typeName)" }
                            config[keyPath: keyPath] = v
                            return nil
                        },
                        check: { if case .integer(let v) = $0 { return check(v) } else { return false } })
    }

    /// A boolean field.
    static func flag(_ section: String, _ key: String, _ summary: String, _ keyPath: WritableKeyPath<EngineConfig, Bool> & Sendable) -> ConfigParameter {
        ConfigParameter(section: section, key: key, summary: summary, rule: "true or false",
                        read: { .flag($0[keyPath: keyPath]) },
                        write: { config, value in
                            guard case .flag(let v) = value else { return "expected true or false, got \(value.typeName)" }
                            config[keyPath: keyPath] = v
                            return nil
                        },
                        check: { if case .flag = $0 { return true } else { return false } })
    }
}
