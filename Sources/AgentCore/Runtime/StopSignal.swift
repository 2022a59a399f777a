import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM and SIGINT into a flag the agent checks between steps, so that it stops at a
/// point where its files and the registry agree.
///
/// `@unchecked Sendable`: the flag is atomic, and the signal sources are only kept alive (set once
/// by ``install(signals:)``, before the signal is shared, and never read).
public final class StopSignal: @unchecked Sendable {
    private let requested = Atomic<Bool>(false)
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    /// Starts listening for `signals` (SIGTERM and SIGINT by default). Call it first thing: it
    /// also unblocks them, since a parent may have started this process with them blocked, and
    /// threads started later inherit the calling thread's mask.
    public func install(signals: [Int32] = [SIGTERM, SIGINT]) {
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in signals { sigaddset(&mask, number) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }

    /// Asks the agent to stop.
    public func request() {
        requested.store(true, ordering: .sequentiallyConsistent)
    }

    public var isRequested: Bool {
        requested.load(ordering: .sequentiallyConsistent)
    }

    /// Sleeps for `duration`, waking early (within 50 ms) when a stop is requested.
    public func sleep(for duration: Duration) async {
        let clock = ContinuousClock()
        let end = clock.now + duration
        while !isRequested, clock.now < end {
            try? await Task.sleep(for: min(.milliseconds(50), end - clock.now))
        }
    }
}
