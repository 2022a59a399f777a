import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` for the BuildInfo target before every build: the git commit of the
/// package's checkout, or `unknown` where there is none (a tarball, a copy without `.git`, no git).
///
/// The file is rewritten only when the commit changed, so an unchanged checkout recompiles nothing.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        return [
            .prebuildCommand(
                displayName: "Recording the git commit for \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "build-info", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output
            )
        ]
    }

    /// `$1` is the package's folder, `$2` the output folder. Only the package's own repository
    /// counts: a copy without `.git` inside another repository is `unknown`, not that repository's commit.
    private static let script = #"""
        set -u
        commit=unknown
        top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null) || top=
        if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$1" && pwd -P)" ]; then
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
        fi
        mkdir -p "$2"
        file="$2/BuildCommit.swift"
        printf '%s\n' '// Generated at build time by Plugins/BuildInfoPlugin; not in the repository.' \
            'extension BuildInfo {' \
            '    /// The git commit this binary was built from (12 hex digits), or `unknown`.' \
            "    public static let commit = \"$commit\"" \
            '}' > "$file.new"
        if cmp -s "$file.new" "$file"; then rm -f "$file.new"; else mv "$file.new" "$file"; fi
        """#
}
