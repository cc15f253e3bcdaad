import Engine
import JSON

/// Reads a sweep's manifest (`DIR/sweep.json`) back into a plan (for `merge`): ids,
/// origins, parameters as text, capture names.
enum SweepManifest {
    static func plan(from text: String) throws -> SweepPlan {
        guard let json = try? OrderedJSON(parsing: text), case .string(let objectiveName)? = json["objective"],
              let objective = SweepSpec.Objective(rawValue: objectiveName), case .array(let captures)? = json["captures"],
              case .array(let configs)? = json["configs"], case .array(let paths)? = json["parameters"] else {
            throw SweepError.output("sweep.json is not a sweep manifest (of this version of mm-replay: run the sweep again into a new --out)")
        }
        var spec = SweepSpec()
        spec.objective = objective
        let parameterPaths = paths.compactMap { if case .string(let p) = $0 { p } else { nil } }
        var planned: [SweepConfiguration] = []
        for config in configs {
            guard case .string(let id)? = config["id"], case .string(let hash)? = config["config_hash"],
                  case .string(let originName)? = config["origin"], let origin = SweepConfiguration.Origin(rawValue: originName) else {
                throw SweepError.output("sweep.json: bad config entry (of another version of mm-replay? run the sweep again into a new --out)")
            }
            var parameters: [(path: String, value: ConfigValue)] = []
            for path in parameterPaths {
                if case .string(let value)? = config["parameters"]?[path] { parameters.append((path, .text(value))) }
            }
            planned.append(SweepConfiguration(id: id, origin: origin, parameters: parameters, config: EngineConfig(), hash: hash))
        }
        let names = captures.compactMap { if case .string(let name) = $0 { name } else { nil } }
        return SweepPlan(spec: spec, configs: planned, captureNames: names)
    }
}
