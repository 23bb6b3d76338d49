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

    @Test(arguments: [
        ("rescuing", "rescu"), ("rescued", "rescu"), ("rescues", "rescu"), ("stopped", "stop"),
        ("cities", "city"), ("bus", "bus"), ("crisis", "crisis"), ("killed", "kill"), ("news", "new"),
    ])
    func light_stemmer(word: String, stem: String) {
        #expect(LightStemmer.stem(word) == stem)
    }
}
