import Hyperliquid
import JSON

extension SimVenue {
    /// The plain-text greeting the exchange sends on every new connection.
    public static let greeting = "Websocket connection established."

    /// How long a connection may stay silent (no message from the client) before the
    /// server closes it.
    public static let idleTimeoutNanoseconds: Int64 = 60_000_000_000

    /// Handles one text message from a WebSocket client.
    public func handle(message text: String, session: inout WebSocketSession, now: Int64) -> [WebSocketOutput] {
        self.handle(message: text, parsed: try? OrderedJSON(parsing: text), session: &session, now: now)
    }

    /// Handles one text message already parsed (`nil`: not JSON) outside the venue's
    /// lock; `text` is echoed in error frames.
    public func handle(message text: String, parsed: OrderedJSON?, session: inout WebSocketSession, now: Int64) -> [WebSocketOutput] {
        session.lastHeard = now
        // Built only when needed (it echoes the whole message).
        var invalid: WebSocketOutput { .reply(SimWire.frame("error", .string("Error parsing JSON into valid websocket request: \(text.prefix(4_096))"))) }
        guard let request = parsed, case .string(let method)? = request["method"] else { return [invalid] }
        switch method {
        case "ping":
            return [.reply(OrderedJSON.object([("channel", .string("pong"))]).text)]
        case "subscribe", "unsubscribe":
            guard let subscription = request["subscription"], let (topic, echo) = self.topic(of: subscription) else { return [invalid] }
            if method == "unsubscribe" {
                guard session.follows(topic) else { return [.reply(SimWire.frame("error", .string("Already unsubscribed: \(subscription.text)")))] }
                session.remove(topic)
                self.unfollow(topic)
                return [.reply(self.acknowledgement(method, echo))]
            }
            guard !session.follows(topic) else { return [.reply(SimWire.frame("error", .string("Already subscribed: \(subscription.text)")))] }
            if let problem = session.limitProblem(adding: topic) { return [.reply(SimWire.frame("error", .string(problem)))] }
            session.add(topic)
            self.followers[topic, default: 0] += 1
            return [.reply(self.acknowledgement(method, echo))] + self.snapshot(of: topic, now: now).map { .reply($0) }
        case "post":
            guard case .integer(let id)? = request["id"], let body = request["request"], case .string(let kind)? = body["type"],
                  let payload = body["payload"] else { return [invalid] }
            switch kind {
            case "info":
                switch self.info(payload, now: now) {
                case .success(let (value, _)):
                    var infoType = "info"
                    if case .string(let type)? = payload["type"] { infoType = type }
                    let wrapped = OrderedJSON.object([("type", .string(infoType)), ("data", value)])
                    return [.reply(self.postFrame(id: id, type: "info", payload: wrapped))]
                case .failure(let error):
                    return [.reply(self.postFrame(id: id, type: "error", payload: .string("422 Unprocessable Entity: Failed to deserialize the JSON body into the target type: \(error.detail)")))]
                }
            case "action":
                switch self.admit(payload, now: now) {
                case .refused(let answer): return [.reply(self.postReply(id: id, answer: answer))]
                case .accepted(let prepared): return [.action(id: id, prepared)]
                }
            default:
                return [invalid]
            }
        default:
            return [invalid]
        }
    }

    /// The `post` reply carrying an `/exchange` answer.
    public func postReply(id: Int64, answer: HTTPAnswer) -> String {
        guard answer.status == 200, let payload = try? OrderedJSON(parsing: answer.body) else {
            return self.postFrame(id: id, type: "error", payload: .string("\(answer.status): \(answer.body)"))
        }
        return self.postFrame(id: id, type: "action", payload: payload)
    }

    func postFrame(id: Int64, type: String, payload: OrderedJSON) -> String {
        SimWire.frame("post", .object([("id", .integer(id)), ("response", .object([("type", .string(type)), ("payload", payload)]))]))
    }

    /// Forgets a closed connection's subscriptions.
    public func close(_ session: WebSocketSession) {
        for topic in session.topics { self.unfollow(topic) }
    }

    /// One follower less for `topic`; a topic nobody follows is forgotten (the count of
    /// every topic ever subscribed was kept: ~180 bytes per topic, never freed).
    func unfollow(_ topic: String) {
        let remaining = self.followers[topic, default: 1] - 1
        self.followers[topic] = remaining > 0 ? remaining : nil
    }

    func acknowledgement(_ method: String, _ subscription: OrderedJSON) -> String {
        SimWire.frame("subscriptionResponse", .object([("method", .string(method)), ("subscription", subscription)]))
    }

    /// The topic a subscription follows and the subscription as the ack echoes it; nil
    /// for an unknown type, a missing or malformed field, or an unlisted coin.
    func topic(of subscription: OrderedJSON) -> (String, OrderedJSON)? {
        guard case .string(let type)? = subscription["type"] else { return nil }
        func coin() -> String? {
            guard case .string(let coin)? = subscription["coin"], self.assets[coin] != nil else { return nil }
            return coin
        }
        func user() -> String? {
            guard case .string(let user)? = subscription["user"], AccountList.isAddress(user) else { return nil }
            return user.lowercased()
        }
        switch type {
        case "l2Book", "trades", "bbo":
            guard let coin = coin() else { return nil }
            return ("\(type):\(coin)", subscription)
        case "allMids":
            return ("allMids", subscription)
        case "orderUpdates", "userFundings", "clearinghouseState", "openOrders":
            guard let user = user() else { return nil }
            return ("\(type):\(user)", .object([("type", .string(type)), ("user", .string(user))]))
        case "userEvents":
            guard let user = user() else { return nil }
            return ("user:\(user)", .object([("type", .string(type)), ("user", .string(user))]))
        case "userFills":
            guard let user = user() else { return nil }
            var aggregate = false
            if case .bool(let value)? = subscription["aggregateByTime"] { aggregate = value }
            return ("userFills:\(user)", .object([("type", .string(type)), ("user", .string(user)), ("aggregateByTime", .bool(aggregate))]))
        default:
            return nil
        }
    }

    /// What a new subscriber gets right after the ack.
    func snapshot(of topic: String, now: Int64) -> [String] {
        let parts = topic.split(separator: ":", maxSplits: 1).map(String.init)
        let kind = parts[0]
        let key = parts.count > 1 ? parts[1] : ""
        switch kind {
        case "l2Book":
            return self.books[key].map { [SimWire.frame("l2Book", SimWire.book($0, time: self.bookTimes[key] ?? self.lastNow))] } ?? []
        case "bbo":
            return self.books[key].map { [SimWire.frame("bbo", SimWire.bbo($0, time: self.bookTimes[key] ?? self.lastNow))] } ?? []
        case "trades":
            let recent = self.recentTrades[key] ?? []
            return recent.isEmpty ? [] : [SimWire.frame("trades", .array(recent))]
        case "allMids":
            return [SimWire.frame("allMids", .object([("mids", self.mids)]))]
        case "userFills":
            let fills = (self.accounts[key]?.fills ?? []).suffix(2_000).map(SimWire.fill)
            return [SimWire.frame("userFills", .object([("isSnapshot", .bool(true)), ("user", .string(key)), ("fills", .array(Array(fills)))]))]
        case "userFundings":
            return [SimWire.frame("userFundings", .object([("isSnapshot", .bool(true)), ("user", .string(key)), ("fundings", .array([]))]))]
        case "openOrders":
            return [SimWire.frame("openOrders", self.openOrdersFrame(of: key))]
        case "clearinghouseState":
            let data = OrderedJSON.object([("dex", .string("")), ("user", .string(key)), ("clearinghouseState", self.clearinghouseState(of: key, now: now))])
            return [SimWire.frame("clearinghouseState", data)]
        default:
            return []
        }
    }
}
