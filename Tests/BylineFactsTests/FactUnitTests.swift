import Testing
import BylineFacts

@Suite struct FactUnitTests {
    @Test(arguments: [
        ("More than 9,500 migrants who have arrived at the US border in the past 48 hours are living under a bridge.",
         ["More than 9,500 migrants|9500|people|more than", "48 hours|48|hour|"]),
        ("The mayor declared a state of emergency after more than 10,000 undocumented migrants poured into the city.",
         ["more than 10,000 undocumented migrants|10000|people|more than"]),
        ("Desperate Haitians are paying up to $10,000 to cross.", ["up to $10,000|10000|$|up to"]),
        ("Officials plan up to eight flights a day.", ["up to eight flights|8|flight|up to"]),
        ("Six people were killed and 28 injured in the shooting at the university in 2021.",
         ["Six people were killed|6|kill|", "28 injured|28|injur|"]),
        ("More than 300 Haitians were deported on Sunday.", ["More than 300 Haitians were deported|300|deport|more than"]),
        ("Covid-19 cases rose 40% in 1.5 million homes.", ["40%|40|%|", "1.5 million homes|1500000|home|"]),
        ("The numbers are approaching 15,000 -- and rising.", ["approaching 15,000|15000||approaching"]),
        // A number word times a dozen (Al Jazeera's Kandahar report; "two" alone was the value).
        ("More than two dozen people were wounded.", ["More than two dozen people were wounded|24|injur|more than"]),
        ("A dozen people were hurt.", ["dozen people were hurt|12|injur|"]),
        // British and Australian spelling (smh's "NSW hits 80 per cent" was shown as "80 per").
        ("Champagne time: NSW hits 80 per cent", ["80 per cent|80|%|"]),
        // Dates and clock times are not counts (a fresh user saw "11.59@rnz|11.59@stuffnz" and
        // "20@rnz" as a fact's values in the September corpus).
        ("Auckland will stay at alert level 3 until 11.59pm on 20 September, with 1200 tests a day.", ["3|3||", "1200 tests|1200|test|"]),
        ("The meeting starts at 10:30 on 5 October, when 40 MPs will vote.", ["40 MPs|40|mps|"]),
        ("Polls open at 7 am, and 300 people queued.", ["300 people|300|people|"]),
        // A Title Case noun phrase counts its head, not its first word (dailymail's "17 Christian
        // Missionaries" was a count of "christian" beside cnn's "17 American missionaries").
        ("Up to 17 Christian Missionaries Are Kidnapped In Haiti", ["Up to 17 Christian Missionaries Are Kidnapped|17|kidnap|up to"]),
        ("Up to 17 American missionaries reported as kidnapped by gang members in Haiti", ["Up to 17 American missionaries|17|missionary|up to"]),
        // "m" and "k" glued on scale money and fractions; a whole number's is a unit or a scale,
        // so no value (the fastest K1 500m paddlers were a count of 500,000,000).
        ("Lisa Carrington and the fastest K1 500m paddlers", []),
        ("The club agreed a £500m deal for 2 stadiums.", ["£500m|500000000|£|", "2 stadiums|2|stadium|"]),
        ("Almost 1.5m people had a first dose.", ["Almost 1.5m people|1500000|people|almost"]),
        ("Ardern had 2.3bn in reserve", ["2.3bn|2300000000||"]),
        // A number above one before a singular noun names or measures; it counts nothing.
        ("Bethany Marshall discusses the 911 call placed on August 12", []),
        ("Police received 911 calls about the van", ["911 calls|911|call|"]),
        ("A 4.8 magnitude quake killed at least three people in Bali", ["at least three people|3|kill|at least"]),
        ("She won the 100 metre final for 2 medals", ["2 medals|2|medal|"]),
        // A capitalised number word before a capitalised word inside a sentence is part of a name
        // (bbc's and dailymail's "Nine Elms" station was a count of 9); a sentence's first word
        // and a Title Case headline's are capitalised by their place.
        ("The Northern Line extension serves new stations at Nine Elms and Battersea Power Station.", []),
        ("Nine people were killed in the blast", ["Nine people were killed|9|kill|"]),
        ("Gunman Kills Nine People At Russian University", ["Nine People|9|kill|"]),
        // A number whose noun comes before it, the level that noun reaches, counts that noun
        // (headlines-2021-09: philstar's 36 million Sinovac doses had no noun and joined
        // gmanews's five million doses in one fact); digits and number words take their scale
        // alike, and a singular before "to" ("Audience ... show rises to") is no count.
        ("This latest shipment brought the country's Sinovac doses to 36 million, making it still the largest number of vaccine supply in the country.",
         ["36 million|36000000|dose|"]),
        ("In his presentation in the President's weekly Talk to the People, Galvez said the majority of vaccine doses delivered were manufactured by Sinovac, with five  million doses.",
         ["five  million doses|5000000|dose|"]),
        // The head of the subject of a verb of level counts when it is singular: the audience,
        // not the show (the phrase after "for" is read past).
        ("Audience for Emmy Awards show rises to 7.4 million", ["7.4 million|7400000|audienc|"]),
        ("Pfizer says COVID-19 vaccine works in kids aged 5 to 11", ["5|5||", "11|11||"]),
        ("China pumps $14bn in cash into market amid Evergrande crisis", ["$14bn|14000000000|$|"]),
        ("Mnuchin’s Private Equity Fund Raises $2.5 Billion", ["$2.5 Billion|2500000000|$|"]),
        ("Masks from Temasek Foundation: More than 2.6m boxes collected", ["More than 2.6m boxes|2600000|boxe|more than"]),
        // A singular head of a count before its verb of level (headlines-2021-09: abscbnnews's
        // Maring toll had no noun): the modifier that names what happened is the key ("death
        // toll" -> kill), else the head ("toll", folded to kill); a verb that takes the level
        // itself ("hits", "reaches") as much as one with "to" or "at", in any tense, with a
        // qualifier between.
        ("Maring death toll climbs to 23, 17 other cases being validated", ["23|23|kill|", "17|17||"]),
        ("The death toll from Severe Tropical Storm Maring climbed to 22, with 17 more reported fatalities still being validated.",
         ["22|22|kill|", "17 more|17|people|"]),
        ("The toll rises to 23", ["23|23|kill|"]),
        ("Death toll hits 50 after the floods", ["50|50|kill|"]),
        ("The number of cases reaches 1,000", ["1,000|1000|case|"]),
        ("The number of people in hospital has risen to more than 50", ["more than 50|50|people|more than"]),
        ("Covid 19: Hope fading as MIQ line hits 25,000 for 3000 spots", ["19|19||", "25,000|25000|line|", "3000 spots|3000|spot|"]),
        // A name before the verb is no head.
        ("As Sadio Mane reaches 100 Premier League goals, BBC Sport looks back", ["100 Premier League goals|100|goal|"]),
        ("Sadio Mane reaches 100", ["100|100||"]),
        ("Penn State jumps to 6", ["6|6||"]),
        // An adjective by its ending, before a plural, describes it: the count is of the plural
        // ("5000 active cases" was a measure of "active" and counted nothing); a noun before a
        // verb in "s" is still a singular ("a 911 call reveals").
        ("A woman has died in the region after it passed more than 4000 active cases on Friday.",
         ["more than 4000 active cases|4000|case|more than"]),
        ("Police recovered 30 expensive cars near the port.", ["30 expensive cars|30|car|"]),
        ("A 911 call reveals the driver was seen on the bridge", []),
        ("Magnitude 5.1 earthquake kills at least two people", ["at least two people|2|kill|at least"]),
        // A fraction in words is a proportion, not a count of thirds.
        ("With two-thirds of ballots counted, the pro-Kremlin United Russia party had retained its parliamentary majority with nearly 48% of the vote, while the Communist party sits in a clear second with 21%.",
         ["two-thirds|6667|%|", "nearly 48%|48|%|nearly", "21%|21|%|"]),
    ])
    func quantities_carry_their_noun(sentence: String, expected: [String]) {
        let unit = FactUnit(sentence)
        #expect(unit.quantities.map { "\($0.text)|\($0.display.filter(\.isNumber))|\($0.noun)|\($0.qualifier)" } == expected)
    }

    @Test func names_quotes_and_time_phrases() {
        let unit = FactUnit("Homeland Security Secretary Alejandro Mayorkas said on Monday in Del Rio that “the border is not open” to migrants.")
        #expect(unit.names == ["Homeland Security Secretary Alejandro Mayorkas", "Del Rio"])
        #expect(unit.quotations == [Quotation(text: "the border is not open", speaker: "Homeland Security Secretary Alejandro Mayorkas")])
        #expect(unit.timePhrases == ["on monday"])
        #expect(unit.quantities == [])
    }

    @Test func two_quoted_words_are_scare_quotes_and_years_are_time_phrases() {
        let unit = FactUnit("The US will step up ‘removal flights’ in September 2021, officials told Reuters.")
        #expect(unit.quotations == [])
        #expect(unit.timePhrases == ["2021"])
        #expect(unit.quantities == [])
    }

    /// Amounts given in words, without a figure, with the noun they count.
    @Test(arguments: [
        ("Thousands of people were told to leave the valley after the dam burst.", ["people"]),
        ("Tens of thousands of people marched through the capital on Saturday.", ["people"]),
        ("Several dead after a bus plunged off a mountain road", ["kill"]),
        ("Dozens of flights were cancelled at the airport.", ["flight"]),
        ("Five million doses arrived on Monday.", []),
        ("Many of them left before dawn.", []),
    ])
    func amounts_in_words_count_their_noun(sentence: String, nouns: [String]) {
        #expect(FactUnitExtractor.countsInWords(sentence) == nouns)
    }

    /// A figure in digits that counts nothing (a measure, a bare total, a place in a ranking)
    /// against numbers that are names, dates, times, durations or counts.
    @Test(arguments: [
        ("A tightrope walker crossed a 50m (164ft) high wire over the river.", true),
        ("The ministry put the national total at 1,204,311 on Monday.", true),
        ("Norway ranks 3rd in the global index of press freedom", true),
        ("Over the past 28 days the Covid-19 outbreak slowed in the state", false),
        ("The vote on 5 October, at 10:30, was the first since 2016", false),
        ("The ministry counted 1,204 infections on Monday.", false),
        ("Lava from the volcano has destroyed 80 homes", false),
    ])
    func a_figure_that_counts_nothing(sentence: String, states: Bool) {
        #expect(FactUnitExtractor.statesUncountedFigure(FactUnit(sentence)) == states)
    }

    @Test func a_title_case_headline_has_no_names() {
        #expect(FactUnit("Biden Administration To Deport Haitians In Del Rio, Texas").names == [])
    }
}
