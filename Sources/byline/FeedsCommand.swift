import ArgumentParser

struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "List the stored feeds and their schedule, or export them as OPML.",
        subcommands: [FeedsListCommand.self, FeedsExportCommand.self],
        defaultSubcommand: FeedsListCommand.self)
}
