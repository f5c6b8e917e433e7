/// What the bridge hands back to the HTTP host: always a complete response, whatever the guest did.
public struct CGIResponse: Sendable {
    public var status: Int
    /// Header fields in the order the guest wrote them; repeated fields (Set-Cookie) stay separate and in order.
    /// The CGI-only `Status` field is consumed, never passed on.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every header with this name (case-insensitive), in order.
    public func headers(named name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// A plain-text error response the bridge produces itself when the guest gave no usable answer.
    static func gatewayError(_ status: Int, _ reason: String) -> CGIResponse {
        CGIResponse(status: status, headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")],
                    body: Array("\(status) \(reason)\n".utf8))
    }
}
