import Foundation

/// Sizes of a BERT encoder, read from the model's `config.json` when present
/// (otherwise the all-MiniLM-L6-v2 values).
struct BertConfiguration: Sendable, Equatable {
    var hiddenSize = 384
    var attentionHeads = 12
    var layers = 6
    var intermediateSize = 1536
    var maxPositionEmbeddings = 512
    var layerNormEpsilon: Float = 1e-12

    var headSize: Int { hiddenSize / attentionHeads }

    /// Reads `config.json` from `directory` if it exists.
    /// - Throws: ``EmbeddingError/malformed(path:reason:)`` if the file is not
    ///   valid JSON, describes an activation other than exact GELU, a position
    ///   embedding other than absolute, or sizes that do not fit together.
    init(directory: URL) throws(EmbeddingError) {
        let url = directory.appendingPathComponent("config.json")
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw .malformed(path: path, reason: "not valid JSON")
        }
        guard let json = object as? [String: Any] else {
            throw .malformed(path: path, reason: "not a JSON object")
        }
        func integer(_ key: String, into value: inout Int) throws(EmbeddingError) {
            guard let raw = json[key] else { return }
            guard let number = raw as? NSNumber, number.doubleValue == number.doubleValue.rounded(),
                  number.intValue > 0, number.intValue < 1 << 24
            else { throw .malformed(path: path, reason: "\(key) must be a positive integer") }
            value = number.intValue
        }
        try integer("hidden_size", into: &hiddenSize)
        try integer("num_attention_heads", into: &attentionHeads)
        try integer("num_hidden_layers", into: &layers)
        try integer("intermediate_size", into: &intermediateSize)
        try integer("max_position_embeddings", into: &maxPositionEmbeddings)
        if let raw = json["layer_norm_eps"] {
            guard let number = raw as? NSNumber, number.doubleValue > 0 else {
                throw .malformed(path: path, reason: "layer_norm_eps must be a positive number")
            }
            layerNormEpsilon = number.floatValue
        }
        if let activation = json["hidden_act"] as? String, activation != "gelu" {
            throw .malformed(path: path, reason: "hidden_act \(activation) is not supported, expected gelu")
        }
        if let positions = json["position_embedding_type"] as? String, positions != "absolute" {
            throw .malformed(path: path, reason: "position_embedding_type \(positions) is not supported, expected absolute")
        }
        guard hiddenSize == SentenceEmbedder.dimension else {
            throw .malformed(path: path, reason: "hidden_size \(hiddenSize) is not supported, expected \(SentenceEmbedder.dimension)")
        }
        guard hiddenSize % attentionHeads == 0 else {
            throw .malformed(path: path, reason: "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(attentionHeads)")
        }
    }
}
