import Engine
import JSON

/// The state of a running session as one JSON object (`GET /state`): the kill switch,
/// positions, PnL, drawdown, headroom, cascade severity, and each coin's latest spread
/// multipliers, for an operator deciding what to do.
public enum LiveStateReport {
    public static func json(_ driver: LiveDriver) -> String {
        let engine = driver.engine
        let state = engine.state
        var json = JSONWriter()
        json.beginObject()
        json.field("time", state.time)
        json.field("mode", driver.settings.mode.rawValue)
        json.field("feed_connected", driver.isFeedConnected)
        if driver.hasReferenceFeed { json.field("reference_connected", driver.isReferenceConnected) }
        json.key("kill_switch")
        json.beginObject()
        json.field("triggered", engine.isKilled)
        json.key("reasons")
        json.beginArray()
        for reason in state.killReasons { json.value(reason) }
        json.endArray()
        json.field("detail", state.killReason)
        json.field("tripped_at", state.killTrippedAt)
        json.field("flat_at_venue", state.flatAtVenue)
        json.endObject()
        json.field("paused", state.paused)
        json.field("shutting_down", state.shuttingDown)
        json.key("pnl")
        json.beginObject()
        json.field("total", state.totalPnl)
        json.field("daily", state.dailyPnl)
        json.field("peak", state.peakPnl)
        json.key("drawdown")
        if let drawdown = state.drawdown { json.value(drawdown) } else { json.null() }
        json.endObject()
        json.field("headroom", state.headroom)
        json.field("cascade_severity", state.cascadeSeverity)
        json.field("requests_in_flight", Int64(driver.requestsInFlight))
        json.key("coins")
        json.beginArray()
        for coin in state.coins {
            json.beginObject()
            json.field("coin", coin.name)
            json.field("position", coin.position)
            json.field("realized_pnl", coin.realizedPnl)
            json.field("unrealized_pnl", coin.unrealizedPnl)
            json.field("fees", coin.fees)
            json.field("open_orders", Int64(coin.openOrders))
            json.field("unknown_orders", Int64(coin.unknownOrders))
            json.field("last_decision", coin.lastDecision)
            json.key("multipliers")
            json.beginObject()
            if let chain = driver.latestDecisions[coin.name]?.multipliers {
                for (stage, value) in chain.stages { json.key(stage); json.value(value) }
                json.field("shadow_bps", chain.shadowBps)
                json.field("additive_bps", chain.additiveBps)
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }
}
