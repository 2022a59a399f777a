import Foundation
import Logging

/// Keeps the lines an agent logs, so a test can read what an operator would.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(level: Logger.Level, message: String)] = []

    /// Every line logged so far, oldest first.
    var lines: [(level: Logger.Level, message: String)] { lock.withLock { stored } }

    /// A logger whose lines end up here.
    func logger() -> Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    fileprivate func record(_ level: Logger.Level, _ message: String) {
        lock.withLock { stored.append((level, message)) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.record(event.level, event.message.description)
        }
    }
}
