import Logging

/// How the registry writes its log lines to standard error.
public enum LogFormat: String, CaseIterable, Sendable {
    /// swift-log's `StreamLogHandler`: `time level label: metadata [module] message`.
    case text
    /// One JSON object per line (``JSONLogHandler``).
    case json

    /// A log handler factory for `LoggingSystem.bootstrap`, at `level`.
    public func handlerFactory(level: Logger.Level) -> @Sendable (String) -> any LogHandler {
        switch self {
        case .text:
            { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
