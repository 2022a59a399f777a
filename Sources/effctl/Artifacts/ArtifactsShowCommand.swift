import ArgumentParser
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl artifacts show ID`: one artifact.
struct ArtifactsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one of the registry's artifacts.")

    @OptionGroup var registry: RegistryOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The artifact's id (its sha256), or a unique prefix of it.") var id: String

    func run() async throws {
        let artifact = try await RegistryResolver(client: registry.client()).artifact(id)
        if json {
            try JSONOutput.print(artifact)
            return
        }
        print("id          \(artifact.id)")
        print("variant     \(artifact.variant)")
        print("precision   \(artifact.precision)")
        print("size        \(artifact.sizeBytes) bytes (\(NumberText.mebibytes(artifact.sizeBytes)))")
        print("origin      \(artifact.origin)")
        print("synthetic   \(artifact.synthetic ? "yes" : "no")")
        print(
            "top-1       \(NumberText.percent(artifact.top1 ?? artifact.publishedTop1)) credited "
                + "(\(artifact.top1Source ?? "published"))\(artifact.top1Detail.map { ": " + $0 } ?? "")"
        )
        print("published   \(NumberText.percent(artifact.publishedTop1)) (catalog, \(artifact.precision))")
        if let agreement = artifact.agreement {
            print(
                String(
                    format: "agreement   %d of %d held-out inputs disagree with the FP32 source (%.2f%%; 95%% upper bound %.2f%%)",
                    agreement.disagreements, agreement.inputs, 100 * agreement.disagreementRate, 100 * agreement.disagreementUpperBound))
        } else if artifact.precision == "int8" {
            print("agreement   none recorded")
        }
    }
}
