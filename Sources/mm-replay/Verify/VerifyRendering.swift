import Engine
import JSON
import Journal
import Replay

/// What verifying one journal gave: an outcome, or why it could not be verified.
enum VerifyResult {
    case outcome(VerifyOutcome)
    case failed(String)
}

/// `verify`'s output for one journal, as text or as one JSON object.
enum VerifyRendering {
    /// The most differing fields listed for the first divergence.
    static let fieldLimit = 20
    /// The most order lines listed per side.
    static let orderLimit = 20

    /// Prints the result: identical and divergence reports on standard output, a journal
    /// that could not be verified on standard error. `named`: several journals, so each
    /// report starts with its path.
    static func text(path: String, _ result: VerifyResult, named: Bool) {
        let prefix = named ? path + ": " : ""
        switch result {
        case .failed(let message):
            StandardError.print("error: \(message.hasPrefix(path) ? message : path + ": " + message)")
        case .outcome(.nothingRecorded(let inputs)):
            StandardError.print("error: \(path) records no engine commands (\(inputs) inputs): nothing to verify against; use `mm-replay replay`")
        case .outcome(.identical(let digest, let inputs, let commands)):
            print("\(prefix)identical: \(inputs) inputs, \(commands) commands reproduced bit for bit")
            print("\(named ? "  " : "")digest \(digest)")
        case .outcome(.diverged(let d)):
            var lines = ["\(prefix)diverged at seq \(d.seq), virtual time \(d.time) (\(formatTime(d.time)) UTC)"]
            if let expected = d.expected, let actual = d.actual, expected.kind == actual.kind {
                let differences = FieldDifference.between(expected, actual)
                lines.append("  \(expected.typeName) fields that differ (expected vs actual):")
                for difference in differences.prefix(self.fieldLimit) {
                    lines.append("    \(difference.path): \(difference.expected ?? "(absent)") vs \(difference.actual ?? "(absent)")")
                }
                if differences.count > self.fieldLimit { lines.append("    … \(differences.count - self.fieldLimit) more") }
            }
            if !d.missing.isEmpty || !d.extra.isEmpty {
                lines.append("  orders for that input:")
                for line in d.missing.prefix(self.orderLimit) { lines.append("    missing \(line)") }
                for line in d.extra.prefix(self.orderLimit) { lines.append("    extra   \(line)") }
                let more = max(0, d.missing.count - self.orderLimit) + max(0, d.extra.count - self.orderLimit)
                if more > 0 { lines.append("    … \(more) more") }
            }
            lines.append("  expected: " + (d.expected.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(no further command)"))
            lines.append("  actual:   " + (d.actual.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(no further command)"))
            lines.append("  last inputs before it:")
            for input in d.recentInputs { lines.append("    seq \(input.seq) time \(input.time) (\(formatTime(input.time))) \(input.type)") }
            lines.append("  in all: \(d.divergentInputs) of \(d.inputs) inputs diverged, \(d.divergentCommands) commands unmatched "
                         + "(\(d.recordedCommands) recorded, \(d.actualCommands) re-run)")
            lines.append("  recorded digest \(d.recordedDigest)")
            lines.append("  re-run digest   \(d.actualDigest)")
            print(lines.joined(separator: "\n"))
        }
    }

    /// One JSON object: `path`, `result` (identical | diverged | failed), and its fields.
    static func json(path: String, _ result: VerifyResult, tornTail: TornTail? = nil) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("path", path)
        // A journal cut short by a crash: compared up to its torn tail (null: none).
        json.key("torn_tail")
        if let tornTail {
            json.beginObject()
            json.field("file", tornTail.path)
            json.field("offset", tornTail.offset)
            json.field("bytes", tornTail.bytes)
            json.endObject()
        } else {
            json.null()
        }
        switch result {
        case .failed(let message):
            json.field("result", "failed")
            json.field("error", message)
        case .outcome(.nothingRecorded(let inputs)):
            json.field("result", "failed")
            json.field("error", "no recorded engine commands to compare with")
            json.field("inputs", inputs)
        case .outcome(.identical(let digest, let inputs, let commands)):
            json.field("result", "identical")
            json.field("inputs", inputs)
            json.field("commands", commands)
            json.field("digest", digest)
        case .outcome(.diverged(let d)):
            json.field("result", "diverged")
            json.field("seq", d.seq)
            json.field("time", d.time)
            json.field("time_utc", formatTime(d.time))
            json.field("inputs", d.inputs)
            json.field("divergent_inputs", d.divergentInputs)
            json.field("divergent_commands", d.divergentCommands)
            json.field("recorded_commands", d.recordedCommands)
            json.field("actual_commands", d.actualCommands)
            json.field("recorded_digest", d.recordedDigest)
            json.field("actual_digest", d.actualDigest)
            json.key("expected")
            self.command(d.expected, seq: d.seq, time: d.time, into: &json)
            json.key("actual")
            self.command(d.actual, seq: d.seq, time: d.time, into: &json)
            json.key("fields")
            json.beginArray()
            if let expected = d.expected, let actual = d.actual, expected.kind == actual.kind {
                for difference in FieldDifference.between(expected, actual) {
                    json.beginObject()
                    json.field("path", difference.path)
                    if let value = difference.expected { json.field("expected", value) } else { json.key("expected"); json.null() }
                    if let value = difference.actual { json.field("actual", value) } else { json.key("actual"); json.null() }
                    json.endObject()
                }
            }
            json.endArray()
            json.key("missing_orders")
            json.beginArray()
            for line in d.missing { json.value(line) }
            json.endArray()
            json.key("extra_orders")
            json.beginArray()
            for line in d.extra { json.value(line) }
            json.endArray()
        }
        json.endObject()
        return json.text
    }

    private static func command(_ command: Command?, seq: UInt64, time: Int64, into json: inout JSONWriter) {
        guard let command else { json.null(); return }
        json.beginObject()
        json.field("type", command.typeName)
        command.renderFields(to: &json)
        json.endObject()
    }
}
