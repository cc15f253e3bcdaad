import Engine
import Foundation
@testable import Live
import TestSupport
import Testing

@Suite(.tags(.unit)) struct CheckpointStoreTests {
    static func directory() -> String {
        temporaryPath("checkpoint")
    }

    /// Written atomically (no temporary file left), read back exactly; a reset keeps the
    /// trip it clears beside it; the default path names the network and the account, not
    /// the journal.
    @Test func savesAtomicallyAndKeepsTheTripAReset() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = CheckpointStore.path(stateDirectory: directory, network: "http://127.0.0.1:3001", scope: "0xABC")
        #expect(path == directory + "/killswitch-127.0.0.1-3001-0xabc.json")
        let store = CheckpointStore(path: path)
        #expect(try store.load() == nil)
        let tripped = KillSwitchCheckpoint(triggered: true, reasons: [.maxLoss(loss: 600, limit: 500)], time: 2_000, triggeredAt: 1_000)
        try store.save(tripped)
        #expect(try store.load() == tripped)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [(path as NSString).lastPathComponent])
        try store.save(KillSwitchCheckpoint(triggered: false, reasons: [], time: 3_000))
        #expect(try store.load()?.triggered == false)
        #expect(try CheckpointStore(path: store.lastTripPath).load() == tripped)
        #expect(CheckpointStore.defaultStateDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/mm-live")
        #expect(CheckpointStore.defaultStateDirectory(environment: ["HOME": "/h", "XDG_STATE_HOME": "/x"]) == "/x/mm-live")
        #expect(CheckpointStore.defaultStateDirectory(environment: ["HOME": "/h", "MM_STATE_DIR": "/m"]) == "/m")
    }

    /// Checkpoints written before the JSON module (Foundation's `JSONEncoder`: sorted keys,
    /// `/` escaped) still load, and one without a `/` is written with the same bytes as
    /// then (the checkpoint of `recordings/kill-switch-restart.mmj`'s header).
    @Test func checkpointsFoundationWroteStillLoadAndKeepTheirBytes() throws {
        let directory = Self.directory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = #"{"reasons":[{"manual":{"reason":"ops\/incident 42"}},{"maxLoss":{"limit":500,"loss":600.5}}],"time":2000,"triggered":true,"triggeredAt":1000}"#
        let path = directory + "/killswitch.json"
        try (old + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CheckpointStore(path: path).load()
            == KillSwitchCheckpoint(triggered: true, reasons: [.manual(reason: "ops/incident 42"), .maxLoss(loss: 600.5, limit: 500)], time: 2_000, triggeredAt: 1_000))
        let recorded = KillSwitchCheckpoint(triggered: true, reasons: [.manual(reason: "incident before restart")], time: 1_737_846_000_000_000_000)
        let written = directory + "/written.json"
        try CheckpointStore(path: written).save(recorded)
        #expect(try String(contentsOfFile: written, encoding: .utf8)
            == #"{"reasons":[{"manual":{"reason":"incident before restart"}}],"time":1737846000000000000,"triggered":true}"# + "\n")
    }

    /// An unreadable checkpoint is an error that says what to do, never "no checkpoint"
    /// (before: unreadable meant "start without it").
    @Test(arguments: ["", "{", #"{"triggered":true,"reasons":[],"time":1}"#, #"{"triggered":"yes","reasons":[],"time":1}"#, "\u{0}\u{1}"])
    func unreadableCheckpointsRefuse(text: String) throws {
        let directory = Self.directory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/killswitch.json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try CheckpointStore(path: path).load() } throws: { error in
            "\(error)".contains("Refusing to trade") && "\(error)".contains(path)
        }
    }

    /// Checkpoints written before the trip time was recorded still read (their save time
    /// stands in for it).
    @Test func oldCheckpointsStillRead() throws {
        let directory = Self.directory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/old.json"
        try #"{"reasons":[{"manual":{"reason":"x"}}],"time":5,"triggered":true}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try #require(try CheckpointStore(path: path).load())
        #expect(loaded.tripTime == 5 && loaded.triggeredAt == nil)
    }
}
