import Engine
import EngineJournal
import Journal

/// How the engine commands of two versions of a journal compare, input by input: the
/// commands recorded after the n-th input of the old journal against those after the
/// n-th input of the new one. Says what a re-baselining or a regeneration changed.
public struct CommandChange: Sendable {
    /// Where the commands first differ.
    public struct Difference: Sendable {
        /// The seq in the new journal of the first command that differs, or of the input
        /// after which it lacks a command the old journal has.
        public var seq: UInt64
        /// The time of the input after which the commands differ.
        public var time: Int64
        /// The 1-based input after which they differ (0: before the first input).
        public var input: UInt64
        /// The old journal's command there (`nil`: it recorded nothing more after that input).
        public var before: Command?
        /// The new journal's command there (`nil`: it records nothing more after that input).
        public var after: Command?
    }

    public var inputsBefore: UInt64 = 0
    public var commandsBefore: UInt64 = 0
    public var inputsAfter: UInt64 = 0
    public var commandsAfter: UInt64 = 0
    /// `nil`: the commands are the same, input by input.
    public var firstDifference: Difference?

    /// Compares the commands of the journal at `old` with those of the journal at `new`.
    public static func between(_ old: String, _ new: String) throws -> CommandChange {
        var before = try InputGroups(path: old)
        var after = try InputGroups(path: new)
        var change = CommandChange()
        var index: UInt64 = 0
        while true {
            let a = try before.next()
            let b = try after.next()
            guard a != nil || b != nil else { break }
            if let input = b?.input ?? a?.input { index = max(index, input) }
            guard change.firstDifference == nil else { continue }
            let old = a?.commands ?? []
            let new = b?.commands ?? []
            guard !old.elementsEqual(new, by: { $0.command == $1.command }) else { continue }
            let shared = min(old.count, new.count)
            let k = (0..<shared).first { old[$0].command != new[$0].command } ?? shared
            change.firstDifference = Difference(seq: k < new.count ? new[k].seq : (b?.seq ?? a?.seq ?? 0),
                                                time: b?.time ?? a?.time ?? 0, input: index,
                                                before: k < old.count ? old[k].command : nil,
                                                after: k < new.count ? new[k].command : nil)
        }
        change.inputsBefore = before.inputs
        change.commandsBefore = before.commands
        change.inputsAfter = after.inputs
        change.commandsAfter = after.commands
        return change
    }
}

/// A journal read as groups: each input with the commands recorded after it (the first
/// group holds the commands before the first input, if there are any).
private struct InputGroups {
    struct Group {
        var input: UInt64
        var seq: UInt64
        var time: Int64
        var commands: [(seq: UInt64, command: Command)] = []
    }

    let path: String
    let reader: JournalReader
    private(set) var inputs: UInt64 = 0
    private(set) var commands: UInt64 = 0
    private var pending: Group?
    private var finished = false

    init(path: String) throws {
        self.path = path
        self.reader = try JournalReader(path: path)
    }

    /// The next group, or `nil` at the end of the journal.
    mutating func next() throws -> Group? {
        guard !self.finished else { return nil }
        var group = self.pending ?? Group(input: 0, seq: 0, time: 0)
        var started = self.pending != nil
        while let record = try self.reader.next() {
            guard EngineRecord.typeName(ofTag: record.type) != nil else { continue }
            switch try record.decode(in: self.path) {
            case .input:
                self.inputs += 1
                let next = Group(input: self.inputs, seq: record.seq, time: record.time)
                if started || !group.commands.isEmpty {
                    self.pending = next
                    return group
                }
                group = next
                started = true
            case .output(let command):
                self.commands += 1
                group.commands.append((record.seq, command))
            }
        }
        self.finished = true
        return started || !group.commands.isEmpty ? group : nil
    }
}
