import ArgumentParser
import EffCtlCore

extension EffCtl {
    /// The line for a mistyped subcommand, `unknown subcommand 'lst' of effctl fleets; did you mean 'list'?`,
    /// or nil when `arguments` (without the program) name known subcommands as far as they go.
    static func unknownSubcommand(in arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = EffCtl.self
        var path = ["effctl"]
        // Only the leading words: after the first option, words may be option values.
        for word in arguments.prefix(while: { !$0.hasPrefix("-") }) {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            guard let next = subcommands.first(where: { $0._commandName == word }) else {
                let names = subcommands.map { $0._commandName }
                let suggestion = CommandSuggestion.closest(to: word, among: names).map { "did you mean '\($0)'?" }
                return "unknown subcommand '\(word)' of \(path.joined(separator: " ")); "
                    + (suggestion ?? "one of: \(names.joined(separator: ", "))")
            }
            command = next
            path.append(word)
        }
        return nil
    }
}
