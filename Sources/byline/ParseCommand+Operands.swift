extension ParseCommand {
    /// Takes the second and later file operands of a `parse` command line out of `arguments`
    /// and returns them in order; ``Byline/main()`` appends them to ``files`` after
    /// ArgumentParser has read the rest.
    ///
    /// ArgumentParser records where each value of an array came from by merging the origins of
    /// every earlier value into each new one, so reading n operands costs time in the square of n
    /// (1,190 files: 0.05 s; 10,000: seconds). Only a plain command line is split so: `parse`
    /// first, then operands and the value options `--format`, `--header` and `--url` (as
    /// `--name value` or `--name=value`). Anything else (`--help`, `--`, an unknown or
    /// misspelled option, an option without its value) leaves `arguments` whole and returns
    /// none, so that ArgumentParser reads and judges all of it as before.
    ///
    /// - Parameter arguments: the command line without the program name.
    /// - Returns: the operands taken out, in command-line order; empty when none were.
    static func setAsideOperands(_ arguments: inout [String]) -> [String] {
        guard arguments.first == "parse" else { return [] }
        let valued: Set<String> = ["--format", "--header", "--url"]
        var kept = ["parse"]
        var operands: [String] = []
        var sawFirst = false
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            if valued.contains(argument) {
                guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("-") else { return [] }
                kept += [argument, arguments[i + 1]]
                i += 2
                continue
            }
            if argument.hasPrefix("-") {
                guard let equals = argument.firstIndex(of: "="), valued.contains(String(argument[..<equals])) else { return [] }
                kept.append(argument)
            } else if sawFirst {
                operands.append(argument)
            } else {
                // The first operand stays, so that ArgumentParser still sees the required FILE.
                kept.append(argument)
                sawFirst = true
            }
            i += 1
        }
        arguments = kept
        return operands
    }
}
