/// One report as the story tests need it: real-shaped (the shapes of headlines-2021-09, written
/// for these tests), with its time as hours after the test's base time.
public struct ShapedReport: Sendable {
    /// The outlet id ("bbc").
    public let outlet: String
    /// The headline.
    public let title: String
    /// The one-line summary.
    public let summary: String
    /// Hours after the test's base time (negative: before).
    public let hours: Double

    /// Creates a report.
    public init(_ outlet: String, _ title: String, _ summary: String, hours: Double) {
        self.outlet = outlet
        self.title = title
        self.summary = summary
        self.hours = hours
    }
}

/// Reports shared by the clusterer's tests and the pipeline's (as story items, stored items or
/// feed items there).
public enum ShapedReports {
    /// Unrelated reports before the events, which give the learned IDF something to learn from.
    public static let background: [ShapedReport] = [
        ShapedReport("bbc", "Emmy Awards: The Crown wins best drama series",
                     "Netflix's royal drama took the top prize at the ceremony in Los Angeles.", hours: -5),
        ShapedReport("cnn", "Stock markets fall as investors weigh interest rate rises", "Shares in Asia and Europe dropped sharply on Monday.", hours: -4),
        ShapedReport("rnz", "All Blacks beat Argentina in Rugby Championship", "The team won 36-13 on the Gold Coast.", hours: -3),
        ShapedReport("smh", "Sydney lockdown to ease as vaccination rate climbs",
                     "Restrictions will lift once 70 per cent of adults are fully vaccinated.", hours: -2),
    ]

    /// The Tottenham net-zero item that seeded the Jimmy Greaves story in the corpus: it shares
    /// "Tottenham", "Chelsea" and football with the first Greaves report.
    public static let netZero = ShapedReport(
        "cnn", "Tottenham to host world's first net zero carbon elite football game",
        "Tottenham Hotspur hopes to end Sunday's Premier League game against Chelsea on zero carbon emissions.", hours: 0)

    /// Four reports of Jimmy Greaves's death, 22 to 23 hours after ``netZero``.
    public static let greaves: [ShapedReport] = [
        ShapedReport("bbc", "Jimmy Greaves: Watch great goals of Tottenham, Chelsea, West Ham & England striker",
                     "BBC Sport looks back at great goals from Jimmy Greaves' career, the striker who became a football legend.", hours: 22),
        ShapedReport("bbc", "England and Tottenham legend Greaves dies aged 81",
                     "World Cup-winning England striker and Tottenham's record goalscorer Jimmy Greaves dies at the age of 81.", hours: 22.1),
        ShapedReport("dailymail", "Jimmy Greaves was a grand master and the most feared goalscorer of his day",
                     "Jimmy Greaves has died at the age of 81. One of the greatest goalscorers English football has seen slipped away on Sunday.",
                     hours: 22.2),
        ShapedReport("cnn", "Jimmy Greaves, England World Cup winner and Tottenham legend, dies at 81",
                     "Jimmy Greaves, a World Cup winner with England in 1966 and a prolific goalscorer, has died at the age of 81, Tottenham said.",
                     hours: 23),
    ]
}
