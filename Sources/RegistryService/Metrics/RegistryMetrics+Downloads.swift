import CoreMetrics
import Hummingbird

extension RegistryMetrics {
    /// `response` counting every byte of its body into `counter` as it is written.
    func countingBytes(of response: Response, into counter: Counter) -> Response {
        var response = response
        response.body = response.body.map { buffer in
            counter.increment(by: buffer.readableBytes)
            return buffer
        }
        return response
    }
}
