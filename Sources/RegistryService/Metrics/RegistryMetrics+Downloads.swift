import Hummingbird
import Metrics

extension RegistryMetrics {
    /// `response` counting its body's length into `counter` once the body has been written.
    func countingBytes(of response: Response, into counter: Counter) -> Response {
        guard let length = response.headers[.contentLength].flatMap({ Int($0) }), length > 0 else { return response }
        var response = response
        response.body = response.body.withPostWriteClosure { counter.increment(by: length) }
        return response
    }
}
