import Engine
@testable import Replay
import Testing

@Suite struct StoryTests {
    /// One trip is recorded once per coin; the story and `backtest --json`'s
    /// `kill_switch_triggers` list it once (before: once per coin, same seq and reason).
    @Test func aTripIsListedOnce() {
        var story = StoryBuilder(config: EngineConfig())
        for coin in ["BTC", "ETH"] {
            story.observe(.decision(DecisionRecord(coin: coin, fields: [DecisionField("reason", .text("kill_switch")),
                                                                        DecisionField("kill_reason", .text("Manual: drill"))])), seq: 7, time: 70)
        }
        #expect(story.killSwitchTriggers.map(\.what) == ["Manual: drill"])
        #expect(story.entries.filter { $0.what.contains("KILL SWITCH") }.count == 1)
        // Fills and baselines are notes, not quote cycles.
        story.observe(.decision(DecisionRecord(coin: "BTC", fields: [DecisionField("reason", .text("fill"))])), seq: 8, time: 80)
        #expect(!story.entries.contains { $0.what.contains("quoting") })
    }
}
