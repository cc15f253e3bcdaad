import JSON

/// The JSON bodies the live driver sends that are not signed actions: `/info` requests
/// and feed subscriptions, written by ``JSONWriter`` (names and addresses escaped).
package enum RequestBody {
    /// A flat object of string fields, in order: `{"type":"openOrders","user":"0x…"}`.
    package static func info(_ fields: KeyValuePairs<String, String>) -> String {
        var json = JSONWriter()
        self.object(fields, to: &json)
        return json.text
    }

    /// A feed subscription: `{"method":"subscribe","subscription":{fields}}`.
    package static func subscribe(_ fields: KeyValuePairs<String, String>) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("method", "subscribe")
        json.key("subscription")
        self.object(fields, to: &json)
        json.endObject()
        return json.text
    }

    static func object(_ fields: KeyValuePairs<String, String>, to json: inout JSONWriter) {
        json.beginObject()
        for (key, value) in fields {
            json.key(key)
            json.value(value)
        }
        json.endObject()
    }
}
