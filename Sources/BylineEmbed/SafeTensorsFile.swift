import Foundation

/// A `.safetensors` file: an 8-byte little-endian header length, a JSON header
/// describing each tensor (`dtype`, `shape`, `data_offsets` relative to the end
/// of the header), then the raw tensor bytes.
///
/// The header and the file size are validated when the file is opened;
/// tensor data is copied out on demand with ``floats(_:shape:)``.
struct SafeTensorsFile {
    struct Entry {
        var dataType: String
        var shape: [Int]
        /// Absolute byte range of the tensor data in the file.
        var byteRange: Range<Int>
    }

    /// Largest header accepted, in bytes; real headers are a few kilobytes.
    static let maximumHeaderBytes = 64 << 20

    let path: String
    let entries: [String: Entry]
    private let contents: Data

    /// Opens and validates a safetensors file.
    /// - Throws: ``EmbeddingError/fileMissing(path:)`` if there is no file,
    ///   ``EmbeddingError/unreadable(path:reason:)`` on an I/O error,
    ///   ``EmbeddingError/truncated(path:expectedBytes:actualBytes:)`` if the
    ///   file is shorter than its header requires,
    ///   ``EmbeddingError/malformed(path:reason:)`` if the header is invalid.
    init(contentsOf url: URL) throws(EmbeddingError) {
        let path = url.path
        self.path = path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .fileMissing(path: path) }
        guard !isFolder.boolValue else { throw .unreadable(path: path, reason: "a folder, not a file") }

        let fileSize: Int
        do {
            // The file a symbolic link points to (a Hugging Face cache links its blobs).
            let attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
            fileSize = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        guard fileSize >= 8 else { throw .truncated(path: path, expectedBytes: 8, actualBytes: fileSize) }

        // Read the header with a file handle first so that a damaged file is
        // rejected before the whole file is mapped.
        let headerLength: Int
        let header: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let lengthBytes = try handle.read(upToCount: 8) ?? Data()
            guard lengthBytes.count == 8 else {
                throw EmbeddingError.truncated(path: path, expectedBytes: 8, actualBytes: lengthBytes.count)
            }
            let length = lengthBytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            guard length >= 2, length <= UInt64(Self.maximumHeaderBytes) else {
                throw EmbeddingError.malformed(path: path, reason: "implausible header length \(length)")
            }
            headerLength = Int(length)
            guard fileSize >= 8 + headerLength else {
                throw EmbeddingError.truncated(path: path, expectedBytes: 8 + headerLength, actualBytes: fileSize)
            }
            header = try handle.read(upToCount: headerLength) ?? Data()
            guard header.count == headerLength else {
                throw EmbeddingError.truncated(path: path, expectedBytes: 8 + headerLength, actualBytes: 8 + header.count)
            }
        } catch let error as EmbeddingError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }

        let entries = try Self.parseHeader(header, path: path, dataStart: 8 + headerLength)
        let required = entries.values.map(\.byteRange.upperBound).max() ?? 8 + headerLength
        guard fileSize >= required else {
            throw .truncated(path: path, expectedBytes: required, actualBytes: fileSize)
        }
        self.entries = entries
        do {
            self.contents = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        guard contents.count >= required else {
            throw .truncated(path: path, expectedBytes: required, actualBytes: contents.count)
        }
    }

    /// The entry for `name`, also trying the `bert.` prefix some checkpoints use.
    func entry(named name: String) -> (name: String, entry: Entry)? {
        if let entry = entries[name] { return (name, entry) }
        if let entry = entries["bert." + name] { return ("bert." + name, entry) }
        return nil
    }

    /// Copies an F32 tensor out of the file, checking its shape.
    /// - Parameters:
    ///   - name: the tensor name without any `bert.` prefix.
    ///   - shape: the expected shape; the result has `shape.reduce(1, *)` elements
    ///     in row-major order.
    /// - Throws: ``EmbeddingError/missingTensor(path:tensor:)``,
    ///   ``EmbeddingError/shapeMismatch(path:tensor:expected:actual:)``, or
    ///   ``EmbeddingError/malformed(path:reason:)`` for a data type other than F32.
    func floats(_ name: String, shape: [Int]) throws(EmbeddingError) -> [Float] {
        guard let (fullName, entry) = entry(named: name) else {
            throw .missingTensor(path: path, tensor: name)
        }
        guard entry.shape == shape else {
            throw .shapeMismatch(path: path, tensor: name, expected: shape, actual: entry.shape)
        }
        guard entry.dataType == "F32" else {
            throw .malformed(path: path, reason: "tensor \(fullName) has data type \(entry.dataType), only F32 is supported")
        }
        let count = shape.reduce(1, *)
        let range = entry.byteRange
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            contents.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[range]))
            }
            initialized = count
        }
        #if _endian(big)
        return values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #else
        return values
        #endif
    }

    private static func parseHeader(_ header: Data, path: String, dataStart: Int) throws(EmbeddingError) -> [String: Entry] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw .malformed(path: path, reason: "header is not valid JSON")
        }
        guard let table = object as? [String: Any] else {
            throw .malformed(path: path, reason: "header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        for (name, value) in table where name != "__metadata__" {
            guard let description = value as? [String: Any],
                  let dataType = description["dtype"] as? String,
                  let shape = (description["shape"] as? [Any])?.compactMap(Self.integer),
                  let offsets = (description["data_offsets"] as? [Any])?.compactMap(Self.integer),
                  offsets.count == 2,
                  shape.count == (description["shape"] as? [Any])?.count
            else {
                throw .malformed(path: path, reason: "invalid header entry for tensor \(name)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, shape.allSatisfy({ $0 >= 0 }) else {
                throw .malformed(path: path, reason: "invalid data offsets or shape for tensor \(name)")
            }
            if let width = Self.byteWidth(of: dataType) {
                let (elements, overflow) = shape.reduce((1, false)) { partial, dimension in
                    let product = partial.0.multipliedReportingOverflow(by: dimension)
                    return (product.partialValue, partial.1 || product.overflow)
                }
                guard !overflow, elements.multipliedReportingOverflow(by: width).partialValue == end - begin else {
                    throw .malformed(path: path, reason: "tensor \(name) has \(end - begin) bytes, which does not match shape \(shape) of \(dataType)")
                }
            }
            entries[name] = Entry(dataType: dataType, shape: shape, byteRange: (dataStart + begin)..<(dataStart + end))
        }
        return entries
    }

    private static func integer(_ value: Any) -> Int? {
        if let number = value as? NSNumber {
            let double = number.doubleValue
            guard double >= 0, double < 9.0e15, double == double.rounded() else { return nil }
            return number.intValue
        }
        return value as? Int
    }

    private static func byteWidth(of dataType: String) -> Int? {
        switch dataType {
        case "F64", "I64", "U64": return 8
        case "F32", "I32", "U32": return 4
        case "F16", "BF16", "I16", "U16": return 2
        case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": return 1
        default: return nil
        }
    }
}
