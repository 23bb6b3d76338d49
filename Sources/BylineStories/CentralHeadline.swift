import BylineText

/// The headline that represents a story: the title of its most central report.
///
/// A story's earliest report is often a side event that the story grew out of ("Bodycam footage
/// raises more questions about missing woman" for the Gabby Petito story); the report closest
/// to all the others says what the story is about. With sentence embeddings, the most central
/// report is the one whose embedding has the highest cosine to the mean of the reports'
/// embeddings; without them, the one whose title shares the most words (Dice coefficient over
/// stemmed words, stop words out) with the other titles. Ties go to the earlier report.
///
/// When several reports carry one headline (the same letters and digits) and one copy lost
/// punctuation on the way ("Volcano erupts on La Palma in Spain s Canary Islands" beside
/// "... in Spain's Canary Islands"), the copy that kept the most punctuation marks is shown.
public enum CentralHeadline {
    /// The index of the most central report.
    ///
    /// - Parameter reports: the story's reports in time order: each title (plain text) and its
    ///   sentence embedding (unit length) or nil. Embeddings decide when at least two reports
    ///   have one; the reports without one are then not considered.
    /// - Returns: an index into `reports`; nil when `reports` is empty.
    public static func index(of reports: [(title: String, embedding: [Float]?)]) -> Int? {
        guard !reports.isEmpty else { return nil }
        guard reports.count > 2 else { return bestCopy(of: 0, among: Array(reports.indices), in: reports) }
        let embedded = reports.indices.compactMap { index in reports[index].embedding.flatMap { $0.isEmpty ? nil : (index, $0) } }
        if embedded.count >= 2 {
            var mean = [Float](repeating: 0, count: embedded[0].1.count)
            for (_, embedding) in embedded { mean = DenseVector.adding(embedding, to: mean) }
            var best = embedded[0].0, bestScore = -Float.infinity
            for (index, embedding) in embedded {
                let score = DenseVector.dot(embedding, mean)
                if score > bestScore + 1e-6 { best = index; bestScore = score }
            }
            return bestCopy(of: best, among: embedded.map(\.0), in: reports)
        }
        let words = reports.map { Set(TextTokenizer.tokens(HeadlineCleaner.clean($0.title)).map(\.term)) }
        var best = 0, bestScore = -1.0
        for (index, own) in words.enumerated() where !own.isEmpty {
            var score = 0.0
            for (other, theirs) in words.enumerated() where other != index && !theirs.isEmpty {
                score += 2 * Double(own.intersection(theirs).count) / Double(own.count + theirs.count)
            }
            if score > bestScore + 1e-9 { best = index; bestScore = score }
        }
        return bestCopy(of: best, among: Array(reports.indices), in: reports)
    }

    /// Of the reports in `candidates` whose title has the same letters and digits as
    /// `chosen`'s (case aside), the one whose title keeps the most punctuation (runs of
    /// characters that are neither letters, digits nor spaces); ties go to the earlier report.
    static func bestCopy(of chosen: Int, among candidates: [Int], in reports: [(title: String, embedding: [Float]?)]) -> Int {
        func letters(_ title: String) -> String {
            String(String.UnicodeScalarView(title.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
        }
        // Runs of punctuation, so that an ellipsis counts once.
        func punctuation(_ title: String) -> Int {
            var runs = 0, inRun = false
            for scalar in title.unicodeScalars {
                let isPunctuation = !scalar.properties.isAlphabetic && scalar.properties.numericType == nil
                    && !scalar.properties.isWhitespace
                if isPunctuation, !inRun { runs += 1 }
                inRun = isPunctuation
            }
            return runs
        }
        let key = letters(reports[chosen].title)
        var best = chosen, bestCount = punctuation(reports[chosen].title)
        for index in candidates.sorted() where index != chosen && letters(reports[index].title) == key {
            let count = punctuation(reports[index].title)
            if count > bestCount || (count == bestCount && index < best) { best = index; bestCount = count }
        }
        return best
    }
}
