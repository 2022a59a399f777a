import CDNNL
import LiteArtifact
import TensorIO

/// Builds a ``OneDNNGraph`` from a ``NetworkPlan``: the same steps for FP32 and INT8 artifacts,
/// with the numbers of ``OneDNNLayerRecipe``.
enum OneDNNGraphBuilder {
    static func build(plan: NetworkPlan, artifact: Artifact, context: OneDNNContext) throws(EngineError) -> OneDNNGraph {
        guard let classifierStep = plan.steps.last, classifierStep.poolsInput else { throw EngineError("the network has no classifier") }
        let convolutions = Array(plan.steps.dropLast())
        guard let last = convolutions.last else { throw EngineError("the network has no convolutions") }
        let quantization = artifact.metadata.quantization
        let elementSize = quantization == nil ? MemoryLayout<Float>.size : 1
        let largest = convolutions.reduce(plan.inputShape.elementCount) { max($0, $1.output.elementCount) }
        let buffers = OneDNNBuffers(steps: convolutions, capacity: largest * elementSize)

        var layers: [OneDNNLayer] = []
        var parameters: [QuantizationParameters] = []
        var current = quantization?.input
        var currentSlot = buffers.inputSlot
        for (index, step) in convolutions.enumerated() {
            let recipe: OneDNNLayerRecipe
            if let quantization, let input = current {
                let layer = try spec(quantization, step)
                let block = step.residualSource.map { parameters[$0] }
                recipe = OneDNNLayerRecipe.quantized(
                    step, layer: layer, input: input, block: block, weights: try quantizedWeights(artifact, step))
                let output = OneDNNLayerRecipe.outputParameters(step, layer: layer)
                parameters.append(output)
                current = output
            } else {
                recipe = OneDNNLayerRecipe.float(step, bias: try floats(artifact.file, step.layer.biasName))
            }
            layers.append(
                try OneDNNLayer(
                    step, recipe: recipe, weights: try artifact.file.weightBytes(step.layer.weightName), context: context,
                    source: buffers[currentSlot], destination: buffers[buffers.slots[index]]))
            currentSlot = buffers.slots[index]
        }

        let pooled = UnsafeMutableRawPointer.allocate(byteCount: max(classifierStep.input.channels * 4, 64), alignment: 64)
        let sums = UnsafeMutablePointer<Int32>.allocate(capacity: classifierStep.input.channels)
        let logits = UnsafeMutableRawPointer.allocate(byteCount: plan.outputCount * 4, alignment: 64)
        var pooledQuantization: QuantizationParameters?
        var logitQuantization: QuantizationParameters?
        let classifierRecipe: OneDNNLayerRecipe
        do throws(EngineError) {
            if let quantization {
                let layer = try spec(quantization, classifierStep)
                guard let pooledParameters = layer.pooled else { throw EngineError("classifier has no pooled quantization") }
                pooledQuantization = pooledParameters
                logitQuantization = layer.output
                classifierRecipe = OneDNNLayerRecipe.quantized(
                    classifierStep, layer: layer, input: pooledParameters, block: nil,
                    weights: try quantizedWeights(artifact, classifierStep))
            } else {
                classifierRecipe = OneDNNLayerRecipe.float(classifierStep, bias: try floats(artifact.file, classifierStep.layer.biasName))
            }
            let classifier = try OneDNNLayer(
                classifierStep, recipe: classifierRecipe, weights: try artifact.file.weightBytes(classifierStep.layer.weightName),
                context: context,
                source: pooled, destination: logits)
            return OneDNNGraph(
                inputQuantization: quantization?.input, inputCount: plan.inputShape.elementCount, outputCount: plan.outputCount,
                layers: layers, classifier: classifier, buffers: buffers, featureSlot: currentSlot, featureShape: last.output,
                featureQuantization: current, pooledQuantization: pooledQuantization, logitQuantization: logitQuantization,
                pooled: pooled, sums: sums, logits: logits)
        } catch {
            pooled.deallocate()
            sums.deallocate()
            logits.deallocate()
            throw error
        }
    }

    private static func spec(_ quantization: QuantizationSpec, _ step: NetworkPlan.Step) throws(EngineError) -> QuantizationSpec.Layer {
        do {
            return try quantization.layer(step.layer.name)
        } catch {
            throw EngineError(error.description)
        }
    }

    private static func quantizedWeights(_ artifact: Artifact, _ step: NetworkPlan.Step) throws(EngineError) -> QuantizedLayerWeights {
        do {
            return try artifact.quantizedWeights(of: step.layer)
        } catch {
            throw EngineError(error.description)
        }
    }

    private static func floats(_ file: SafeTensorsFile, _ name: String) throws(EngineError) -> [Float] {
        do {
            return try file.floats(name)
        } catch {
            throw EngineError(error.description)
        }
    }
}
