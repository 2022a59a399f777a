import Foundation

/// An exclusive `flock(2)` on a file that agents sharing one machine hold while they measure, so
/// that none of them times its inferences while another one computes. Without it, agents on one
/// host (a simulation, a demo, a multi-tenant device) measure each other's load, not the model.
struct MachineLock: Sendable {
    let path: String

    /// Runs `body` holding the lock, telling it whether another agent held the lock first; waits
    /// for it in 50 ms steps, giving up when `stop` is requested.
    func withLock<T>(stop: StopSignal, _ body: (_ waited: Bool) async throws -> T) async throws -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AgentError("cannot open the machine lock \(path): errno \(errno)") }
        defer { close(descriptor) }  // closing releases the lock
        var waited = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waited = true
            guard errno == EWOULDBLOCK || errno == EINTR else { throw AgentError("cannot lock \(path): errno \(errno)") }
            guard !stop.isRequested else { throw AgentStopped() }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await body(waited)
    }
}
