import BylineEmbed
import BylinePostgres
import BylineStore
import BylineTestSupport
import Foundation
import GRDB
import Testing
@testable import BylinePipeline

/// The installed embedding model (see scripts/install-model), or nil.
private let model: SentenceEmbedder? = {
    guard let directory = ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment) else { return nil }
    return try? SentenceEmbedder(directory: directory)
}()

/// A fact sentence far longer than a PostgreSQL index entry can hold is embedded once, stored
/// and found again, on both back ends. Its vectors were keyed by the sentence itself, so on
/// PostgreSQL a sentence over 2,000 bytes was not stored and was embedded again by every run.
@Suite(.enabled(if: model != nil, "skipped: no embedding model (run scripts/install-model, or set BYLINE_MODEL)"))
struct LongSentenceEmbeddingTests {
    /// One sentence of 5,000 bytes: a resolution's list of its sponsors, the governments of
    /// member states of the United Nations (169 of them), as such texts run.
    static let sentence: String = {
        let states = [
            "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina", "Armenia", "Australia",
            "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin",
            "Bhutan", "Bolivia", "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei Darussalam", "Bulgaria", "Burkina Faso",
            "Burundi", "Cabo Verde", "Cambodia", "Cameroon", "Canada", "the Central African Republic", "Chad", "Chile", "China",
            "Colombia", "Comoros", "the Congo", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus", "Czechia",
            "the Democratic Republic of the Congo", "Denmark", "Djibouti", "Dominica", "the Dominican Republic", "Ecuador", "Egypt",
            "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon",
            "the Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana",
            "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica",
            "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kuwait", "Kyrgyzstan", "the Lao People's Democratic Republic",
            "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi",
            "Malaysia", "Maldives", "Mali", "Malta", "the Marshall Islands", "Mauritania", "Mauritius", "Mexico", "Micronesia",
            "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "the Netherlands",
            "New Zealand", "Nicaragua", "the Niger", "Nigeria", "North Macedonia", "Norway", "Oman", "Pakistan", "Palau", "Panama",
            "Papua New Guinea", "Paraguay", "Peru", "the Philippines", "Poland", "Portugal", "Qatar", "the Republic of Korea",
            "the Republic of Moldova", "Romania", "the Russian Federation", "Rwanda", "Saint Kitts and Nevis", "Saint Lucia",
            "Saint Vincent and the Grenadines", "Samoa", "San Marino", "Sao Tome and Principe", "Saudi Arabia", "Senegal", "Serbia",
            "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia", "South Africa",
            "South Sudan", "Spain", "Sri Lanka", "the Sudan", "Suriname", "Sweden", "Switzerland", "the Syrian Arab Republic",
            "Tajikistan", "Thailand", "Timor-Leste", "Togo", "Tonga", "Trinidad and Tobago", "Tunisia", "Türkiye", "Turkmenistan",
            "Tuvalu", "Uganda", "Ukraine", "the United Arab Emirates", "the United Kingdom", "the United Republic of Tanzania",
            "the United States", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela", "Viet Nam", "Yemen", "Zambia", "Zimbabwe",
        ]
        var sponsors: [String] = []
        var sentence = ""
        for state in states where sentence.utf8.count < 5_000 {
            sponsors.append("the Government of " + state)
            sentence = "The resolution on the pandemic recovery was sponsored by " + sponsors.joined(separator: ", ") + "."
        }
        return sentence
    }()

    /// A new empty store of `backend` and a count of its stored sentence vectors.
    static func store(_ backend: StoreBackend) async throws -> (store: any AnalysisStore, stored: @Sendable () async throws -> Int) {
        switch backend {
        case .sqlite:
            let folder = TestFolders.root.appendingPathComponent("byline-long-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("byline.sqlite").path
            return (try Store(path: path), {
                try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM unit_embedding") ?? -1 }
            })
        case .postgres:
            let url = try await TestPostgres.freshDatabase()
            return (try await PostgresStore(url: url), {
                Int(try await TestPostgres.rows("SELECT COUNT(*)::text FROM unit_embedding", in: url).first?.first??.description ?? "") ?? -1
            })
        }
    }

    @Test(arguments: StoreBackend.available)
    func aSentenceOf5000BytesIsEmbeddedOnceStoredAndFoundAgain(_ backend: StoreBackend) async throws {
        #expect(Self.sentence.utf8.count == 5_000)
        #expect(Self.sentence.hasSuffix("the Government of the Syrian Arab Republic, the Government of Tajikistan."))
        let embedder = try #require(model)
        let (store, stored) = try await Self.store(backend)
        #expect(try await stored() == 0)
        let first = await FactEmbedder(store: store, embedder: embedder).vectors(for: [Self.sentence])
        let vector = try #require(first[Self.sentence])
        #expect(vector.count == 384)
        #expect(try await stored() == 1)
        // Found again by the store, with its word pieces: the next run embeds nothing.
        #expect(try await store.unitEmbeddings(model: Analysis.embeddingModelName, texts: [Self.sentence]) == [Self.sentence: vector])
        let tokens = try await store.unitTokens(model: Analysis.embeddingModelName, texts: [Self.sentence])
        #expect(tokens.keys.sorted() == [Self.sentence])
        #expect(tokens[Self.sentence].map { $0.vectors.count / $0.ids.count } == 384)
        // A sentence that differs in its last byte only is another sentence.
        let other = String(Self.sentence.dropLast()) + "!"
        #expect(try await store.unitEmbeddings(model: Analysis.embeddingModelName, texts: [other]).isEmpty)

        let second = await FactEmbedder(store: store, embedder: embedder).vectors(for: [Self.sentence, Self.sentence])
        #expect(second == [Self.sentence: vector])
        #expect(try await stored() == 1)
        await closeStore(store)
    }
}
