import Engine
import Hyperliquid

/// What an `/info` request is for.
enum InfoPurpose: Sendable {
    /// One half of an account read (clearinghouseState or openOrders).
    case accountState(read: UInt64)
    case openOrders(read: UInt64)
    /// A lookup of a lost outcome.
    case orderStatus(coin: String, clientOrderID: ClientOrderID)
    case rateLimit
}

/// An account read in progress: the two answers it needs.
struct AccountRead: Sendable {
    var startup: Bool
    var state: String?
    var orders: String?
    var failure: String?
}

extension LiveDriver {
    func postInfo(_ body: String, purpose: InfoPurpose) {
        let id = self.nextInfoID
        self.nextInfoID += 1
        self.infoPurposes[id] = purpose
        self.effects.append(.postInfo(InfoRequest(id: id, body: body)))
    }

    /// Reads the account (positions, value, open orders): at start (the baseline, before
    /// the feed connects) or when the engine asks.
    func readAccount(startup: Bool) {
        guard let address = self.settings.address else { return }
        let read = self.nextInfoID
        self.accountReads[read] = AccountRead(startup: startup)
        self.postInfo(RequestBody.info(["type": "clearinghouseState", "user": address]), purpose: .accountState(read: read))
        self.postInfo(RequestBody.info(["type": "openOrders", "user": address]), purpose: .openOrders(read: read))
    }

    /// Carries out an engine query against the venue.
    func ask(_ query: VenueQuery) {
        guard let address = self.settings.address else { return }
        switch query {
        case .account:
            self.readAccount(startup: false)
        case .orderStatus(let coin, let id):
            self.postInfo(RequestBody.info(["type": "orderStatus", "user": address, "oid": id.description]), purpose: .orderStatus(coin: coin, clientOrderID: id))
        }
    }

    /// An `/info` answer (or failure): account reads become one `account` input when both
    /// halves are in; lookups become `orderLookup` inputs; rate-limit polls `rateLimit`
    /// inputs. A failed read is logged; the engine asks again on its own schedule (a
    /// failed start-up read is retried with backoff, then the session gives up).
    func infoOutcome(id: UInt64, status: Int?, body: String?, failure: String?) {
        guard let purpose = self.infoPurposes.removeValue(forKey: id) else { return }
        var problem = failure
        if problem == nil, let status, status != 200 { problem = "HTTP \(status): \((body ?? "").prefix(200))" }
        switch purpose {
        case .accountState(let read), .openOrders(let read):
            guard var account = self.accountReads[read] else { return }
            if let problem { account.failure = problem } else if case .accountState = purpose { account.state = body } else { account.orders = body }
            if account.failure == nil && (account.state == nil || account.orders == nil) {
                self.accountReads[read] = account
                return
            }
            if account.failure != nil && self.infoPurposes.values.contains(where: { $0.read == read }) {
                self.accountReads[read] = account  // wait for the other half before deciding
                return
            }
            self.accountReads[read] = nil
            self.finishAccountRead(account)
        case .orderStatus(let coin, let clientOrderID):
            if let problem {
                self.log(.warning, "order lookup \(clientOrderID) failed: \(problem); the engine asks again")
                return
            }
            do {
                self.ingest(.orderLookup(try InfoResponse.orderLookup(body ?? "", coin: coin, clientOrderID: clientOrderID)))
            } catch {
                self.log(.warning, "order lookup \(clientOrderID): undecodable answer: \(error)")
            }
        case .rateLimit:
            guard problem == nil, let body, let status = try? InfoResponse.rateLimit(body) else {
                self.log(.warning, "userRateLimit poll failed: \(problem ?? "undecodable answer")")
                return
            }
            self.ingest(.rateLimit(status))
        }
    }

    private func finishAccountRead(_ read: AccountRead) {
        var snapshot: AccountSnapshot?
        var problem = read.failure
        if problem == nil, let state = read.state, let orders = read.orders {
            do { snapshot = try InfoResponse.accountSnapshot(clearinghouseState: state, openOrders: orders) } catch { problem = "undecodable answer: \(error)" }
        }
        if let snapshot {
            self.ingest(.account(snapshot))
            if read.startup {
                // After the engine's first input: a loaded checkpoint is applied by then.
                let orders = snapshot.openOrders?.count ?? 0
                let positions = snapshot.positions.map { "\($0.coin) \($0.size)" }.joined(separator: ", ")
                self.log(.info, "start: account value \(snapshot.accountValue), positions \(positions.isEmpty ? "none" : positions), \(orders) open orders"
                    + (orders > 0 ? (self.engine.config.safety.adoptOrphans ? " (adopted)" : " (cancelled)") : "")
                    + "; \(self.startingKillSwitchSummary)")
            }
            if read.startup && !self.running {
                if self.shutdownRequested {
                    // Asked to stop during start-up: cancel what an earlier session left,
                    // without quoting.
                    self.ingest(.operator(.shutdown(reason: "stopped during start-up")))
                } else {
                    self.beginRunning()
                }
            }
            return
        }
        let why = problem ?? "no answer"
        guard read.startup else {
            self.log(.warning, "account read failed: \(why); the engine asks again")
            return
        }
        self.startupFailures += 1
        guard self.startupFailures < self.settings.startupAttempts else {
            self.log(.error, "start: could not read the account after \(self.startupFailures) attempts (\(why)); not trading")
            self.exitCode = 1
            self.finish(confirmed: true)
            return
        }
        let delay = Int64(1) << Int64(min(self.startupFailures - 1, 6))
        self.log(.warning, "start: account read failed (\(why)); retrying in \(delay) s")
        self.startupRetryAt = self.now &+ delay &* Nanoseconds.perSecond
    }

    /// An `/exchange` outcome: decoded into one response per order of the request (a
    /// lost or undecodable answer, or an HTTP status other than 200 and 429, is an
    /// `unknown` outcome: the order stays in doubt until the venue says), journaled and
    /// given to the engine; then requests held behind it go out.
    func exchangeOutcome(id: UInt64, status: Int?, body: String?, failure: String?) {
        guard let request = self.gateway.inFlight[id] else { return }
        var responses: [OrderResponse] = []
        var unknown: String?
        if let failure {
            unknown = failure
        } else if let status, let body {
            if status == 200 {
                if let kind = request.kind {
                    do { responses = try ExchangeResponse.decode(body, kind: kind, items: request.items) } catch { unknown = "undecodable answer: \(error)" }
                } else if body.contains("\"err\"") {
                    self.log(.warning, "\(request.label): \(body.prefix(200))")
                }
            } else if status == 429 {
                let message = "HTTP 429: \(body.prefix(200))"
                responses = request.items.map { OrderResponse(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: $0.orderID, outcome: .rateLimited(message: message)) }
                if request.kind == nil { self.log(.warning, "\(request.label): \(message)") }
            } else {
                unknown = "HTTP \(status): \(body.prefix(200))"
            }
        }
        if let unknown {
            self.counters.unknownOutcomes += 1
            self.log(.warning, "\(request.label): outcome unknown (\(unknown))" + (request.kind == nil ? "" : "; asking the venue"))
            responses = request.items.map { OrderResponse(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: $0.orderID, outcome: .unknown(message: unknown)) }
        }
        for response in responses {
            switch response.outcome {
            case .rejected(let message), .cancelRejected(let message), .rateLimited(let message):
                self.log(.info, "\(request.label): \(response.coin) \(response.clientOrderID.map { "\($0)" } ?? response.orderID.map { "oid \($0)" } ?? "-"): \(message)")
            default: break
            }
        }
        let released = self.gateway.complete(id, at: self.now)
        for response in responses { self.ingest(.orderResponse(response)) }
        // The address limit's error states the count and the cap: the engine's headroom.
        for response in responses {
            if case .rateLimited(let message) = response.outcome, let status = ExchangeResponse.rateLimitStatus(in: message) {
                self.ingest(.rateLimit(status))
                break
            }
        }
        for request in released { self.send(request) }
    }
}

extension InfoPurpose {
    /// The account read this request belongs to, if any.
    var read: UInt64? {
        switch self {
        case .accountState(let read), .openOrders(let read): return read
        default: return nil
        }
    }
}
