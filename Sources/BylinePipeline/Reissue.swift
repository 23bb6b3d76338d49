import Foundation
public import BylineStore

/// An item that an outlet re-issued under a new guid: the same article (same link, a title
/// alike) as an earlier item of the outlet, stored as an item of its own because items are
/// keyed by guid (as feedparser keys entries).
///
/// The earlier copy is the first report: the re-issue is flagged in the reports (anomaly
/// `new_guid`) and, in a story that holds the original too, it is not a second report of its
/// outlet (see ``ReportBuilder/build(analysis:outletStats:since:until:now:wireGroups:factEmbedder:)``).
public struct Reissue: Sendable, Hashable {
    /// The later item, under the new guid.
    public var item: StoredItem
    /// The earliest item of the outlet with the same link and a title alike.
    public var original: StoredItem

    /// Creates a re-issue record.
    public init(item: StoredItem, original: StoredItem) {
        self.item = item
        self.original = original
    }

    /// How alike two titles must be: the share of their words in common (Jaccard over the sets
    /// of lower-cased letter-and-digit words) of at least 0.6. A live page or a dated programme
    /// that keeps one link under a new title each day ("Covid live: Auckland cases, 18
    /// September" and "Covid live: vaccination milestone, 19 September", 0.44) is no re-issue.
    public static let titleSimilarity = 0.6

    /// The re-issues among `items`, by the re-issue's item id.
    ///
    /// Item B re-issues item A when both are of one outlet, under different guids, with the
    /// same link, that link is an article's (an `http` or `https` URL whose path is more than
    /// `/`: a homepage link is shared by unrelated items), A was first seen before B (or in the
    /// same pull with a lower id), and their first titles are alike (``titleSimilarity``). The
    /// original is the earliest such A, so a chain of re-issues names the first copy.
    ///
    /// - Parameter items: the items to look through, of any outlets and stories.
    /// - Returns: re-issue item id -> the re-issue and its original.
    public static func find(in items: [StoredItem]) -> [Int64: Reissue] {
        var byLink: [String: [StoredItem]] = [:]
        for item in items {
            guard let link = item.link, isArticleLink(link) else { continue }
            byLink[item.outletID + "\u{1F}" + link, default: []].append(item)
        }
        var result: [Int64: Reissue] = [:]
        for (_, group) in byLink where group.count >= 2 {
            let ordered = group.sorted { $0.firstSeen != $1.firstSeen ? $0.firstSeen < $1.firstSeen : $0.id < $1.id }
            let words = ordered.map { titleWords($0.firstTitle) }
            for later in 1..<ordered.count {
                for earlier in 0..<later where ordered[earlier].guid != ordered[later].guid {
                    guard similarity(words[earlier], words[later]) >= titleSimilarity else { continue }
                    result[ordered[later].id] = Reissue(item: ordered[later], original: ordered[earlier])
                    break
                }
            }
        }
        return result
    }

    /// Whether `link` is an article's: `http(s)://host/path` with a path other than `/`.
    static func isArticleLink(_ link: String) -> Bool {
        guard let components = URLComponents(string: link), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false else { return false }
        let path = components.path
        return !path.isEmpty && path != "/"
    }

    /// The lower-cased letter-and-digit words of a title.
    static func titleWords(_ title: String) -> Set<Substring> {
        Set(title.lowercased().split { !$0.isLetter && !$0.isNumber })
    }

    /// Jaccard similarity of two word sets; 0 when both are empty.
    static func similarity(_ a: Set<Substring>, _ b: Set<Substring>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }
}
