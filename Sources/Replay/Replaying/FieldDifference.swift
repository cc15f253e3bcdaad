import Engine
import JSON

/// One field that differs between two commands, by its path in their JSON rendering
/// (`fields.half_spread_bps`, `replacement.price`).
public struct FieldDifference: Sendable, Equatable {
    public var path: String
    /// The field's JSON text on each side (`nil`: the side lacks the field).
    public var expected: String?
    public var actual: String?

    /// The fields in which `actual` differs from `expected`, in `expected`'s field order
    /// then fields only `actual` has (a decision's fields are `fields.<name>`).
    public static func between(_ expected: Command, _ actual: Command) -> [FieldDifference] {
        let a = Self.flatten(Stamped(seq: 0, time: 0, event: expected).jsonText)
        let b = Self.flatten(Stamped(seq: 0, time: 0, event: actual).jsonText)
        var out: [FieldDifference] = []
        for (path, value) in a where b.first(where: { $0.path == path })?.value != value {
            out.append(FieldDifference(path: path, expected: value, actual: b.first { $0.path == path }?.value))
        }
        for (path, value) in b where !a.contains(where: { $0.path == path }) {
            out.append(FieldDifference(path: path, expected: nil, actual: value))
        }
        return out
    }

    /// Leaf values of a JSON text with their dotted paths (seq and time left out).
    static func flatten(_ text: String) -> [(path: String, value: String)] {
        guard let json = try? OrderedJSON(parsing: text) else { return [("", text)] }
        var out: [(path: String, value: String)] = []
        func walk(_ value: OrderedJSON, _ path: String) {
            switch value {
            case .object(let pairs):
                for (key, inner) in pairs where !(path.isEmpty && (key == "seq" || key == "time")) {
                    walk(inner, path.isEmpty ? key : path + "." + key)
                }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, path + "[\(index)]") }
            default:
                out.append((path, value.text))
            }
        }
        walk(json, "")
        return out
    }
}
