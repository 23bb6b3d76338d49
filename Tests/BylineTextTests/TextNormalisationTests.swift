import Testing
@testable import BylineText

@Suite struct TextNormalisationTests {
    @Test(arguments: [
        ("Opinion | Why the submarine deal matters", "Why the submarine deal matters"),
        ("LIVE: WATCH: Cabinet decides on alert levels", "Cabinet decides on alert levels"),
        ("France recalls envoys - BBC News", "France recalls envoys"),
        ("Star shares a kiss in first footage | Daily Mail Online", "Star shares a kiss in first footage"),
        ("Pacquiao accepts nomination for president | TV Patrol", "Pacquiao accepts nomination for president"),
        ("Covid-19: Auckland mayor pushes for level 3", "Covid-19: Auckland mayor pushes for level 3"),
        ("Spider-Man - the musical opens", "Spider-Man - the musical opens"),
    ])
    func headline_labels_are_stripped(title: String, expected: String) {
        #expect(HeadlineCleaner.clean(title) == expected)
    }

    @Test func tokens_are_lowercase_stemmed_content_words_and_numbers() {
        #expect(TextTokenizer.terms("Rescuers rescued 10,000 people in Brazil's floods, see https://example.com/x now")
            == ["rescuer", "rescu", "10000", "brazil", "flood", "see"])
        #expect(TextTokenizer.terms("The U.S. said 3.5% of cities") == ["3.5", "city"])
    }

    /// Titles of one story in the October corpus: the New York Times writes `F.D.A.`, CNN `FDA`.
    @Test func initialisms_are_one_name_term_dotted_or_not() {
        #expect(TextTokenizer.terms("Mixing and Matching Covid Vaccines Is Examined by F.D.A. Panel")
            == ["mix", "match", "covid", "vaccin", "examin", "fda", "panel"])
        #expect(TextTokenizer.terms("FDA vote expected on Johnson & Johnson vaccine booster shots")
            == ["fda", "vote", "expect", "johnson", "johnson", "vaccin", "booster", "shot"])
        // Capitals that spell a stop word are the stop word, written either way.
        #expect(TextTokenizer.terms("Philippines to heed WHO advice on 3rd dose")
            == ["philippin", "heed", "advic", "3rd", "dose"])
        #expect(TextTokenizer.terms("U.S. and US troops") == ["troop"])
        // The period of an initialism or of a middle initial does not open a sentence.
        let names = TextTokenizer.tokens("Photos of the U.S. Capitol riot show Donald J. Trump's aides arriving")
        #expect(names.filter(\.isName).map(\.term) == ["capitol", "donald", "trump"])
        // A plural initialism is its initialism; an emphatic stop word is a stop word.
        #expect(TextTokenizer.terms("Social media giants must do MORE to protect MPs from 'deluge of abuse'")
            == ["social", "media", "giant", "protect", "mp", "delug", "abus"])
        // Text in capitals throughout is read as ordinary words.
        #expect(TextTokenizer.terms("WHO WILL PAY FOR THE US PORTS?") == ["pay", "port"])
    }

    @Test func letters_are_compared_without_diacritics() {
        #expect(TextTokenizer.terms("FOTOS | Atasco en los puertos de Los Ángeles")
            == ["fotos", "atasco", "en", "los", "puerto", "de", "los", "angel"])
        #expect(TextTokenizer.terms("Super Saturday Vaxathon sees biggest-ever one-day vaccine update for Māori").last == "maori")
    }

    @Test(arguments: [
        ("rescuing", "rescu"), ("rescued", "rescu"), ("rescues", "rescu"), ("stopped", "stop"),
        ("cities", "city"), ("bus", "bus"), ("crisis", "crisis"), ("killed", "kill"), ("news", "new"),
    ])
    func light_stemmer(word: String, stem: String) {
        #expect(LightStemmer.stem(word) == stem)
    }

    static let summaries: [(String, String)] = [
        ("Police say the fire is contained. Click here to read more.", "Police say the fire is contained."),
        ("The minister resigned on Friday. Read the full story at our website.", "The minister resigned on Friday."),
        ("Rain is forecast for Sunday. Continue reading", "Rain is forecast for Sunday."),
        ("Shares fell 3% in early trade. The post Markets slide appeared first on Example News.", "Shares fell 3% in early trade."),
        ("Sign up for our newsletter. Prices rose again in August.", "Prices rose again in August."),
        ("Biden speaks on Afghanistan. Subscribe to Fox News! https://bit.ly/x Watch more Fox News Video", "Biden speaks on Afghanistan."),
        ("For more TV Patrol videos, click the link below: Pacquiao files candidacy", "Pacquiao files candidacy"),
        ("Lava destroyed 100 homes […]", "Lava destroyed 100 homes"),
        ("Lava destroyed 100 homes [+2301 chars]", "Lava destroyed 100 homes"),
        ("We will see the results tomorrow, she said.", "We will see the results tomorrow, she said."),
        ("Readers   in Auckland\nwere told\tto wait.", "Readers in Auckland were told to wait."),
        ("Click here", ""),
        // Each pattern's other trigger phrases, in other cases.
        ("Lava reached the sea. SEE MORE: photos of the eruption.", "Lava reached the sea."),
        ("Tap here for live updates. Crews are on scene.", "Crews are on scene."),
        ("Rates rose. Sign up to the newsletter.", "Rates rose."),
        ("Biden speaks. Subscribe now! Watch live", "Biden speaks."),
        ("Flooding hit Assam [...]", "Flooding hit Assam"),
        ("Fans cheered. To watch more, click the links below: Highlights", "Fans cheered. Highlights"),
    ]

    @Test(arguments: summaries)
    func summary_boilerplate_is_removed(summary: String, expected: String) {
        #expect(SummaryCleaner.clean(summary) == expected)
        // The trigger phrases only skip expressions that could not match.
        #expect(SummaryCleaner.clean(summary, everyRule: true) == expected)
    }

}

@Suite struct OutletNameTests {
    @Test(arguments: [
        ("The New York Times", "newyorktimes"), ("New York Times", "newyorktimes"), ("the new york times'", "newyorktimes"),
        ("NYTimes", "nytimes"), ("nytimes", "nytimes"), ("CNN's", "cnn"), ("CNN’s", "cnn"), ("NBC News", "nbcnews"),
        ("L.A. Times", "latimes"), ("ABS-CBN News", "abscbnnews"), ("Le Monde", "lemonde"), ("Deutsche Welle", "deutschewelle"),
        ("Süddeutsche Zeitung", "suddeutschezeitung"), ("The Hill", "hill"), ("TheHill", "thehill"), ("The", "the"),
        ("ABC News (Australia)", "abcnewsaustralia"), ("abcnews-au", "abcnewsau"), ("...", ""),
    ])
    func names_compare_without_case_a_leading_the_punctuation_spaces_or_a_possessive(name: String, key: String) {
        #expect(OutletName.key(name) == key)
    }
}
