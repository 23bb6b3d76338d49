import Foundation
import Testing
import BylineFacts

/// Outlets of one news organisation (`organisation` in Feeds/outlets.toml): `cnntv`, CNN's
/// YouTube channel, and `cnn`, CNN's site, are two outlets of CNN. A source edge from one to the
/// other is CNN citing its own reporting; CNN's claims of priority are checked against the
/// other organisations' outlets, with CNN's earliest report whichever outlet had it.
@Suite struct OutletOrganisationTests {
    static let cnn = OutletDirectory.Outlet(id: "cnn", name: "CNN")
    static let fox = OutletDirectory.Outlet(id: "fox", name: "Fox News")
    /// The directory of Feeds/outlets.toml: cnntv is of organisation cnn.
    static let organised = OutletDirectory([cnn, fox, .init(id: "cnntv", name: "CNN (YouTube)", organisation: "cnn")])
    /// The same outlets with no organisation given: every outlet an organisation of its own.
    static let unorganised = OutletDirectory([cnn, fox, .init(id: "cnntv", name: "CNN (YouTube)")])

    /// The description of a cnntv video of 2021-09-16 (headlines-2021-09, cnntv/20210918T191344Z.xml,
    /// video R_V8RV6WibY), its first two paragraphs.
    static let murdaugh = """
        Alex Murdaugh, the South Carolina lawyer whose wife and son were shot and killed in June, plans to voluntarily \
        surrender to police  on charges related to a subsequent insurance fraud scheme, his lawyer told CNN.
        According to court documents, Murdaugh arranged for a former client to kill him so that his surviving son could \
        collect a life insurance payout of about $10 million.
        """

    static let start = Date(timeIntervalSince1970: 1_632_096_000)  // 2021-09-20T00:00:00Z

    /// An item of `outlet` first seen `hours` after ``start`` (the pull before an hour earlier).
    static func item(_ id: Int64, _ outlet: String, hours: Double, title: String = "Headline", _ text: String) -> FactItem {
        FactItem(itemID: id, outlet: outlet, guid: "\(outlet)-\(id)", published: nil, versions: [
            FactVersion(seenAt: start.addingTimeInterval(hours * 3600), previousPull: start.addingTimeInterval((hours - 1) * 3600),
                        title: title, summary: text, published: nil),
        ])
    }

    static func attributions(_ items: [FactItem], _ outlets: OutletDirectory) -> [Attribution] {
        AttributionCheck.checked(FactEngine.analyze(items, outlets: outlets).attributions, items: items, outlets: outlets)
    }

    /// "told CNN" in a cnntv item credited `cnn` as another outlet (a row of attributions.csv);
    /// with cnntv of organisation cnn it is CNN citing its own reporting.
    @Test func told_CNN_in_a_CNN_video_cites_its_own_reporting() throws {
        let video = Self.item(1, "cnntv", hours: 0, title: "A dead housekeeper and a hitman: Murdaugh family mystery gets more strange",
                              Self.murdaugh)
        let own = try #require(Self.attributions([video], Self.organised).first)
        #expect(own.phrase == "told CNN")
        #expect(own.kind == .toldTo)
        #expect(own.creditedOutlet == "cnn")
        #expect(own.creditsOwnOrganisation)
        #expect(own.citesOwnReporting)
        #expect(!own.isOutletCredit)
        // Without the organisation, the two outlets are two sources.
        let credit = try #require(Self.attributions([video], Self.unorganised).first)
        #expect(credit.creditedOutlet == "cnn")
        #expect(!credit.creditsOwnOrganisation)
        #expect(credit.isOutletCredit)
        // Another organisation's "told CNN" is a credit either way.
        let other = try #require(Self.attributions([Self.item(2, "fox", hours: 0, Self.murdaugh)], Self.organised).first)
        #expect(other.creditedOutlet == "cnn")
        #expect(other.isOutletCredit)
    }

    /// "as CNN first reported" in a Fox item, when CNN's channel had the story an hour before its
    /// site and Fox two hours after: CNN reported first. Without the organisation the channel's
    /// report contradicted the claim.
    @Test func a_first_report_credit_counts_the_organisations_earliest_report() throws {
        let items = [
            Self.item(1, "cnntv", hours: 0, "Alex Murdaugh plans to surrender to police on insurance fraud charges."),
            Self.item(2, "cnn", hours: 2, "Alex Murdaugh plans to surrender to police on insurance fraud charges, his lawyer said."),
            Self.item(3, "fox", hours: 4, "Alex Murdaugh will surrender to police on Thursday, as CNN first reported."),
        ]
        let organised = try #require(Self.attributions(items, Self.organised).first)
        #expect(organised.kind == .asFirstReported)
        #expect(organised.creditedOutlet == "cnn")
        #expect(organised.verdict == .confirmed)
        #expect(organised.evidence == "first reports: cnntv at 2021-09-20T00:00:00Z (window) before fox at 2021-09-20T04:00:00Z (window)")
        #expect(organised.isOutletCredit)
        let unorganised = try #require(Self.attributions(items, Self.unorganised).first)
        #expect(unorganised.verdict == .contradicted)
        #expect(unorganised.evidence == "first reports: cnntv at 2021-09-20T00:00:00Z (window) before cnn at 2021-09-20T02:00:00Z (window)")
    }

    /// CNN's "EXCLUSIVE" on its site, whose fact CNN's channel carried an hour earlier and Fox two
    /// hours later: the claim holds against Fox. Without the organisation the channel contradicted it.
    @Test func a_scoop_claim_is_checked_against_other_organisations() throws {
        let sentence = "Alex Murdaugh plans to surrender to police at the Hampton County jail by 2 p.m. on Thursday."
        let items = [
            Self.item(1, "cnntv", hours: 0, sentence),
            Self.item(2, "cnn", hours: 1, title: "EXCLUSIVE: Murdaugh to surrender", sentence),
            Self.item(3, "fox", hours: 3, sentence),
        ]
        let organised = try #require(Self.attributions(items, Self.organised).first { $0.kind == .exclusive })
        #expect(organised.verdict == .confirmed)
        #expect(organised.evidence == "fact 1: cnn at 2021-09-20T01:00:00Z (window) before fox")
        let unorganised = try #require(Self.attributions(items, Self.unorganised).first { $0.kind == .exclusive })
        #expect(unorganised.verdict == .contradicted)
        #expect(unorganised.evidence == "fact 1: cnntv at 2021-09-20T00:00:00Z (window) before cnn at 2021-09-20T01:00:00Z (window)")
    }

    @Test func outlets_without_an_organisation_are_their_own() {
        #expect(Self.organised.organisation(of: "cnntv") == "cnn")
        #expect(Self.organised.organisation(of: "cnn") == "cnn")
        #expect(Self.organised.organisation(of: "fox") == "fox")
        #expect(Self.organised.isSameOrganisation("cnn", "cnntv"))
        #expect(!Self.organised.isSameOrganisation("fox", "cnntv"))
        #expect(!Self.unorganised.isSameOrganisation("cnn", "cnntv"))
    }
}
