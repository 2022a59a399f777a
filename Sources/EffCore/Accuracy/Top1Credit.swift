import Foundation

/// The ImageNet top-1 (%) the planner credits an artifact with, and where that figure comes from.
///
/// - FP32: the published FP32 figure of its variant (`published-fp32`).
/// - INT8 with a recorded agreement with its FP32 source (`k` of `n` held-out inputs whose top-1
///   classes differ): the published FP32 figure minus the one-sided 95 % Clopper–Pearson upper
///   bound on the disagreement rate (`fp32-minus-disagreement`). On any input where the two top-1
///   classes agree, INT8 is right exactly when FP32 is; so INT8's top-1 loss is at most the
///   disagreement rate, whatever the labels.
/// - INT8 without one (artifacts quantized before agreement was recorded): the published INT8
///   figure (`published-int8`), which belongs to TFLite's own quantization recipe, said so.
public struct Top1Credit: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable, CaseIterable {
        case publishedFP32 = "published-fp32"
        case publishedINT8 = "published-int8"
        case fp32MinusDisagreement = "fp32-minus-disagreement"
    }

    /// A recorded top-1 agreement: `disagreements` of `inputs` held-out inputs.
    public struct Agreement: Hashable, Sendable {
        public var inputs: Int
        public var disagreements: Int
        public var confidence: Double

        public init(inputs: Int, disagreements: Int, confidence: Double = Top1Credit.confidence) {
            self.inputs = inputs
            self.disagreements = disagreements
            self.confidence = confidence
        }

        /// Observed disagreement rate.
        public var rate: Double { inputs > 0 ? Double(disagreements) / Double(inputs) : 1 }
        /// One-sided upper confidence bound on the disagreement rate (Clopper–Pearson).
        public var upperBound: Double {
            BinomialBound.clopperPearsonUpper(successes: disagreements, trials: inputs, confidence: confidence)
        }
    }

    /// The confidence of the bound the planner uses.
    public static let confidence = 0.95

    /// Credited top-1, in percent.
    public var top1: Double
    public var source: Source
    /// One sentence: the arithmetic and where each number comes from.
    public var detail: String

    /// The credit for an artifact of `precision`, from its variant's published figures and, for
    /// INT8, its recorded agreement; nil without published figures.
    public static func credit(precision: Precision, published: VariantCatalog.Published?, agreement: Agreement?) -> Top1Credit? {
        guard let published else { return nil }
        switch precision {
        case .fp32:
            return Top1Credit(
                top1: published.top1FP32, source: .publishedFP32,
                detail: "published FP32 top-1 \(format(published.top1FP32)) % (\(published.source))")
        case .int8:
            guard let agreement, agreement.inputs > 0 else {
                return Top1Credit(
                    top1: published.top1INT8, source: .publishedINT8,
                    detail:
                        "published INT8 top-1 \(format(published.top1INT8)) % (\(published.source), TFLite's own quantization recipe): "
                        + "this artifact records no agreement with its FP32 source"
                )
            }
            let bound = 100 * agreement.upperBound
            let top1 = max(published.top1FP32 - bound, 0)
            return Top1Credit(
                top1: top1, source: .fp32MinusDisagreement,
                detail:
                    "published FP32 top-1 \(format(published.top1FP32)) % − \(format(bound)) % = \(format(top1)) %: "
                    + "\(format(bound)) % is "
                    + "the one-sided \(Int((100 * agreement.confidence).rounded())) % \(BinomialBound.method) upper bound on the "
                    + "top-1 disagreement with the FP32 source (\(agreement.disagreements) of \(agreement.inputs) held-out inputs, "
                    + "\(format(100 * agreement.rate)) %)"
            )
        }
    }

    /// Two decimals, trailing zeros dropped.
    static func format(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
