/// Descriptions of the metrics Hummingbird's `MetricsMiddleware` records (Hummingbird 2.28:
/// `hb.requests`, `hb.request.errors`, `http.server.request.duration`, `http.server.active_requests`),
/// exported as `PREFIX_http_requests_total{route, method, status}` and so on.
public enum HTTPServerMetrics {
    /// The middleware's labels and the names its metrics are exported under, each prefixed with `prefix` and `_`.
    public static func descriptions(prefix: String) -> [String: MetricDescription] {
        let labels = [
            "http.route": "route", "http.request.method": "method", "http.response.status_code": "status", "error.type": "status",
        ]
        return [
            "hb.requests": MetricDescription(
                name: "\(prefix)_http_requests_total", help: "HTTP requests answered, by route, method and status.", labels: labels),
            "hb.request.errors": MetricDescription(
                name: "\(prefix)_http_request_errors_total", help: "HTTP requests answered with an error thrown by a route, by status.",
                labels: labels),
            "http.server.request.duration": MetricDescription(
                name: "\(prefix)_http_request_duration_seconds", help: "Time from a request's arrival to its response's last byte.",
                labels: labels,
                buckets: .durations([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10].map { Duration.seconds($0) })),
            "http.server.active_requests": MetricDescription(
                name: "\(prefix)_http_active_requests", help: "HTTP requests being answered now, by method.", labels: labels),
        ]
    }
}
