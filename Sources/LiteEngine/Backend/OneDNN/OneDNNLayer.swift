import CDNNL
import LiteArtifact

/// One step of the network as a oneDNN primitive with the memories it runs on: its weights
/// (reordered once, into the layout the primitive chose), its bias and views of the activation
/// buffers it reads and writes.
final class OneDNNLayer {
    let name: String
    /// oneDNN objects must not outlive their engine.
    private let context: OneDNNContext
    private let primitive: dnnl_primitive_t
    /// Kept alive for `arguments`.
    private let memories: [OneDNNMemory]
    private let arguments: [dnnl_exec_arg_t]

    /// Creates the primitive of `step` as `recipe` says, reading `source` and writing
    /// `destination` (both buffers owned by the caller, NHWC or a row for the classifier), with
    /// weights copied out of `weights` (the artifact's layout).
    init(
        _ step: NetworkPlan.Step, recipe: OneDNNLayerRecipe, weights: UnsafeRawPointer, context: OneDNNContext,
        source: UnsafeMutableRawPointer, destination: UnsafeMutableRawPointer
    ) throws(EngineError) {
        name = step.layer.name
        self.context = context
        let operation = step.layer.operation
        let isClassifier = step.poolsInput
        var sourceDescriptor =
            isClassifier
            ? try OneDNNDescriptor.row(step.input.channels, recipe.sourceType)
            : try OneDNNDescriptor.activation(step.input, recipe.sourceType)
        var destinationDescriptor =
            isClassifier
            ? try OneDNNDescriptor.row(step.output.channels, recipe.destinationType)
            : try OneDNNDescriptor.activation(step.output, recipe.destinationType)
        var weightDescriptor = try OneDNNDescriptor.any(OneDNNDescriptor.weightDims(operation), recipe.weightType)
        var biasDescriptor = try OneDNNDescriptor.vector(operation.outputChannels, recipe.biasType)

        let attributes = try OneDNNAttributes(recipe)
        let descriptor = try OneDNNPrimitiveDescriptor(
            step, source: &sourceDescriptor, weights: &weightDescriptor, bias: &biasDescriptor, destination: &destinationDescriptor,
            attributes: attributes, context: context)

        guard let chosenWeights = dnnl_primitive_desc_query_md(descriptor.handle, dnnl_query_weights_md, 0) else {
            throw EngineError("oneDNN chose no weight layout for \(step.layer.name)")
        }
        let weightMemory = try OneDNNMemory(chosenWeights, context: context, data: nil)
        var artifactWeights = try OneDNNDescriptor.artifactWeights(operation, recipe.weightType)
        try OneDNNReorder.run(
            from: &artifactWeights, data: UnsafeMutableRawPointer(mutating: weights), to: weightMemory, descriptor: chosenWeights,
            context: context, name: step.layer.name + ".weight")

        let biasMemory = try OneDNNMemory(biasDescriptor, context: context, data: nil)
        let biasData = try biasMemory.data()
        recipe.bias.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { biasData.copyMemory(from: base, byteCount: bytes.count) }
        }
        let sourceMemory = try OneDNNMemory(sourceDescriptor, context: context, data: source)
        let destinationMemory = try OneDNNMemory(destinationDescriptor, context: context, data: destination)
        memories = [sourceMemory, weightMemory, biasMemory, destinationMemory]
        arguments = [
            dnnl_exec_arg_t(arg: DNNL_ARG_SRC, memory: sourceMemory.handle),
            dnnl_exec_arg_t(arg: DNNL_ARG_WEIGHTS, memory: weightMemory.handle),
            dnnl_exec_arg_t(arg: DNNL_ARG_BIAS, memory: biasMemory.handle),
            dnnl_exec_arg_t(arg: DNNL_ARG_DST, memory: destinationMemory.handle),
        ]
        primitive = try OneDNNStatus.create("dnnl_primitive_create(\(step.layer.name))") { dnnl_primitive_create(&$0, descriptor.handle) }
    }

    deinit {
        dnnl_primitive_destroy(primitive)
    }

    /// Runs the layer on the buffers it was built with.
    func execute() throws(EngineError) {
        try context.execute(primitive, arguments, name)
    }
}
