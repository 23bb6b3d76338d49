import Foundation
import Testing
import BylineFacts

/// Attributions in headlines-2021-09 texts (each sentence is the feed's own), checked against
/// some of the outlets Byline follows there: a credited name is a followed outlet, a news
/// organisation Byline does not follow, or another source (a person, an official body).
@Suite struct NewsOrganisationTests {
    static let followed = OutletDirectory([
        .init(id: "cnn", name: "CNN"),
        .init(id: "dailymail", name: "Daily Mail", aliases: ["MailOnline"]),
        .init(id: "fox", name: "Fox News"),
        .init(id: "latimes", name: "Los Angeles Times"),
        .init(id: "nytimes", name: "The New York Times", aliases: ["NYT"]),
        .init(id: "rnz", name: "RNZ", aliases: ["Radio New Zealand"]),
    ])

    /// The one attribution of `text` in an item of `outlet`, checked against ``followed``.
    private func attribution(_ outlet: String, _ text: String) throws -> Attribution {
        let item = FactItem(itemID: 1, outlet: outlet, guid: "\(outlet)-1", published: nil, versions: [
            FactVersion(seenAt: Date(timeIntervalSince1970: 1_632_096_000), previousPull: Date(timeIntervalSince1970: 1_632_092_400),
                        title: "Headline", summary: text, published: nil),
        ])
        let found = AttributionCheck.checked(FactEngine.analyze([item]).attributions, items: [item], outlets: Self.followed)
        #expect(found.count == 1)
        return try #require(found.first)
    }

    @Test func a_journalist_of_an_outlet_credits_the_outlet_before_the_possessive() throws {
        let pierce = try attribution("dailymail", "A man, who gave his name as Chris, told LBC's Andrew Pierce about his mother's predicament, adding that he 'could do nothing' - although the caller's claim is as yet unsubstantiated.")
        #expect(pierce.kind == .toldTo)
        #expect(pierce.phrase == "told LBC's Andrew Pierce")
        #expect(pierce.credited == "LBC's Andrew Pierce")
        #expect(pierce.creditedKind == .newsOrganisation)
        #expect(pierce.creditedOrganisation == "LBC")
        #expect(pierce.creditedOutlet == nil)
        #expect(pierce.creditedLabel == "LBC")
        #expect(pierce.verdict == .notAClaim)
        #expect(pierce.evidence == "'LBC' is not an outlet Byline follows")
        #expect(pierce.isOutletCredit)
    }

    @Test func a_followed_outlets_journalist_credits_the_followed_outlet() throws {
        let tapper = try attribution("fox", "The senator told CNN's Jake Tapper on Sunday that the bill would pass.")
        #expect(tapper.credited == "CNN's Jake Tapper")
        #expect(tapper.creditedKind == .followedOutlet)
        #expect(tapper.creditedOutlet == "cnn")
        #expect(tapper.creditedOrganisation == nil)
        #expect(tapper.evidence == "")
    }

    /// People and official bodies: sources, not outlets, and not a claim about one.
    @Test(arguments: [
        ("cnn", "A Southern Californian man who previously pleaded guilty to state murder and attempted murder charges following a 2019 attack on a synagogue in San Diego pleaded guilty Friday to federal hate crime charges, according to the Justice Department.",
         "Justice Department"),
        ("dailymail", "The husband of Nazanin Zaghari-Ratcliffe, Richard Ratcliffe, told Liz Truss that his wife's case should be the top priority and he wanted to see the Government tackle hostage-taking head on.",
         "Liz Truss"),
        ("rnz", "An employment advocate has told the High Court the mandatory vaccination order made under the Covid-19 Public Health Response Act was unlawful and went over and above what the Act ever intended.",
         "High Court"),
        ("latimes", "According to Sheriff Chad Bianco, \"The government has no ability and no authority to mandate your health choices.\"",
         "Sheriff Chad Bianco"),
        ("latimes", "The off-duty sheriff's deputy died after he drove a vintage sports car into a light pole in Temple City and was thrown from the vehicle, according to the California Highway Patrol.",
         "California Highway Patrol"),
        ("latimes", "A magnitude 3.0 earthquake was reported Tuesday at 5:57 p.m. in San Fernando, according to the U.S. Geological Survey.",
         "U.S. Geological Survey"),
        ("cnn", "The Netherlands has long been the world's tallest nation -- but its people are getting shorter, according to Dutch researchers.",
         "Dutch researchers"),
        ("philstar", "The figure — 28,219,623 to be exact, is against the 27,790,114 in School Year 2019 to 2020, according to DepEd's quick count.",
         "DepEd"),
    ])
    func a_person_or_an_official_body_is_a_source(outlet: String, text: String, name: String) throws {
        let source = try attribution(outlet, text)
        #expect(source.credited == name)
        #expect(source.creditedKind == .source)
        #expect(source.creditedOutlet == nil)
        #expect(source.creditedOrganisation == nil)
        #expect(source.creditedLabel == name)
        #expect(source.verdict == .notAClaim)
        #expect(source.evidence == "'\(name)' is a source, not a news outlet")
        #expect(!source.isOutletCredit)
    }

    /// News organisations Byline does not follow, by the gazetteer or by their name's form.
    @Test(arguments: [
        ("cnn", "A shooting was reported at a university in Perm, Russia, according to RIA Novosti, the country's state-owned news agency.",
         "RIA Novosti", "RIA Novosti"),
        ("dailymail", "His nephew told TMZ that Anthony had been found passed out in a Los Angeles store earlier this month.",
         "TMZ", "TMZ"),
        ("dailymail", "Qatar has already revealed that anyone attending the tournament next November will have to be doubled jabbed and has taken up the same position with players according to The Athletic.",
         "The Athletic", "The Athletic"),
        ("dailymail", "Eco-warrior Liam Norton's south-west London home is single-glazed, has no cavity wall insulation and uses gas central heating, according to the Sun.",
         "Sun", "The Sun"),
        ("dailymail", "WARNING: DISTRESSING CONTENT. Sharnai Crossland, 23, from Dukinfield, told Manchester Evening News she lost her daughter Nova at 33 weeks.",
         "Manchester Evening News", "Manchester Evening News"),
        ("fox", "Cleveland Mayor Frank Jackson’s 24-year grandson was fatally shot Sunday in the city, according to the Cleveland Plains Dealer, citing law enforcement sources.",
         "Cleveland Plains Dealer", "Cleveland Plains Dealer"),
        ("dailymail", "The author and University Challenge host, 71, told the Sunday Times Magazine that he knew something was wrong with him before his diagnosis because he kept falling over.",
         "Sunday Times Magazine", "Sunday Times Magazine"),
        ("cnn", "Last week, a 47-year-old man stormed into a law firm in China's Wuhan city and shot dead a lawyer who he had \"some disputes with,\" according to Chinese state media.",
         "Chinese state media", "Chinese state media"),
    ])
    func a_news_organisation_byline_does_not_follow_says_so(outlet: String, text: String, credited: String, organisation: String) throws {
        let credit = try attribution(outlet, text)
        #expect(credit.credited == credited)
        #expect(credit.creditedKind == .newsOrganisation)
        #expect(credit.creditedOutlet == nil)
        #expect(credit.creditedOrganisation == organisation)
        #expect(credit.creditedLabel == organisation)
        #expect(credit.verdict == .notAClaim)
        #expect(credit.evidence == "'\(organisation)' is not an outlet Byline follows")
        #expect(credit.isOutletCredit)
    }

    @Test func the_sunday_times_with_or_without_the_is_one_organisation() throws {
        let with = try attribution("dailymail", "Justine Mills, owner of Cricket in Liverpool, told The Sunday Times the couture-selling store was lucky to survive the Covid-19 pandemic because it didn't have an online presence.")
        let without = try attribution("dailymail", "William Bortrick, a paid advisor to tycoon Mahfouz Marei Mubarak bin Mahfouz - is said to have met the Prince in Britain and abroad on at least nine occasions, according to the Sunday Times.")
        #expect([with.credited, without.credited] == ["The Sunday Times", "Sunday Times"])
        #expect([with.creditedOrganisation, without.creditedOrganisation] == ["The Sunday Times", "The Sunday Times"])
        #expect([with.evidence, without.evidence] == Array(repeating: "'The Sunday Times' is not an outlet Byline follows", count: 2))
        #expect(NewsOrganisation.name(in: "The Sunday Times") == NewsOrganisation.name(in: "Sunday Times"))
    }

    /// One spelling per organisation: the gazetteer's name whatever reading of it a text gives
    /// ("The Sun" had a "The" where "Sunday Times" had none, and "the Sun newspaper" was a
    /// `Sun newspaper` of its own), else the name without "The" and a trailing descriptor.
    @Test(arguments: [
        ("The star's London home was raided at dawn, according to the Sun newspaper.", "Sun newspaper", "The Sun"),
        ("The star's London home was raided at dawn, according to The Sun's Harry Cole.", "The Sun's Harry Cole", "The Sun"),
        ("Protesters gathered outside the embassy, according to Reuters news agency.", "Reuters news agency", "Reuters"),
        ("The couple told the Guardian they were delighted.", "Guardian", "The Guardian"),
        ("The couple told the New Yorker magazine they were delighted.", "New Yorker magazine", "The New Yorker"),
        ("The couple told the Manchester Evening News newspaper they were delighted.", "Manchester Evening News newspaper",
         "Manchester Evening News"),
        ("The couple told the Sunday Times Magazine they were delighted.", "Sunday Times Magazine", "Sunday Times Magazine"),
    ])
    func one_spelling_per_organisation(text: String, credited: String, organisation: String) throws {
        let credit = try attribution("dailymail", text)
        #expect(credit.credited == credited)
        #expect(credit.creditedOrganisation == organisation)
        #expect(credit.creditedLabel == organisation)
        #expect(credit.evidence == "'\(organisation)' is not an outlet Byline follows")
    }

    /// A source edge naming the item's own outlet is the outlet citing its own reporting, not a
    /// credit: reports leave it out, as they leave out people and official bodies ("according
    /// to Stuff sources" in a Stuff item was a row crediting `stuffnz`). A claim that the item's
    /// own outlet reported first is kept and checked.
    @Test func an_outlet_citing_its_own_reporting_is_no_credit() throws {
        let own = OutletDirectory(Self.followed.outlets + [.init(id: "stuffnz", name: "Stuff"),
                                                            .init(id: "nzherald", name: "New Zealand Herald")])
        func checked(_ outlet: String, _ text: String) throws -> Attribution {
            let item = FactItem(itemID: 1, outlet: outlet, guid: "\(outlet)-1", published: nil, versions: [
                FactVersion(seenAt: Date(timeIntervalSince1970: 1_632_096_000), previousPull: Date(timeIntervalSince1970: 1_632_092_400),
                            title: "Headline", summary: text, published: nil),
            ])
            return try #require(AttributionCheck.checked(FactEngine.analyze([item]).attributions, items: [item], outlets: own).first)
        }
        let stuff = try checked("stuffnz", "The Government is set to extend the lockdown by a week, according to Stuff sources.")
        #expect(stuff.phrase == "according to Stuff sources")
        #expect(stuff.creditedOutlet == "stuffnz")
        #expect(stuff.citesOwnReporting)
        #expect(!stuff.isOutletCredit)
        let herald = try checked("nzherald", "The woman, 34, told the Herald she had been waiting for a test since Monday.")
        #expect(herald.creditedOutlet == "nzherald")
        #expect(herald.citesOwnReporting)
        #expect(!herald.isOutletCredit)
        let first = try checked("nzherald", "The lockdown will be extended by a week, as the Herald first reported on Saturday.")
        #expect(first.kind == .asFirstReported)
        #expect(first.creditedOutlet == "nzherald")
        #expect(!first.citesOwnReporting)
        #expect(first.isOutletCredit)
        #expect(first.verdict == .undecidable)
        #expect(first.evidence == "no other outlet reports this story")
        // Another outlet's "according to Stuff" is a credit.
        let other = try checked("nzherald", "The Government is set to extend the lockdown by a week, according to Stuff.")
        #expect(other.creditedOutlet == "stuffnz")
        #expect(other.isOutletCredit)
    }

    /// A followed outlet's id, name and aliases still match it first, also where the name has
    /// a news organisation's form ("Radio New Zealand") or is in the gazetteer ("NYT").
    @Test func an_alias_of_a_followed_outlet_still_matches_it() throws {
        let rnz = try attribution("stuffnz", "The minister told Radio New Zealand the border would stay shut.")
        #expect(rnz.creditedKind == .followedOutlet)
        #expect(rnz.creditedOutlet == "rnz")
        #expect(rnz.creditedLabel == "rnz")
        #expect(rnz.evidence == "")
        let mail = try attribution("bbc", "The couple told MailOnline they were delighted.")
        #expect(mail.creditedOutlet == "dailymail")
        let nyt = try attribution("cnn", "The plan would restrict asylum at the border, as NYT first reported.")
        #expect(nyt.kind == .asFirstReported)
        #expect(nyt.creditedOutlet == "nytimes")
        #expect(nyt.creditedKind == .followedOutlet)
        #expect(nyt.evidence == "nytimes has no report in this story")
    }

    /// A first-report credit: to a news organisation Byline does not follow it cannot be
    /// checked; to another source it is no claim about an outlet.
    @Test func a_first_report_credit_is_checked_only_for_news_organisations() throws {
        let reuters = try attribution("cnn", "The talks were first reported by Reuters.")
        #expect(reuters.creditedKind == .newsOrganisation)
        #expect(reuters.creditedLabel == "Reuters")
        #expect(reuters.verdict == .undecidable)
        #expect(reuters.evidence == "'Reuters' is not an outlet Byline follows")
        let wuhan = try attribution("cnn", "The virus was first reported in Wuhan in late 2019.")
        #expect(wuhan.credited == "Wuhan")
        #expect(wuhan.creditedKind == .source)
        #expect(wuhan.verdict == .notAClaim)
        #expect(wuhan.evidence == "'Wuhan' is a source, not a news outlet")
        #expect(!wuhan.isOutletCredit)
    }

    /// Names of other bodies that end in a head word of newspaper naming are sources.
    @Test(arguments: ["Los Angeles County Medical Examiner", "Royal Mail", "American Express", "Migration Policy Institute", "Office for National Statistics",
                      "Press Secretary Jen Psaki", "Post Office", "Trump's lawyer", "Vice President Kamala Harris", "Capitol Hill"])
    func names_of_other_bodies_are_no_news_organisations(name: String) {
        #expect(NewsOrganisation.name(in: name) == nil)
    }

    @Test(arguments: [("Associated Press", "Associated Press"), ("AP", "Associated Press"), ("AFP", "Agence France-Presse"),
                      ("NBC News' Lester Holt", "NBC News"), ("Reuters Monday", "Reuters"), ("Times of Israel", "Times of Israel"),
                      ("Russian news agency", "Russian news agency"), ("WABC-TV", "WABC-TV"), ("RTE", "RTÉ"),
                      ("Channel 4", "Channel 4"), ("NBC 4", "NBC"), ("Kyiv Independent", "Kyiv Independent"), ("Weather Channel", "Weather Channel")])
    func news_organisations_by_gazetteer_and_form(name: String, organisation: String) {
        #expect(NewsOrganisation.name(in: name) == organisation)
    }
}
