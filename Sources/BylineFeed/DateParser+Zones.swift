import Foundation

/// Zones that feedparser 6.0.14 reads as UTC although the text names another offset: IANA zone
/// names, abbreviations outside its table, and offsets written loosely after `GMT`/`UTC`.
extension DateParser {
    /// Common zone abbreviations that feedparser's table (``rfc822Zones``) lacks, in seconds east
    /// of UTC. feedparser reads each as UTC, which puts a Central European or Indian feed's items
    /// hours off. Only names with one reading in news feeds are here; where a name has several
    /// (`IST`: India, Ireland, Israel), the one news feeds use (India, +05:30) is taken, as
    /// gofeed's table does for its ambiguous names. Source: the abbreviations of the IANA tz
    /// database (`northamerica`, `europe`, `asia`, `australasia`, `africa`).
    static let commonZones: [UInt64: Int] = {
        let minutes: [String: Int] = [
            "cet": 60, "cest": 120, "eet": 120, "eest": 180, "wet": 0, "west": 60,
            "bst": 60, "ist": 330, "msk": 180,
            "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "pht": 480, "awst": 480,
            "wib": 420, "ict": 420, "pkt": 300, "npt": 345,
            "aest": 600, "aedt": 660, "acst": 570, "acdt": 630, "nzst": 720, "nzdt": 780,
            "hst": -600, "akst": -540, "akdt": -480, "nst": -210, "ndt": -150,
            "brt": -180, "art": -180,
            "sast": 120, "cat": 120, "eat": 180, "wat": 60,
        ]
        return minutes.reduce(into: [:]) { $0[pack(Array($1.key.utf8)[...])] = $1.value * 60 }
    }()

    /// A named zone as seconds east of UTC: feedparser's `names` table first, then
    /// ``commonZones``; anything else (and a name longer than eight bytes) is UTC, as
    /// feedparser's `dict.get(name, 0)`.
    static func namedZone(_ zone: ArraySlice<UInt8>, _ names: [UInt64: Int]) -> Int {
        guard zone.count <= 8 else { return 0 }
        let key = pack(zone.lazy.map(lower)[...])
        if let hours = names[key] { return hours * 3600 }
        return commonZones[key] ?? 0
    }

    /// A zone name the parser knows, as seconds east of UTC: ``rfc822Zones`` (feedparser's table)
    /// first, then ``commonZones``; nil for any other name, so that a reader can refuse a zone it
    /// does not know rather than read it as UTC.
    static func knownZone(_ zone: ArraySlice<UInt8>) -> Int? {
        guard !zone.isEmpty, zone.count <= 8 else { return nil }
        let key = pack(zone.lazy.map(lower)[...])
        if let hours = rfc822Zones[key] { return hours * 3600 }
        return commonZones[key]
    }

    /// Whether `piece` is only a zone's name, bare or in parentheses (`CEST`, `(EDT)`,
    /// `Europe/Paris`): a name of ``knownZone(_:)`` or the system tz database (``ianaZone(_:)``).
    /// Readers accept such a name after an explicit offset, which it merely names.
    static func isZoneName(_ piece: ArraySlice<UInt8>) -> Bool {
        var name = piece
        if name.first == UInt8(ascii: "("), name.last == UInt8(ascii: ")") { name = name.dropFirst().dropLast() }
        return knownZone(name) != nil || ianaZone(name) != nil
    }

    /// An offset after `GMT`/`UTC` or on its own, as people write it: `+7`, `+07`, `+0700`,
    /// `+7:00`, `+07:00`, `-0530` (sign, then one to four digits, the last two minutes when there
    /// are three or four, or `h:mm`/`hh:mm`). Seconds east of UTC; nil when malformed or beyond
    /// ±23:59. feedparser reads `GMT+7` the same way (`int(tz[1:3])` hours).
    static func looseOffset(_ zone: ArraySlice<UInt8>) -> Int? {
        guard let sign = zone.first, sign == plus || sign == minus else { return nil }
        let body = zone.dropFirst()
        var hours: Int
        var minutes = 0
        if let colonAt = body.firstIndex(of: colon) {
            let h = body[..<colonAt]
            let m = body[(colonAt + 1)...]
            guard (1...2).contains(h.count), m.count == 2, let hv = number(h), let mv = number(m) else { return nil }
            hours = hv
            minutes = mv
        } else {
            guard (1...4).contains(body.count), let value = number(body) else { return nil }
            if body.count <= 2 { hours = value } else { hours = value / 100; minutes = value % 100 }
        }
        guard hours <= 23, minutes <= 59 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == minus ? -total : total
    }

    /// The system tz database's zone for an IANA name as written in a feed (`America/Los_Angeles`,
    /// `Europe/Berlin`, `Etc/GMT+7`), matched without regard to case; nil when the text has no
    /// `/` or names no zone the system knows.
    static func ianaZone(_ name: ArraySlice<UInt8>) -> TimeZone? {
        guard name.contains(slash), name.count <= 64 else { return nil }
        let text = String(decoding: name, as: UTF8.self)
        if let canonical = ianaNames[text.lowercased()] { return TimeZone(identifier: canonical) }
        // Not listed (some systems leave out `Etc/`): taken only when the system names it back.
        guard let zone = TimeZone(identifier: text), zone.identifier.lowercased() == text.lowercased() else { return nil }
        return zone
    }

    /// Every zone identifier the system knows, by its lower-cased name (built on first use):
    /// Foundation's list (ICU's, which has `Asia/Calcutta` but not `Asia/Kolkata`) and the
    /// names of the tz database's files (`$TZDIR`, else `/usr/share/zoneinfo`).
    static let ianaNames: [String: String] = {
        var names: [String: String] = [:]
        for identifier in TimeZone.knownTimeZoneIdentifiers { names[identifier.lowercased()] = identifier }
        let folder = ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo"
        if let files = FileManager.default.enumerator(atPath: folder) {
            while let path = files.nextObject() as? String {
                guard path.contains("/"), let first = path.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(first),
                      !path.hasPrefix("posix/"), !path.hasPrefix("right/") else { continue }
                names[path.lowercased()] = names[path.lowercased()] ?? path
            }
        }
        return names
    }()

    /// Seconds east of UTC that `zone` observes at the given wall-clock time (its daylight-saving
    /// rules included); nil when a field is out of range. A wall-clock time that the zone skips
    /// (the hour lost in spring) takes the offset in force after the change.
    static func offset(in zone: TimeZone, year: Int, month: Int, day: Int, hour: Int, minute: Int,
                       second: Int) -> Int? {
        guard let local = utcSeconds(year: year, month: month, day: day, hour: hour, minute: minute,
                                     second: second, offsetSeconds: 0) else { return nil }
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local)))
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - first)))
    }
}
