public import Foundation
import GRDB

/// The text of an item version that needs an embedding.
public struct VersionText: Sendable, Hashable {
    /// The version's row id.
    public var versionID: Int64
    /// Its plain-text title.
    public var title: String
    /// Its plain-text summary (may be empty).
    public var summary: String
    /// The first 2,000 characters of its plain-text content, when it has content.
    public var content: String?

    /// Creates a record (a store back end reads these).
    public init(versionID: Int64, title: String, summary: String, content: String?) {
        self.versionID = versionID
        self.title = title
        self.summary = summary
        self.content = content
    }
}

extension Store {
    /// The versions (of every item, those of the feed that first carried it: the versions
    /// ``Store/items()`` gives) that have no embedding of `model` yet, oldest first.
    ///
    /// - Parameter model: the embedding model's name (for example `all-MiniLM-L6-v2`).
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func versionsWithoutEmbedding(model: String) throws(StoreError) -> [VersionText] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.id, v.title, v.summary, substr(v.content, 1, 2000) AS content
                FROM item_version v JOIN item i ON i.id = v.item_id AND i.feed_id = v.feed_id
                WHERE NOT EXISTS (SELECT 1 FROM version_embedding e WHERE e.version_id = v.id AND e.model = ?)
                ORDER BY v.id
                """, arguments: [model]).map {
                VersionText(versionID: $0["id"], title: $0["title"] ?? "", summary: $0["summary"] ?? "", content: $0["content"])
            }
        }
    }

    /// Gives each version without an embedding of `model` the stored embedding of another version
    /// of the same item with the same title, summary and first 2,000 characters of content (a new
    /// version whose pubDate or later content changed), in one statement. Returns how many
    /// versions got one. The embedding text is made from those fields alone, so the vector is the
    /// one the model would compute.
    ///
    /// - Throws: ``StoreError/readOnly(path:)`` on a read-only store, ``StoreError`` when the
    ///   database cannot be written (nothing is saved then).
    @discardableResult
    public func reuseEmbeddingsOfSameText(model: String) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO version_embedding(version_id, model, vector)
                SELECT v.id, ?1, (SELECT e.vector FROM item_version w
                                  JOIN version_embedding e ON e.version_id = w.id AND e.model = ?1
                                  WHERE w.item_id = v.item_id AND w.id <> v.id
                                    AND w.title IS v.title AND w.summary IS v.summary
                                    AND substr(w.content, 1, 2000) IS substr(v.content, 1, 2000)
                                  ORDER BY w.id LIMIT 1) AS vector
                FROM item_version v
                WHERE NOT EXISTS (SELECT 1 FROM version_embedding e WHERE e.version_id = v.id AND e.model = ?1)
                  AND vector IS NOT NULL
                """, arguments: [model])
            return db.changesCount
        }
    }

    /// Saves embeddings of `model` (each a version id and its vector), in one transaction; a
    /// version that already has one keeps it.
    ///
    /// - Throws: ``StoreError/readOnly(path:)`` on a read-only store, ``StoreError`` when the
    ///   database cannot be written (nothing is saved then).
    public func saveEmbeddings(_ embeddings: [(versionID: Int64, vector: [Float])], model: String) throws(StoreError) {
        guard !embeddings.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO version_embedding(version_id, model, vector) VALUES (?, ?, ?)")
            for (versionID, vector) in embeddings {
                try statement.execute(arguments: [versionID, model, Self.blob(vector)])
            }
        }
    }

    /// Every stored embedding of `model`: version id -> vector.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func embeddings(model: String) throws(StoreError) -> [Int64: [Float]] {
        try read { db in
            var result: [Int64: [Float]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT version_id, vector FROM version_embedding WHERE model = ?", arguments: [model])
            while let row = try rows.next() {
                let data: Data = row["vector"]
                result[row["version_id"]] = Self.vector(data)
            }
            return result
        }
    }

    /// The stored embedding of `model` of each item's latest version (latest by the time it was
    /// first seen, then by row id, as ``Store/items()`` orders versions): item id -> vector. Items
    /// whose latest version has none are left out. Reads one vector per item, however many
    /// versions the items have.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func latestEmbeddings(model: String) throws(StoreError) -> [Int64: [Float]] {
        try read { db in
            var result: [Int64: [Float]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT v.item_id, e.vector FROM item_version v
                JOIN version_embedding e ON e.version_id = v.id AND e.model = ?
                WHERE v.id = (SELECT w.id FROM item_version w JOIN item i ON i.id = w.item_id AND i.feed_id = w.feed_id
                              WHERE w.item_id = v.item_id ORDER BY w.seen_at DESC, w.id DESC LIMIT 1)
                """, arguments: [model])
            while let row = try rows.next() {
                let data: Data = row["vector"]
                result[row["item_id"]] = Self.vector(data)
            }
            return result
        }
    }

    /// The stored embeddings of `model` of these sentences (fact units): sentence -> vector;
    /// sentences without one are left out.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func unitEmbeddings(model: String, texts: [String]) throws(StoreError) -> [String: [Float]] {
        guard !texts.isEmpty else { return [:] }
        return try rowsByText(ofTable: "unit_embedding", columns: "text, vector", model: model, texts: texts) { row in
            let data: Data = row["vector"]
            return Self.vector(data)
        }
    }

    /// `decode` of every row of `table` (a table keyed by model and sentence) of `model` whose
    /// `text` is one of `texts`, by sentence, in queries of 500 sentences (SQLite limits a
    /// statement's parameters), in one read transaction; a row `decode` refuses (nil) is left out.
    private func rowsByText<T: Sendable>(ofTable table: String, columns: String, model: String, texts: [String],
                                         _ decode: @escaping @Sendable (Row) -> T?) throws(StoreError) -> [String: T] {
        try read { db in
            var result: [String: T] = [:]
            var start = 0
            while start < texts.count {
                let chunk = Array(texts[start..<min(start + 500, texts.count)])
                start += chunk.count
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table) WHERE model = ? AND text IN (\(marks))",
                                               arguments: StatementArguments([model] + chunk))
                while let row = try rows.next() {
                    if let value = decode(row) { result[row["text"]] = value }
                }
            }
            return result
        }
    }

    /// Saves embeddings of `model` of sentences (fact units), in one transaction; a sentence that
    /// already has one keeps it.
    ///
    /// - Throws: ``StoreError/readOnly(path:)`` on a read-only store, ``StoreError`` when the
    ///   database cannot be written (nothing is saved then).
    public func saveUnitEmbeddings(_ embeddings: [(text: String, vector: [Float])], model: String) throws(StoreError) {
        guard !embeddings.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO unit_embedding(model, text, vector) VALUES (?, ?, ?)")
            for (text, vector) in embeddings {
                try statement.execute(arguments: [model, text, Self.blob(vector)])
            }
        }
    }

    /// The stored word-piece embeddings of `model` of these sentences: sentence -> (ids, vectors
    /// row by row, `vectors.count / ids.count` Floats a token, each row as saved to 8 bits);
    /// sentences without them are left out.
    ///
    /// - Throws: ``StoreError`` when the database cannot be read.
    public func unitTokens(model: String, texts: [String]) throws(StoreError) -> [String: (ids: [Int32], vectors: [Float])] {
        guard !texts.isEmpty else { return [:] }
        let stored = try rowsByText(ofTable: "unit_tokens", columns: "text, ids, vectors", model: model, texts: texts) { row -> StoredTokens? in
            let idData: Data = row["ids"]
            let ids = Self.vector(idData).map { Int32(bitPattern: $0.bitPattern) }
            let vectorData: Data = row["vectors"]
            return Self.dequantized(vectorData, rows: ids.count).map { StoredTokens(ids: ids, vectors: $0) }
        }
        return stored.mapValues { (ids: $0.ids, vectors: $0.vectors) }
    }

    /// One sentence's stored word pieces (a Sendable pair).
    private struct StoredTokens: Sendable {
        var ids: [Int32]
        var vectors: [Float]
    }

    /// Saves word-piece embeddings of `model` of sentences, in one transaction, each token's
    /// vector in 8 bits with its own scale (``unitTokens(model:texts:)`` reads them back within
    /// 1/254 of the row's largest value); a sentence that already has them keeps them.
    ///
    /// - Throws: ``StoreError/readOnly(path:)`` on a read-only store, ``StoreError`` when the
    ///   database cannot be written (nothing is saved then).
    public func saveUnitTokens(_ tokens: [(text: String, ids: [Int32], vectors: [Float])], model: String) throws(StoreError) {
        guard !tokens.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO unit_tokens(model, text, ids, vectors) VALUES (?, ?, ?, ?)")
            for (text, ids, vectors) in tokens where !ids.isEmpty && vectors.count % ids.count == 0 {
                let idBlob = Self.blob(ids.map { Float(bitPattern: UInt32(bitPattern: $0)) })
                try statement.execute(arguments: [model, text, idBlob, Self.quantized(vectors, rows: ids.count)])
            }
        }
    }

    /// Rows of `vectors` as a Float32 scale (the row's largest magnitude / 127) and Int8 values.
    public static func quantized(_ vectors: [Float], rows: Int) -> Data {
        let width = rows > 0 ? vectors.count / rows : 0
        var data = Data(capacity: rows * (4 + width))
        for row in 0..<rows {
            let values = vectors[(row * width)..<((row + 1) * width)]
            let largest = values.reduce(Float(0)) { max($0, abs($1)) }
            let scale = largest > 0 ? largest / 127 : 1
            withUnsafeBytes(of: scale.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            for value in values { data.append(UInt8(bitPattern: Int8(max(-127, min(127, (value / scale).rounded()))))) }
        }
        return data
    }

    /// The Floats of ``quantized(_:rows:)``'s bytes; nil when the length does not fit `rows`.
    public static func dequantized(_ data: Data, rows: Int) -> [Float]? {
        guard rows > 0, data.count % rows == 0, data.count / rows > 4 else { return nil }
        let stride = data.count / rows
        var result: [Float] = []
        result.reserveCapacity(rows * (stride - 4))
        data.withUnsafeBytes { raw in
            for row in 0..<rows {
                let base = row * stride
                let scale = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self)))
                for index in 4..<stride { result.append(Float(Int8(bitPattern: raw[base + index])) * scale) }
            }
        }
        return result
    }

    /// Little-endian Float32 bytes of a vector.
    public static func blob(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// The vector of little-endian Float32 bytes (a trailing partial value is ignored).
    public static func vector(_ data: Data) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(data.count / 4)
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset + 4 <= raw.count {
                result.append(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                offset += 4
            }
        }
        return result
    }
}
