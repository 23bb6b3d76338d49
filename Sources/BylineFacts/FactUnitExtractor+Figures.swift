import BylineText

extension FactUnitExtractor {
    /// English words that give an amount without a figure: plurals of scale words ("thousands of
    /// people", "tens of thousands"), and quantifiers ("several killed", "dozens injured").
    static let countWords: Set<String> = [
        "several", "many", "numerous", "multiple", "dozens", "scores", "hundreds", "thousands", "millions",
        "billions", "tens",
    ]

    /// The counted nouns of the amounts a sentence gives in words, without a figure: a word of
    /// ``countWords`` that no number comes right before, read through "of" and a further count word
    /// ("tens of thousands of people"), keyed as a number's noun is (``countedNoun(_:after:)``):
    /// "Thousands of people have been told to leave their homes" -> `people`, "Several killed at
    /// Russian university shooting" -> `kill`. Durations and list nouns are left out; in order,
    /// each noun once.
    public static func countsInWords(_ sentence: String) -> [String] {
        let tokens = tokenize(Array(sentence))
        var result: [String] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard countWords.contains(tokens[index].lower) else { continue }
            if index > 0, tokens[index - 1].isNumber || numberWords[tokens[index - 1].lower] != nil { continue }
            var at = index
            while at + 2 < tokens.count, tokens[at + 1].lower == "of", countWords.contains(tokens[at + 2].lower) { at += 2 }
            let (noun, position) = countedNoun(tokens, after: at)
            guard !noun.isEmpty, !durationNouns.contains(noun), !listNouns.contains(noun) else { continue }
            if !result.contains(noun) { result.append(noun) }
            if let position { index = max(index, position) }
        }
        return result
    }

    /// Whether a sentence states a figure in digits that it counts nothing with: a number that is
    /// not part of a name ("COVID-19", "G7"), a year, a date, a clock time or a duration ("28
    /// days"), and that ``unit(_:)`` gives no counted noun: a bare number ("total COVID count to
    /// 2,385,616"), a measure ("a 70m (230ft) high slackline", "a 4.8 magnitude quake") or an
    /// ordinal ("ranks 8th"). Such a sentence tells of its own figure, whatever the counts of the
    /// sentences it is grouped with.
    public static func statesUncountedFigure(_ unit: FactUnit) -> Bool {
        let tokens = tokenize(Array(unit.sentence))
        let counted = unit.quantities.filter { !$0.noun.isEmpty }
        for (index, token) in tokens.enumerated() where token.isNumber {
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            let previous = index > 0 ? tokens[index - 1] : nil
            // Part of a name: glued to the letters before it.
            if token.gap == "-" || token.gap.isEmpty, previous?.text.last?.isLetter == true { continue }
            guard let value = numberValue(token) else { continue }
            // A year, a clock time, a day of a month.
            if !token.text.contains(","), !token.text.contains("."), value >= 1900, value <= 2100 { continue }
            if let next, ["am", "pm"].contains(next.lower) || (next.gap == ":" && next.isNumber) { continue }
            if token.gap == ":", previous?.isNumber == true { continue }
            if value >= 1, value <= 31, value == value.rounded(),
               next.map({ months.contains($0.lower) }) == true || previous.map({ months.contains($0.lower) }) == true { continue }
            // A duration ("past 28 days", "12-year journey").
            if let next, durationNouns.contains(LightStemmer.stem(next.lower)) { continue }
            // Counted: a quantity with a noun states this value.
            if counted.contains(where: { tokenize(Array($0.text)).contains { $0.text == token.text } }) { continue }
            return true
        }
        return false
    }
}
