import Engine
import Foundation

/// The values one config field accepts, read from its rule text in
/// ``EngineConfig/parameters`` (`"in 0.01...3600"`, `"in (0, 1e6]"`, `"0 or in 5...86400"`,
/// `"in 0...1, > 0"`, `">= 0"`, `"true or false"`), so random configs follow the table
/// and a field added later is covered (or fails ``RandomConfigs/ranges`` loudly).
enum FieldRange: Equatable {
    /// `lower...upper`, without `lower` when `lowerOpen`, plus 0 when `alsoZero`.
    case real(lower: Double, lowerOpen: Bool, upper: Double, alsoZero: Bool)
    case integer(ClosedRange<Int64>)
    case flag

    init?(_ parameter: ConfigParameter) {
        var rule = parameter.rule
        switch parameter.value(in: EngineConfig()) {
        case .flag:
            guard rule == "true or false" else { return nil }
            self = .flag
        case .integer:
            if rule.hasPrefix(">= "), let lower = Int64(rule.dropFirst(3)) {
                self = .integer(lower...Int64.max)
                return
            }
            let bounds = rule.dropFirst(3).components(separatedBy: "...")
            guard rule.hasPrefix("in "), bounds.count == 2, let lower = Int64(bounds[0]), let upper = Int64(bounds[1]), lower <= upper else {
                return nil
            }
            self = .integer(lower...upper)
        case .real:
            var alsoZero = false
            var lowerOpen = false
            if rule.hasPrefix("0 or ") { alsoZero = true; rule.removeFirst(5) }
            if rule.hasSuffix(", > 0") { lowerOpen = true; rule.removeLast(5) }
            guard rule.hasPrefix("in ") else { return nil }
            var body = String(rule.dropFirst(3))
            let bounds: [String]
            if body.hasPrefix("(") && body.hasSuffix("]") {
                lowerOpen = true
                body = String(body.dropFirst().dropLast())
                bounds = body.components(separatedBy: ", ")
            } else {
                bounds = body.components(separatedBy: "...")
            }
            guard bounds.count == 2, let lower = Double(bounds[0]), let upper = Double(bounds[1]), lower <= upper else { return nil }
            // ", > 0" only ever follows a range starting at 0.
            if rule.hasSuffix(", > 0") && lower != 0 { return nil }
            self = .real(lower: lower, lowerOpen: lowerOpen, upper: upper, alsoZero: alsoZero)
        case .text:
            return nil
        }
    }

    /// The smallest and largest accepted values (the smallest above an open bound is the
    /// next representable double: 5e-324 above 0).
    var extremes: (ConfigValue, ConfigValue)? {
        switch self {
        case .real(let lower, let lowerOpen, let upper, _): return (.real(lowerOpen ? lower.nextUp : lower), .real(upper))
        case .integer(let range): return (.integer(range.lowerBound), .integer(range.upperBound))
        case .flag: return nil
        }
    }

    /// Values just outside the accepted range (each must be refused).
    var justOutside: [ConfigValue] {
        switch self {
        case .real(let lower, let lowerOpen, let upper, let alsoZero):
            var values: [ConfigValue] = [.real(upper.nextUp), .real(.infinity), .real(.nan)]
            let below = lowerOpen ? lower : lower.nextDown
            if !(alsoZero && below == 0) { values.append(.real(below)) }
            if alsoZero && lower > 0 { values.append(.real(0.0.nextUp)) }
            return values
        case .integer(let range):
            var values: [ConfigValue] = []
            if range.lowerBound > .min { values.append(.integer(range.lowerBound - 1)) }
            if range.upperBound < .max { values.append(.integer(range.upperBound + 1)) }
            return values
        case .flag:
            return []
        }
    }
}

/// Seeded random configs across every field's whole accepted range: its bounds, the
/// smallest double above an open bound, values near both ends, log-uniform and uniform
/// draws; over either profile, overriding a random share of the fields; with 1 to a dozen
/// coins of every `sz_decimals`, order sizes from one lot to ``Limits/largestSize``.
/// Cross-field rules are mostly repaired (so most configs are accepted) and sometimes
/// left broken (so the refusal path is drawn too).
struct RandomConfigs {
    var random: Xoshiro256StarStar
    /// The profile the latest ``config(maxCoins:)`` started from.
    private(set) var profile = EngineConfig.Profile.default

    init(seed: UInt64) { self.random = Xoshiro256StarStar(seed: seed) }

    /// Every scalar field with its accepted range (fields whose rule does not parse are
    /// left out; ``EnginePropertyTests`` checks there are none).
    static let ranges: [(parameter: ConfigParameter, range: FieldRange)] = EngineConfig.parameters.compactMap { parameter in
        FieldRange(parameter).map { (parameter, $0) }
    }

    /// Valid coin names: short, exactly 64 bytes (ASCII and two-byte), symbols, emoji.
    static let coinNames = [
        "BTC", "ETH", "@107", "xyz:TSLA", "kPEPE", "Ünïcødé ✓", "quote\"and\\slash", "🚀", "a",
        String(repeating: "Z", count: Limits.coinNameBytes), String(repeating: "é", count: Limits.coinNameBytes / 2),
        "0x1260b8f7e0c4caa2ef3a51b6c08507ecc104641d",
    ]

    mutating func unit() -> Double { self.random.nextUnit() }
    mutating func chance(_ numerator: UInt64, in denominator: UInt64) -> Bool { self.random.chance(numerator, in: denominator) }

    /// A double log-uniformly spread over `lower...upper` (both > 0).
    mutating func logUniform(_ lower: Double, _ upper: Double) -> Double {
        guard lower > 0, upper > lower else { return lower }
        let value = exp(log(lower) + self.unit() * (log(upper) - log(lower)))
        return min(max(value, lower), upper)
    }

    /// An integer log-uniformly spread over `lower...upper` (lower >= 1).
    mutating func logUniform(_ lower: Int64, _ upper: Int64) -> Int64 {
        guard upper > lower else { return lower }
        let value = self.logUniform(Double(lower), Double(upper) + 1)
        return min(max(Int64(exactly: value.rounded(.down)) ?? upper, lower), upper)
    }

    /// One accepted value of a field (edges often).
    mutating func value(in range: FieldRange) -> ConfigValue {
        switch range {
        case .flag:
            return .flag(self.chance(1, in: 2))
        case .integer(let r):
            let (lower, upper) = (r.lowerBound, r.upperBound)
            switch self.random.next(below: 8) {
            case 0: return .integer(lower)
            case 1: return .integer(upper)
            case 2: return .integer(min(lower + 1, upper))
            case 3: return .integer(max(upper - 1, lower))
            case 4, 5:
                let (span, overflow) = upper.subtractingReportingOverflow(lower)
                if overflow || span == 0 { return .integer(self.random.next(in: r)) }
                return .integer(lower + self.logUniform(1, span + (span == .max ? 0 : 1)) - 1)
            default: return .integer(self.random.next(in: r))
            }
        case .real(let lower, let lowerOpen, let upper, let alsoZero):
            let lowest = lowerOpen ? lower.nextUp : lower
            switch self.random.next(below: 16) {
            case 0, 1: return .real(lowest)
            case 2, 3: return .real(upper)
            case 4: return .real(alsoZero ? 0 : lowest)
            case 5: return .real(upper.nextDown > lowest ? upper.nextDown : upper)
            case 6: return .real(min(upper, lowest + (lowest.magnitude + 1e-9) * self.unit() * 1e-3))  // just above the bottom
            case 7, 8, 9, 10:
                let bottom = max(lowest, upper * 1e-15, 1e-12)
                return .real(upper > 0 && bottom < upper ? self.logUniform(bottom, upper) : upper)
            default:
                return .real(min(upper, max(lowest, lowest + self.unit() * (upper - lowest))))
            }
        }
    }

    /// A random config (its profile in ``profile``). Not always valid: see the type.
    mutating func config(maxCoins: Int = 12) -> EngineConfig {
        let profile = EngineConfig.Profile.allCases[Int(self.random.next(below: UInt64(EngineConfig.Profile.allCases.count)))]
        self.profile = profile
        var config = EngineConfig(profile: profile)
        // Override none, a few, half or all of the fields: near-default configs quote
        // like production, fully random ones reach every corner.
        let share: [UInt64] = [0, 1, 4, 8, 16]
        let overrides = share[Int(self.random.next(below: UInt64(share.count)))]
        // A corner: every field at its minimum or its maximum.
        let corner = self.chance(1, in: 8)
        var set: Set<String> = []
        for (parameter, range) in Self.ranges where corner || self.chance(overrides, in: 16) {
            if corner, let (lowest, highest) = range.extremes {
                _ = parameter.set(self.chance(1, in: 2) ? lowest : highest, in: &config)
            } else {
                _ = parameter.set(self.value(in: range), in: &config)
            }
            set.insert(parameter.path)
        }
        config.deriveProfileValues(profile, explicitlySet: set)
        if !self.chance(1, in: 8) { Self.repairCrossFieldRules(&config) }
        config.coins = self.coins(count: self.coinCount(max: maxCoins))
        return config
    }

    mutating func coinCount(max: Int) -> Int {
        switch self.random.next(below: 20) {
        case 0..<7: return 1
        case 7..<12: return Swift.min(2, max)
        case 12..<17: return Swift.min(3 + Int(self.random.next(below: 2)), max)
        default: return Swift.min(5 + Int(self.random.next(below: UInt64(Swift.max(1, max - 4)))), max)
        }
    }

    /// `count` coins with distinct valid names (rarely an invalid one).
    mutating func coins(count: Int) -> [EngineConfig.Coin] {
        var names = Self.coinNames
        for i in names.indices.reversed() {  // Fisher-Yates with the seeded generator
            let j = Int(self.random.next(below: UInt64(i + 1)))
            names.swapAt(i, j)
        }
        var coins: [EngineConfig.Coin] = []
        for index in 0..<count {
            let name = index < names.count ? names[index] : "COIN\(index)"
            coins.append(self.coin(named: name))
        }
        if self.chance(1, in: 32), let first = coins.first {
            // A broken coin: listed twice, or an order size off the lot grid.
            if self.chance(1, in: 2) { coins.append(first) } else if coins[0].sizeDecimals < 8 {
                coins[0].orderSize = Size(rawValue: coins[0].orderSize.rawValue + 1)
            }
        }
        return coins
    }

    mutating func coin(named name: String) -> EngineConfig.Coin {
        let decimals = Int64(self.random.next(below: 9))
        var lot: Int64 = FixedPoint.scale
        for _ in 0..<decimals { lot /= 10 }
        let maxLots = Limits.largestSize.rawValue / lot
        let lots: Int64
        switch self.random.next(below: 10) {
        case 0, 1: lots = 1
        case 2: lots = maxLots
        default: lots = self.logUniform(1, maxLots)
        }
        let orderSize = lots * lot
        let maxInventory: Int64
        switch self.random.next(below: 10) {
        case 0, 1: maxInventory = orderSize
        case 2: maxInventory = Limits.largestSize.rawValue
        case 3, 4, 5: maxInventory = min(orderSize * Int64(1 + self.random.next(below: 20)), Limits.largestSize.rawValue)
        default: maxInventory = self.logUniform(orderSize, Limits.largestSize.rawValue)
        }
        return EngineConfig.Coin(name: name, sizeDecimals: decimals, orderSize: Size(rawValue: orderSize), maxInventory: Size(rawValue: maxInventory))
    }

    /// Orders the fields of each cross-field rule (swapping keeps each value inside its
    /// own range: the ranges of each pair nest or coincide).
    static func repairCrossFieldRules(_ config: inout EngineConfig) {
        func order(_ a: WritableKeyPath<EngineConfig, Double>, _ b: WritableKeyPath<EngineConfig, Double>) {
            if config[keyPath: a] > config[keyPath: b] {
                let t = config[keyPath: a]
                config[keyPath: a] = config[keyPath: b]
                config[keyPath: b] = t
            }
        }
        order(\.quoting.minHalfSpreadBps, \.quoting.maxHalfSpreadBps)
        order(\.risk.positionVelocityWarn, \.risk.positionVelocityPull)
        order(\.risk.positionVelocityPull, \.risk.positionVelocityKill)
        order(\.risk.positionVelocityWarn, \.risk.positionVelocityPull)
        order(\.risk.cascadePull, \.risk.cascadeKill)
        order(\.risk.priceVelocityPull, \.risk.priceVelocityKill)
        order(\.safety.retrySeconds, \.safety.retryMaxSeconds)
        order(\.gates.dataStaleGateSeconds, \.risk.staleDataSeconds)
        if config.gates.dataStaleGateSeconds == config.risk.staleDataSeconds {
            // Both at the bottom (5e-324): only the threshold can move.
            if config.gates.dataStaleGateSeconds.nextDown > 0 {
                config.gates.dataStaleGateSeconds = config.gates.dataStaleGateSeconds.nextDown
            } else {
                config.risk.staleDataSeconds = config.risk.staleDataSeconds.nextUp
            }
        }
        if config.safety.deadMansSwitchSeconds > 0 {
            order(\.safety.deadMansSwitchRenewSeconds, \.safety.deadMansSwitchSeconds)
            if config.safety.deadMansSwitchRenewSeconds == config.safety.deadMansSwitchSeconds {
                config.safety.deadMansSwitchRenewSeconds = config.safety.deadMansSwitchRenewSeconds.nextDown
            }
        }
    }

    /// A config change an operator might send: a valid value of a random field (often
    /// refused anyway: restart-only fields, cross-field rules), or a malformed one.
    mutating func configChange() -> (path: String, value: String) {
        let (parameter, range) = Self.ranges[Int(self.random.next(below: UInt64(Self.ranges.count)))]
        switch self.random.next(below: 10) {
        case 0: return ("no.such_field", "1")
        case 1: return (parameter.path, "not a number")
        case 2: return (parameter.path, "1e400")
        default:
            switch self.value(in: range) {
            case .real(let v): return (parameter.path, "\(v)")
            case .integer(let v): return (parameter.path, "\(v)")
            case .flag(let v): return (parameter.path, "\(v)")
            case .text(let v): return (parameter.path, "\"\(v)\"")
            }
        }
    }
}
