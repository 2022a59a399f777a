import EffCore
import Foundation
import LiteArtifact

/// How closely one artifact's predictions follow another's over a set of photos (for example an
/// INT8 artifact against the FP32 one it was quantized from).
public struct ArtifactComparison: Hashable, Codable, Sendable {
    /// One photo's outcome.
    public struct Photo: Hashable, Codable, Sendable {
        public var name: String
        public var top1: Int
        public var referenceTop1: Int
        /// The reference's softmax probability of its top-1 class.
        public var referenceProbability: Double
        public var top5Overlap: Int
        public var cosine: Double

        enum CodingKeys: String, CodingKey {
            case name, top1, cosine
            case referenceTop1 = "reference_top1"
            case referenceProbability = "reference_probability"
            case top5Overlap = "top5_overlap"
        }
    }

    public var photos: [Photo]

    /// Share of photos whose top-1 classes agree.
    public var top1Agreement: Double { share { $0.top1 == $0.referenceTop1 ? 1 : 0 } }
    /// Top-1 agreement on the photos where the reference is decisive (its top-1 probability is at
    /// least ``decisiveProbability``); near-ties of the reference measure ambiguity, not error.
    public var decisiveTop1Agreement: Double {
        ArtifactComparison(photos: photos.filter { $0.referenceProbability >= Self.decisiveProbability }).top1Agreement
    }
    /// The reference probability from which a prediction counts as decisive.
    public static let decisiveProbability = 0.25
    /// Mean share of the reference's top-5 classes that are also in the artifact's top 5.
    public var top5Overlap: Double { share { Double($0.top5Overlap) / 5 } }
    /// Mean cosine similarity of the logit vectors.
    public var meanCosine: Double { share(\.cosine) }

    private func share(_ value: (Photo) -> Double) -> Double {
        photos.isEmpty ? 0 : photos.map(value).reduce(0, +) / Double(photos.count)
    }

    enum CodingKeys: String, CodingKey {
        case photos
        case top1Agreement = "top1_agreement"
        case decisiveTop1Agreement = "decisive_top1_agreement"
        case top5Overlap = "top5_overlap"
        case meanCosine = "mean_cosine"
    }

    public init(photos: [Photo]) {
        self.photos = photos
    }

    public init(from decoder: any Decoder) throws {
        photos = try decoder.container(keyedBy: CodingKeys.self).decode([Photo].self, forKey: .photos)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(top1Agreement, forKey: .top1Agreement)
        try container.encode(decisiveTop1Agreement, forKey: .decisiveTop1Agreement)
        try container.encode(top5Overlap, forKey: .top5Overlap)
        try container.encode(meanCosine, forKey: .meanCosine)
        try container.encode(photos, forKey: .photos)
    }

    /// Runs both artifacts (backend `backend`, by default the fastest here) over every `.npy` photo in `directory`.
    public static func compare(
        artifact: String, reference: String, photosIn directory: String, backend: BackendChoice = .auto, threads: Int = 1
    ) throws(EngineError) -> ArtifactComparison {
        let candidate = try InferenceSession(artifactPath: artifact, backend: backend, threads: threads)
        let baseline = try InferenceSession(artifactPath: reference, backend: backend, threads: threads)
        let photos = try Calibrator.photos(in: directory, limit: nil)
        return try compare(candidate, baseline, count: photos.count) { index throws(EngineError) in
            (photos[index].lastPathComponent, try ModelInput(contentsOf: photos[index].path))
        }
    }

    /// Runs `candidate` and `baseline` over inputs `0..<count` given by `input`.
    public static func compare(
        _ candidate: InferenceSession, _ baseline: InferenceSession, count: Int,
        input: (Int) throws(EngineError) -> (name: String, input: ModelInput)
    ) throws(EngineError) -> ArtifactComparison {
        guard candidate.artifact.metadata.variant == baseline.artifact.metadata.variant else {
            throw EngineError(
                "artifacts are different variants (\(candidate.artifact.metadata.variant.rawValue) and "
                    + "\(baseline.artifact.metadata.variant.rawValue))"
            )
        }
        var photos: [Photo] = []
        photos.reserveCapacity(count)
        for index in 0..<count {
            let (name, value) = try input(index)
            let logits = try candidate.logits(for: value)
            let expected = try baseline.logits(for: value)
            let top = Set(Classification.top(5, of: logits).map(\.classIndex))
            let expectedScores = Classification.top(5, of: expected)
            let expectedTop = expectedScores.map(\.classIndex)
            photos.append(
                Photo(
                    name: name,
                    top1: Classification.top(1, of: logits).first?.classIndex ?? -1,
                    referenceTop1: expectedTop.first ?? -1,
                    referenceProbability: expectedScores.first?.probability ?? 0,
                    top5Overlap: expectedTop.filter(top.contains).count,
                    cosine: cosine(logits, expected)))
        }
        return ArtifactComparison(photos: photos)
    }

    /// Cosine similarity of two vectors (in double precision).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0
        var normA = 0.0
        var normB = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return normA > 0 && normB > 0 ? dot / (normA.squareRoot() * normB.squareRoot()) : 0
    }
}
