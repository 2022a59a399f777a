import EffCore
import LiteEngine

/// Proves an artifact can serve before it becomes active: open it, classify one image.
enum ServingCheck {
    /// Classifies a uniform mid-grey photo; returns a one-line account, or throws if the
    /// artifact does not load or its output is not a probability distribution.
    static func run(artifactPath: String, backend: BackendKind, threads: Int) throws -> String {
        let clock = ContinuousClock()
        let start = clock.now
        let session = try InferenceSession(artifactPath: artifactPath, backend: backend, threads: threads)
        let size = session.preprocessor.resolution
        let photo = ModelInput.photo(pixels: [UInt8](repeating: 128, count: size * size * 3), height: size, width: size)
        let top = try session.classify(photo, top: 1)
        let elapsed = clock.now - start
        guard let best = top.first, best.probability.isFinite, best.probability > 0, best.probability <= 1 else {
            throw AgentError("the proof inference gave no valid class probability")
        }
        return "proof inference in \(Int(elapsed.milliseconds.rounded())) ms (load included), top class \(best.classIndex)"
    }
}
