import BylineText

/// The headline that represents a story: the title of its most central report.
///
/// A story's earliest report is often a side event that the story grew out of ("Bodycam footage
/// raises more questions about missing woman" for the Gabby Petito story); the report closest
/// to all the others says what the story is about. With sentence embeddings, the most central
/// report is the one whose embedding has the highest cosine to the mean of the reports'
/// embeddings; without them, the one whose title shares the most words (Dice coefficient over
/// stemmed words, stop words out) with the other titles. Ties go to the earlier report.
public enum CentralHeadline {
    /// The index of the most central report.
    ///
    /// - Parameter reports: the story's reports in time order: each title (plain text) and its
    ///   sentence embedding (unit length) or nil. Embeddings decide when at least two reports
    ///   have one; the reports without one are then not considered.
    /// - Returns: an index into `reports`; nil when `reports` is empty.
    public static func index(of reports: [(title: String, embedding: [Float]?)]) -> Int? {
        guard !reports.isEmpty else { return nil }
        guard reports.count > 2 else { return 0 }
        let embedded = reports.indices.compactMap { index in reports[index].embedding.flatMap { $0.isEmpty ? nil : (index, $0) } }
        if embedded.count >= 2 {
            var mean = [Float](repeating: 0, count: embedded[0].1.count)
            for (_, embedding) in embedded { mean = DenseVector.adding(embedding, to: mean) }
            var best = embedded[0].0, bestScore = -Float.infinity
            for (index, embedding) in embedded {
                let score = DenseVector.dot(embedding, mean)
                if score > bestScore + 1e-6 { best = index; bestScore = score }
            }
            return best
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
        return best
    }
}
