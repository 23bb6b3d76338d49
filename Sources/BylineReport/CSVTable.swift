import Foundation
import CSV

/// A CSV table as RFC 4180 text: a header row, CRLF line ends, fields quoted where needed
/// (comma, quote, CR or LF inside), UTF-8.
///
/// Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
/// CR, OWASP "CSV injection") are neutralised with a leading `'`, except cells that no
/// spreadsheet runs: plain numbers such as `-120`, `+3.5`, `-.5` or `-1.5e-3`, which stay
/// numbers, and a lone `-` (a placeholder for no value).
public struct CSVTable: Sendable, Hashable {
    /// The column names.
    public var header: [String]
    /// The data rows; each should have `header.count` cells.
    public var rows: [[String]]

    /// Creates a table.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as RFC 4180 text, every record (the last one too) ended by CRLF.
    public func text() -> String {
        // The bytes CSV.swift's `CSVWriter` writes (CRLF before every record but the first, a
        // comma between fields, a CRLF added at the end), built in one buffer: the writer puts
        // every byte through an output stream one at a time. A field holding a quote, comma, CR
        // or LF goes through the writer itself, so that its quoting is the writer's.
        var bytes: [UInt8] = []
        for (number, row) in ([header] + rows.map { $0.map(Self.neutralised) }).enumerated() {
            if number > 0 { bytes += [13, 10] }
            for (index, field) in row.enumerated() {
                if index > 0 { bytes.append(44) }
                if field.utf8.contains(where: { $0 == 34 || $0 == 44 || $0 == 13 || $0 == 10 }) {
                    bytes += Self.writtenByCSVWriter(field)
                } else {
                    bytes += field.utf8
                }
            }
        }
        bytes += [13, 10]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes `CSVWriter` writes for `field` as the first field of a table (quoted where it
    /// decides so).
    static func writtenByCSVWriter(_ field: String) -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        // The writer only fails when the stream cannot be opened or written, which a memory
        // stream never refuses.
        guard let writer = try? CSVWriter(stream: stream, newline: .crlf) else { return Array(field.utf8) }
        try? writer.write(field: field)
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Array(data)
    }

    /// `cell` made safe to open in a spreadsheet: a leading `'` before `=`, `+`, `-`, `@`, tab
    /// or CR, unless the cell is a plain number (``isPlainNumber(_:)``) or a lone `-`.
    ///
    /// `=cmd`, `+1+2`, `-1+A1` and `@SUM(A1)` become `'=cmd`, `'+1+2`, `'-1+A1` and `'@SUM(A1)`;
    /// `-3`, `-0.5`, `+3.5` and `-` stay as they are.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if cell == "-" || isPlainNumber(cell) { return cell }
        return "'" + cell
    }

    /// Whether `cell` is a plain decimal number, as a spreadsheet reads it and as Swift prints
    /// one: an optional sign, digits with at most one `.` (at least one digit), and an optional
    /// exponent (`e` or `E`, an optional sign, digits): `-120`, `+3.5`, `-.5`, `-1.5e-3`.
    static func isPlainNumber(_ cell: String) -> Bool {
        var scalars = Substring(cell).unicodeScalars[...]
        func skipSign() { if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() } }
        func digitCount() -> Int {
            let count = scalars.prefix { ("0"..."9").contains($0) }.count
            scalars = scalars.dropFirst(count)
            return count
        }
        skipSign()
        var digits = digitCount()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            digits += digitCount()
        }
        guard digits > 0 else { return false }
        if let mark = scalars.first, mark == "e" || mark == "E" {
            scalars = scalars.dropFirst()
            skipSign()
            guard digitCount() > 0 else { return false }
        }
        return scalars.isEmpty
    }
}
