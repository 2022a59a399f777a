import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `Fixtures/test_server.py`, run with `python3` on a free port of 127.0.0.1.
final class TestServer {
    /// The server could not be started.
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The port the server listens on.
    let port: Int
    private let process: Process

    /// Starts the server and waits, at most `timeout`, for it to print its port.
    init(timeout: Duration = .seconds(10)) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/test_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The server also exits by itself after two minutes, should a test run die before `stop()`.
        process.arguments = ["python3", script.path, "--lifetime", "120"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        do {
            let line = try Self.readLine(from: output.fileHandleForReading.fileDescriptor, timeout: timeout)
            guard let port = Int(line) else {
                throw StartFailure(description: "test server printed \(line.debugDescription), not a port")
            }
            self.port = port
        } catch {
            kill(process.processIdentifier, SIGKILL)
            throw error
        }
    }

    /// Stops the server: `SIGTERM`, then `SIGKILL` if it still runs after two seconds.
    ///
    /// Polls with a limit instead of calling `waitUntilExit()`, which has none.
    func stop() {
        self.process.terminate()
        if !self.waitForExit(within: .seconds(2)) {
            kill(self.process.processIdentifier, SIGKILL)
            _ = self.waitForExit(within: .seconds(2))
        }
    }

    private func waitForExit(within limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while self.process.isRunning && ContinuousClock.now < deadline {
            usleep(10_000)
        }
        return !self.process.isRunning
    }

    /// The URL of `path` (which starts with `/`) on this server.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(self.port)\(path)"
    }

    /// Reads up to the first newline, failing once `timeout` has passed.
    private static func readLine(from fd: Int32, timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "\n")) {
            let remaining = deadline - .now
            guard remaining > .zero else {
                throw StartFailure(description: "test server printed no port within \(timeout)")
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(remaining.components.seconds * 1000 + 1)
            guard poll(&descriptor, 1, milliseconds) > 0 else {
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 64)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else {
                throw StartFailure(description: "test server exited before printing its port")
            }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
