import Engine
import Foundation
import TOMLKit

/// Reads and writes ``EngineConfig`` as TOML (and renders it as JSON).
///
/// Loading reports *every* problem at once, each with its dotted path: TOML syntax
/// errors (with line and column), unknown sections and keys (with the closest known
/// name), values of the wrong type, and values that break a field's rule. A file only
/// overrides what it names; everything else keeps its default.
public enum ConfigFile {
    /// Loads a config file over the defaults of `profile`, or over `base` (with the
    /// profile's overrides applied to it) when given: see ``parse(_:source:profile:over:)``.
    public static func load(path: String, profile: EngineConfig.Profile = .default, over base: EngineConfig? = nil) throws(ConfigError) -> EngineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(issues: [ConfigIssue(path: path, message: "cannot read the file")], source: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(issues: [ConfigIssue(path: path, message: "the file is not UTF-8 text")], source: path)
        }
        return try self.parse(text, source: path, profile: profile, over: base)
    }

    /// Whether the config file at `path` lists its own coins (a `[[coins]]` array); false
    /// for a file that cannot be read or parsed (``load(path:profile:over:)`` reports why).
    public static func listsCoins(path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              TOMLText.problem(in: text) == nil, let table = try? TOMLTable(string: text) else { return false }
        return table["coins"] != nil
    }

    /// Parses TOML text over the defaults of `profile`.
    ///
    /// With `base` (a recording's own config), the text *adjusts* it instead: the
    /// profile's overrides and the fields the text names change, everything else stays
    /// the recording's, and the coins stay the recording's: a `[[coins]]` entry of the
    /// same name replaces that coin's settings, entries for coins the recording does not
    /// trade are ignored (so a two-coin config applied to a BTC recording does not add ETH).
    public static func parse(_ text: String, source: String? = nil, profile: EngineConfig.Profile = .default,
                             over base: EngineConfig? = nil) throws(ConfigError) -> EngineConfig {
        if let (at, message) = TOMLText.problem(in: text) {
            throw ConfigError(issues: [ConfigIssue(path: at, message: message)], source: source)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = "line \(error.source.begin.line), column \(error.source.begin.column)"
            throw ConfigError(issues: [ConfigIssue(path: at, message: "TOML syntax: \(error.description)")], source: source)
        } catch {
            throw ConfigError(issues: [ConfigIssue(path: source ?? "config", message: "TOML syntax: \(error)")], source: source)
        }
        var config = base.map { base in
            var adjusted = base
            adjusted.apply(profile)
            return adjusted
        } ?? EngineConfig(profile: profile)
        var issues: [ConfigIssue] = []
        var explicitlySet: Set<String> = []
        let sections = Self.sectionNames
        for sectionName in table.keys {
            guard let node = table[sectionName] else { continue }
            if sectionName == "coins" {
                Self.readCoins(node, into: &config, issues: &issues)
                if let base {
                    let named = config.coins
                    config.coins = base.coins.map { coin in named.first { $0.name == coin.name } ?? coin }
                }
                continue
            }
            guard sections.contains(sectionName) else {
                issues.append(ConfigIssue(path: sectionName, message: "unknown section" + Self.suggestion(for: sectionName, among: sections + ["coins"])))
                continue
            }
            guard let section = node.table else {
                issues.append(ConfigIssue(path: sectionName, message: "expected a table [\(sectionName)], got \(Self.typeName(node))"))
                continue
            }
            let known = EngineConfig.parameters.filter { $0.section == sectionName }
            for key in section.keys {
                let path = "\(sectionName).\(key)"
                guard let parameter = known.first(where: { $0.key == key }) else {
                    issues.append(ConfigIssue(path: path, message: "unknown key" + Self.suggestion(for: key, among: known.map(\.key), prefix: sectionName + ".")))
                    continue
                }
                guard let value = section[key].flatMap(Self.value) else {
                    issues.append(ConfigIssue(path: path, message: "unsupported value type \(section[key].map(Self.typeName) ?? "?")"))
                    continue
                }
                if let issue = parameter.set(value, in: &config) { issues.append(issue) } else { explicitlySet.insert(path) }
            }
        }
        config.deriveProfileValues(profile, explicitlySet: explicitlySet)
        // Rule checks only for fields that loaded; a type error is already reported.
        let reported = Set(issues.map(\.path))
        issues += config.validate().filter { !reported.contains($0.path) }
        if !issues.isEmpty { throw ConfigError(issues: issues, source: source) }
        return config
    }

    static var sectionNames: [String] {
        var names: [String] = []
        for parameter in EngineConfig.parameters where !names.contains(parameter.section) { names.append(parameter.section) }
        return names
    }

    private static func readCoins(_ node: TOMLValueConvertible, into config: inout EngineConfig, issues: inout [ConfigIssue]) {
        guard let array = node.array else {
            issues.append(ConfigIssue(path: "coins", message: "expected an array of tables [[coins]], got \(Self.typeName(node))"))
            return
        }
        config.coins = []
        let knownKeys = EngineConfig.coinKeys.map(\.key)
        for index in 0..<array.count {
            guard let table = array[index].table else {
                issues.append(ConfigIssue(path: "coins[\(index)]", message: "expected a table, got \(Self.typeName(array[index]))"))
                continue
            }
            let name = table["name"]?.string ?? ""
            let at = "coins[\(name.isEmpty ? String(index) : name)]"
            for key in table.keys where !knownKeys.contains(key) {
                issues.append(ConfigIssue(path: "\(at).\(key)", message: "unknown key" + Self.suggestion(for: key, among: knownKeys, prefix: at + ".")))
            }
            if table["name"] == nil { issues.append(ConfigIssue(path: at + ".name", message: "is required")) }
            else if table["name"]?.string == nil { issues.append(ConfigIssue(path: at + ".name", message: "expected a string")) }
            var coin = EngineConfig.Coin(name: name, sizeDecimals: 0, orderSize: .zero, maxInventory: .zero)
            if let value = table["sz_decimals"] {
                if let v = value.int { coin.sizeDecimals = Int64(v) } else { issues.append(ConfigIssue(path: at + ".sz_decimals", message: "expected an integer, got \(Self.typeName(value))")) }
            } else {
                issues.append(ConfigIssue(path: at + ".sz_decimals", message: "is required"))
            }
            coin.orderSize = Self.decimal(table, "order_size", at: at, issues: &issues) ?? coin.orderSize
            coin.maxInventory = Self.decimal(table, "max_inventory", at: at, issues: &issues) ?? coin.maxInventory
            config.coins.append(coin)
        }
    }

    private static func decimal(_ table: TOMLTable, _ key: String, at: String, issues: inout [ConfigIssue]) -> Size? {
        guard let value = table[key] else {
            issues.append(ConfigIssue(path: "\(at).\(key)", message: "is required"))
            return nil
        }
        guard let text = value.string else {
            issues.append(ConfigIssue(path: "\(at).\(key)", message: "expected a decimal string such as \"0.001\" (exact, not a float), got \(Self.typeName(value))"))
            return nil
        }
        do {
            return try Size(parsing: text)
        } catch {
            issues.append(ConfigIssue(path: "\(at).\(key)", message: error.description))
            return nil
        }
    }

    /// A TOML scalar as a config value (nil for tables and arrays).
    package static func value(_ node: TOMLValueConvertible) -> ConfigValue? {
        switch node.type {
        case .int: return node.int.map { .integer(Int64($0)) }
        case .double: return node.double.map { .real($0) }
        case .string: return node.string.map { .text($0) }
        case .bool: return node.bool.map { .flag($0) }
        default: return nil
        }
    }

    private static func typeName(_ node: TOMLValueConvertible) -> String {
        switch node.type {
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .bool: return "a boolean"
        case .table: return "a table"
        case .array: return "an array"
        default: return "a date or time"
        }
    }

    /// ", did you mean X?" for the closest name within edit distance 3.
    package static func suggestion(for name: String, among candidates: [String], prefix: String = "") -> String {
        let scored = candidates.map { ($0, Self.editDistance(name, $0)) }.filter { $0.1 <= 3 }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return "" }
        return "; did you mean \(prefix)\(best.0)?"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
