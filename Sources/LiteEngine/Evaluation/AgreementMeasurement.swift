import Foundation
import LiteArtifact

/// Measures an INT8 artifact's top-1 agreement with the FP32 artifact it was quantized from over
/// a held-out ``EvaluationSet``: the evidence the registry credits it with (`Docs/ARTIFACT.md`).
public enum AgreementMeasurement {
    /// The smallest evaluation the issue asks for; `effctl artifacts quantize` refuses fewer.
    public static let minimumInputs = 500
    /// The default number of inputs.
    public static let defaultInputs = 600

    /// The outcome: the evidence to record and every input's comparison.
    public struct Outcome {
        public var evidence: AgreementEvidence
        public var comparison: ArtifactComparison
        public var seconds: Double
    }

    /// Runs `artifact` (INT8) and `reference` (its FP32 source) over the first `inputs` inputs of
    /// `set`, on `backend` with `threads` threads each.
    public static func measure(
        artifact: Artifact, reference: Artifact, set: EvaluationSet, inputs: Int, backend: BackendChoice = .auto, threads: Int = 1
    ) throws(EngineError) -> Outcome {
        guard inputs >= 1 else { throw EngineError("the evaluation needs at least 1 input, got \(inputs)") }
        let started = Date()
        let candidate = try InferenceSession(artifact: artifact, backend: backend, threads: threads)
        let baseline = try InferenceSession(artifact: reference, backend: backend, threads: threads)
        var digest = EvaluationSet.InputDigest()
        let comparison = try ArtifactComparison.compare(candidate, baseline, count: inputs) { index throws(EngineError) in
            let name = set.name(index)
            let input = set.input(index)
            digest.add(name: name, input: input)
            return (name, input)
        }
        let referenceSHA256: String
        do {
            referenceSHA256 = try reference.sha256()
        } catch {
            throw EngineError(error.description)
        }
        let disagreements = comparison.photos.filter { $0.top1 != $0.referenceTop1 }.count
        let decisive = comparison.photos.filter { $0.referenceProbability >= ArtifactComparison.decisiveProbability }
        var evidence = AgreementEvidence(
            referenceSHA256: referenceSHA256, inputs: inputs, disagreements: disagreements,
            top5Overlap: comparison.top5Overlap, meanCosine: comparison.meanCosine,
            backend: candidate.backend.kind.rawValue, referenceBackend: baseline.backend.kind.rawValue,
            set: AgreementEvidence.EvaluationSet(
                recipe: EvaluationSet.recipe, sources: set.sources.map(\.name), sourcesSHA256: set.sourcesSHA256, inputsSHA256: digest.hex))
        evidence.decisiveInputs = decisive.count
        evidence.decisiveDisagreements = decisive.filter { $0.top1 != $0.referenceTop1 }.count
        return Outcome(evidence: evidence, comparison: comparison, seconds: Date().timeIntervalSince(started))
    }
}
