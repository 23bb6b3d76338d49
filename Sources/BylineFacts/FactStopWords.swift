/// English function words ignored when comparing sentences, plus reporting verbs ("said",
/// "says", "told") that every outlet adds in its own way.
enum FactStopWords {
    /// The stop word set (lower case).
    static let english: Set<String> = [
        "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "during", "each", "for", "from", "had", "has", "have",
        "he", "her", "here", "him", "his", "how", "if", "in", "into", "is", "it", "its", "just",
        "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
        "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
        "your", "said", "says", "say", "told", "according", "may", "might", "must", "us", "amid",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "yesterday", "tonight", "reported", "report", "reports", "new",
    ]
}
