public import BylineFacts
public import BylineReport

extension AttributionRow {
    /// The row of one checked attribution (``BylineFacts/AttributionCheck``).
    ///
    /// - Parameters:
    ///   - attribution: the attribution, its credited name matched and its claim checked.
    ///   - storyID: its story.
    ///   - itemGuid: its item's guid.
    public init(_ attribution: Attribution, storyID: Int64, itemGuid: String) {
        self.init(storyID: storyID, outlet: attribution.outlet, itemGuid: itemGuid, kind: attribution.kind.rawValue,
                  credited: attribution.creditedLabel, phrase: attribution.phrase, verdict: attribution.verdict.rawValue,
                  evidence: attribution.evidence, creditedFollowed: attribution.creditedOutlet != nil,
                  firstOutlet: attribution.firstReport?.outlet ?? "", firstTiedWith: attribution.firstReport?.tiedWith ?? [])
    }
}
