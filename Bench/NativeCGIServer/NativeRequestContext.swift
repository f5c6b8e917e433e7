import Hummingbird
import NIOCore

/// Hummingbird's request context plus the client's address (REMOTE_ADDR / REMOTE_PORT), as in php-server.
struct NativeRequestContext: RequestContext {
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
