import Synchronization

/// The sink behind the buffered ``CGIApplication/handle(_:)``: collects the one response into a
/// ``CGIResponse``. With ``CGIStreamBuffering/wholeResponse`` the head only comes once the guest has ended, so
/// every failure is still a clean 5xx, as the buffered API promises.
final class CGIResponseCollector: CGIResponseSink {
    private let collected = Mutex(CGIResponse(status: 500))

    var response: CGIResponse { collected.withLock { $0 } }

    func head(status: Int, headers: [(name: String, value: String)]) {
        collected.withLock {
            $0.status = status
            $0.headers = headers
        }
    }

    func body(_ chunk: [UInt8]) {
        collected.withLock { response in
            // Usually the only piece: take it without copying.
            if response.body.isEmpty { response.body = chunk } else { response.body += chunk }
        }
    }

    func end(error: CGIStreamError?) {}
}
