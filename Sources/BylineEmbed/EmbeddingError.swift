/// Errors thrown while loading a sentence-embedding model from disk.
///
/// Every case names the file or directory involved, so the one-line
/// ``description`` can be shown to a user as is.
public enum EmbeddingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model directory does not exist or is not a directory.
    /// - `path`: the directory that was looked up.
    case modelNotFound(path: String)

    /// A file the model needs (`tokenizer.json` or `model.safetensors`) is absent
    /// from an existing model directory.
    /// - `path`: the full path of the missing file.
    case fileMissing(path: String)

    /// A file exists but could not be read (permissions, I/O error).
    /// - `path`: the file; `reason`: the underlying error message.
    case unreadable(path: String, reason: String)

    /// A file is shorter than its own header says it should be, typically an
    /// interrupted download or copy.
    /// - `expectedBytes`: the minimum file size in bytes implied by the header.
    /// - `actualBytes`: the size found on disk, in bytes.
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)

    /// A file is readable but its content is not what the loader understands:
    /// invalid JSON, a safetensors header that does not parse, an unsupported
    /// tokenizer component or tensor data type, inconsistent offsets.
    /// - `reason`: a short human-readable explanation.
    case malformed(path: String, reason: String)

    /// `model.safetensors` lacks a tensor the encoder needs.
    /// - `tensor`: the tensor name without any `bert.` prefix, for example
    ///   `encoder.layer.0.attention.self.query.weight`.
    case missingTensor(path: String, tensor: String)

    /// A tensor in `model.safetensors` does not have the shape the encoder
    /// expects (for example a checkpoint of a different model size).
    /// - `expected` / `actual`: the shapes as lists of dimension sizes.
    case shapeMismatch(path: String, tensor: String, expected: [Int], actual: [Int])

    /// The requested token cap is outside what the model supports.
    /// - `requested`: the `maxTokens` that was passed.
    /// - `allowed`: the supported range (at least 2 for `[CLS]` and `[SEP]`,
    ///   at most the model's number of position embeddings).
    case invalidMaxTokens(requested: Int, allowed: ClosedRange<Int>)

    /// OpenBLAS, which the encoder's matrix products run on, could not be
    /// loaded (it is loaded when the first embedder is made, not linked).
    /// - `reason`: the dynamic loader's message.
    case blasUnavailable(reason: String)

    /// A one-line message that names the file involved.
    public var description: String {
        switch self {
        case .modelNotFound(let path):
            return "embedding model not found: no directory at \(path)"
        case .fileMissing(let path):
            return "embedding model incomplete: missing file \(path)"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .truncated(let path, let expected, let actual):
            return "truncated file \(path): expected at least \(expected) bytes, found \(actual)"
        case .malformed(let path, let reason):
            return "malformed file \(path): \(reason)"
        case .missingTensor(let path, let tensor):
            return "tensor \(tensor) missing from \(path)"
        case .shapeMismatch(let path, let tensor, let expected, let actual):
            return "tensor \(tensor) in \(path) has shape \(actual), expected \(expected)"
        case .invalidMaxTokens(let requested, let allowed):
            return "maxTokens \(requested) is outside the supported range \(allowed.lowerBound)...\(allowed.upperBound)"
        case .blasUnavailable(let reason):
            return "OpenBLAS cannot be loaded (install libopenblas0): \(reason)"
        }
    }
}
