/// Function words that carry no topic, after lowercasing: English (and a few reporting verbs every
/// article has: "said", "says") and Filipino, which Philippine outlets' feeds mix with English (so
/// that "sa", "ng", "ang" do not make every Filipino item resemble every other).
public enum StopWords {
    /// The stop word set.
    public static let english: Set<String> = englishWords.union(filipinoWords)

    /// Filipino (Tagalog) function words: particles, pronouns, linkers.
    static let filipinoWords: Set<String> = [
        "sa", "ng", "na", "ang", "mga", "si", "ni", "kay", "sina", "nina", "kina", "ay", "para", "ito", "iyon", "niya",
        "nito", "pa", "ba", "din", "rin", "naman", "lang", "lamang", "kung", "mula", "dahil", "hindi", "ayon", "nang",
        "siya", "sila", "kanilang", "kanyang", "ko", "mo", "ako", "tayo", "kami", "po", "yung", "dito", "doon", "ngayon",
        "muli", "muling", "isang", "pang", "pag", "kaso", "bagong", "umano", "naging", "may", "mayroong", "wala",
    ]

    static let englishWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
        "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
        "herself", "him", "himself", "his", "how", "if", "in", "into", "is", "it", "its", "itself",
        "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
        "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
        "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
        "yourselves", "said", "says", "say", "saying", "told", "tell", "according", "would", "may",
        "might", "must", "shall", "us", "one", "two", "new", "like", "get", "got", "over", "amid",
        "ll", "ve", "re", "don", "didn", "doesn", "isn", "wasn", "won", "can", "cannot", "via",
        "per", "yet", "still", "many", "much", "every", "another", "around", "last", "first",
        "year", "years", "day", "days", "week", "time", "people", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "watch",
        "video", "live", "news", "update", "updates", "latest", "breaking", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december",
    ]
}
