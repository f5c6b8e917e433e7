import Hummingbird
import NIOCore

/// Hummingbird's per-request context plus the client's address, which CGI needs for REMOTE_ADDR / REMOTE_PORT and
/// the access log needs for its first field.
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: String
    let remotePort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let address = source.channel.remoteAddress
        remoteAddress = address?.ipAddress ?? "-"
        remotePort = address?.port ?? 0
    }
}
