internal import CLibXML2

/// libxml2 set-up shared by the feedparser-shaped walk.
enum FeedparserLibXML {
    /// Runs `xmlInitParser()` (idempotent in libxml2).
    static func initialize() { xmlInitParser() }
}
