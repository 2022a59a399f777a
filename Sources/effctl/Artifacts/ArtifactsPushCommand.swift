import ArgumentParser
import EffCore
import EffCtlCore
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl artifacts push FILE…`: upload artifacts to the registry.
struct ArtifactsPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Upload artifact files to the registry; prints each one's id, variant, precision and size."
    )

    @OptionGroup var registry: RegistryOptions
    @Flag(help: "Print the uploaded artifacts as JSON.") var json = false
    @Argument(help: "Artifact files (.safetensors).") var files: [String]

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("name at least one artifact file")
        }
    }

    func run() async throws {
        let client = try registry.client()
        var uploaded: [(artifact: ArtifactView, file: String)] = []
        for (index, file) in files.enumerated() {
            let start = ContinuousClock.now
            let artifact: ArtifactView
            do {
                artifact = try await client.uploadArtifact(path: file)
            } catch {
                throw CLIError(Self.message(for: error, file: file))
            }
            uploaded.append((artifact, file))
            let took = (ContinuousClock.now - start).text
            progress("pushed \(index + 1) of \(files.count): \(file) (\(NumberText.bytes(artifact.sizeBytes)) in \(took))")
        }
        if json {
            try JSONOutput.print(uploaded.map(\.artifact))
        } else {
            print(ArtifactRows.pushed(uploaded).rendered(), terminator: "")
        }
    }

    /// The error line for `file`; a local file's error names its path already.
    private static func message(for error: some Error, file: String) -> String {
        if case .file? = error as? RegistryClientError { return "\(error)" }
        return "\(file): \(error)"
    }

    /// One line of progress on stderr once a file is up, so stdout stays the table (or JSON) alone and a
    /// failure stays one line.
    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
