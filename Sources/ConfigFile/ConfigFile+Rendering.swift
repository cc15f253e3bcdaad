import Engine
import JSON

extension ConfigFile {
    /// The config as commented TOML that ``parse(_:source:)`` loads back unchanged.
    public static func renderTOML(_ config: EngineConfig) -> String {
        var lines = ["# Market-maker engine config. Every field is listed with its meaning and rule;",
                     "# a file only needs the fields it changes. Durations are in seconds."]
        var section = ""
        for parameter in EngineConfig.parameters {
            if parameter.section != section {
                section = parameter.section
                lines.append("")
                lines.append("[\(section)]")
            }
            lines.append("# \(parameter.summary) (\(parameter.rule))")
            lines.append("\(parameter.key) = \(Self.tomlText(parameter.value(in: config)))")
        }
        for coin in config.coins {
            lines.append("")
            lines.append("[[coins]]")
            lines.append("name = \(Self.quoted(coin.name))")
            lines.append("sz_decimals = \(coin.sizeDecimals)")
            lines.append("order_size = \"\(coin.orderSize)\"")
            lines.append("max_inventory = \"\(coin.maxInventory)\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The config as one JSON object: a nested object per section, `coins` as an array,
    /// keys in the documented order, durations in seconds.
    public static func renderJSON(_ config: EngineConfig) -> String {
        var json = JSONWriter()
        json.beginObject()
        var section = ""
        for parameter in EngineConfig.parameters {
            if parameter.section != section {
                if !section.isEmpty { json.endObject() }
                section = parameter.section
                json.key(section)
                json.beginObject()
            }
            json.key(parameter.key)
            switch parameter.value(in: config) {
            case .integer(let v): json.value(v)
            case .real(let v): json.value(v)
            case .text(let v): json.value(v)
            case .flag(let v): json.value(v)
            }
        }
        if !section.isEmpty { json.endObject() }
        json.key("coins")
        json.beginArray()
        for coin in config.coins {
            json.beginObject()
            json.field("name", coin.name)
            json.field("sz_decimals", coin.sizeDecimals)
            json.field("order_size", coin.orderSize)
            json.field("max_inventory", coin.maxInventory)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }

    static func tomlText(_ value: ConfigValue) -> String {
        switch value {
        case .integer(let v): return String(v)
        case .real(let v): return v.description  // shortest round-trip form, always with "." or "e"
        case .text(let v): return Self.quoted(v)
        case .flag(let v): return String(v)
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
