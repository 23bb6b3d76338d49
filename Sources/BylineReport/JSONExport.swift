import Foundation

/// `stories.json`: the report as one JSON document for notebooks (schema `byline-report`,
/// version ``schemaVersion``; the README's "stories.json" section documents every field).
///
/// The document is an object: `schema`, `schema_version`, `since` and `until` (the report's
/// range or null), then one array of flat records per table, `stories`, `events`, `items`, `facts`,
/// `mentions`, `attributions`, `edits`, `anomalies` and `outlets`, in the rows' order. Records
/// of one table have the same keys in the same order; times are ISO-8601 UTC strings to the
/// second (`2021-09-18T19:13:44Z`) or null; lists are arrays of strings; rates are numbers with
/// four decimals or null without trials. Tables join on `story_id` (and `fact_id` within a
/// story, `item_guid` with `outlet`), as the CSV files do. The text is deterministic: the same
/// report gives the same bytes (no generation time, fixed key order, one record per line).
public enum JSONExport {
    /// The schema's version; a change that removes or renames a field, or changes a field's
    /// type or meaning, increments it (adding a field does not).
    public static let schemaVersion = 2

    /// Renders the report.
    ///
    /// - Returns: UTF-8 JSON (RFC 8259) with LF line ends, ending in a newline.
    public static func render(_ report: Report) -> String {
        var out = "{\"schema\":\"byline-report\",\"schema_version\":\(schemaVersion),\"since\":\(time(report.since)),\"until\":\(time(report.until)),\n"
        func table(_ name: String, _ records: [[(String, String)]], last: Bool = false) {
            out += "\"\(name)\":["
            for (index, record) in records.enumerated() {
                out += "\n{" + record.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
                if index < records.count - 1 { out += "," }
            }
            out += records.isEmpty ? "]" : "\n]"
            out += last ? "\n" : ",\n"
        }
        let events = report.eventCounts()
        table("stories", report.stories.map { row in
            [("story_id", String(row.storyID)), ("headline", string(row.headline)), ("outlets", list(row.outlets)),
             ("items", String(row.items)), ("first_outlet", string(row.firstOutlet)), ("first_time", time(row.firstTime)),
             ("first_window_start", time(row.firstWindowStart)), ("first_seen", time(row.firstPulled)), ("time_source", string(row.timeSource)),
             ("span_hours", ReportFormat.decimal(row.spanHours)), ("tie", bool(!row.tiedWith.isEmpty)), ("tied_with", list(row.tiedWith)),
             ("first_item_guid", string(row.firstItemGuid)), ("first_title", string(row.firstTitle)),
             ("events", String(events[row.storyID] ?? 0))]
        })
        table("events", report.events.map { row in
            [("story_id", String(row.storyID)), ("event", String(row.event)), ("outlets", list(row.outlets)),
             ("items", String(row.items.count)), ("item_guids", list(row.items.map(\.itemGuid))),
             ("first_outlet", string(row.firstOutlet)), ("first_time", time(row.firstTime)),
             ("first_window_start", time(row.firstWindowStart)), ("first_seen", time(row.firstPulled)), ("time_source", string(row.timeSource)),
             ("tie", bool(!row.tiedWith.isEmpty)), ("tied_with", list(row.tiedWith)), ("first_item_guid", string(row.firstItemGuid)),
             ("first_title", string(row.firstTitle))]
        })
        table("items", report.coverage.map { row in
            [("story_id", String(row.storyID)), ("outlet", string(row.outlet)), ("item_guid", string(row.itemGuid)),
             ("item_link", row.itemLink.map(string) ?? "null"), ("title", string(row.title)),
             ("latest_title", row.latestTitle.map(string) ?? "null"), ("published", time(row.published)),
             ("window_start", time(row.windowStart)), ("first_seen", time(row.firstSeen)), ("time", time(row.time)),
             ("time_source", string(row.timeSource)), ("lag_seconds", String(row.lagSeconds)), ("versions", String(row.versions)),
             ("wire_copy_of", row.wireCopyOf.isEmpty ? "null" : string(row.wireCopyOf))]
        })
        table("facts", report.facts.map { row in
            [("story_id", String(row.storyID)), ("fact_id", String(row.factID)), ("text", string(row.text)), ("kind", string(row.kind)),
             ("outlets", list(row.outlets)), ("first_outlet", string(row.firstOutlet)), ("first_time", time(row.firstTime)),
             ("first_window_start", time(row.firstWindowStart)), ("time_source", string(row.timeSource)),
             ("tie", bool(!row.tiedWith.isEmpty)), ("tied_with", list(row.tiedWith)), ("values", list(row.values)),
             ("trend", string(row.trend)), ("disagreeing", list(row.disagreeing)), ("wire_outlets", list(row.wireOutlets)),
             ("mentions", String(row.mentionCount))]
        })
        table("mentions", report.mentions.map { row in
            [("story_id", String(row.storyID)), ("fact_id", String(row.factID)), ("outlet", string(row.outlet)),
             ("item_guid", string(row.itemGuid)), ("sentence", string(row.sentence)), ("time", time(row.time)),
             ("window_start", time(row.windowStart)), ("time_source", string(row.timeSource)),
             ("value", row.value.isEmpty ? "null" : string(row.value)), ("value_text", row.valueText.isEmpty ? "null" : string(row.valueText)),
             ("wire_copy_of", row.wireCopyOf.isEmpty ? "null" : string(row.wireCopyOf))]
        })
        table("attributions", report.attributions.map { row in
            [("story_id", String(row.storyID)), ("outlet", string(row.outlet)), ("item_guid", string(row.itemGuid)),
             ("kind", string(row.kind)), ("credited", string(row.credited)), ("phrase", string(row.phrase)),
             ("verdict", string(row.verdict)), ("evidence", string(row.evidence)), ("credited_followed", bool(row.creditedFollowed)),
             ("first_outlet", row.firstOutlet.isEmpty ? "null" : string(row.firstOutlet)), ("first_tied_with", list(row.firstTiedWith))]
        })
        table("edits", report.edits.map { row in
            [("story_id", row.storyID.map { String($0) } ?? "null"), ("outlet", string(row.outlet)), ("item_guid", string(row.itemGuid)),
             ("field", string(row.field)), ("from", time(row.from)), ("to", time(row.to)), ("class", string(row.kind)),
             ("reason", string(row.reason)), ("silent", bool(row.silent)), ("removed", string(row.removed)), ("added", string(row.added))]
        })
        table("anomalies", report.anomalies.map { row in
            [("story_id", row.storyID.map { String($0) } ?? "null"), ("outlet", string(row.outlet)), ("item_guid", string(row.itemGuid)),
             ("kind", string(row.kind)), ("published", time(row.published)), ("first_seen", time(row.firstSeen)),
             ("detail", string(row.detail))]
        })
        table("outlets", report.outlets.map { row in
            let score = row.score
            return [("outlet", string(row.outlet)), ("items", String(row.items)), ("stories", String(row.stories)),
                    ("shared_stories", String(row.sharedStories)), ("first_reports", String(row.firstReports)),
                    ("first_or_tied", String(row.firstOrTied)), ("first_ties", String(score.firstTies))]
                + rate("first_report", row.checkedFirstReports.firsts, row.checkedFirstReports.stories)
                + [("median_lag_seconds", row.medianLagSeconds.map { String($0) } ?? "null"),
                   ("lag_p25_seconds", score.lagP25Seconds.map { String($0) } ?? "null"),
                   ("lag_p75_seconds", score.lagP75Seconds.map { String($0) } ?? "null"), ("lag_count", String(score.lagCount)),
                   ("facts_first", String(score.factsFirst)), ("facts_corroborated", String(score.factsCorroborated))]
                + rate("corroboration", score.factsCorroborated, score.factsFirst)
                + [("exclusive_facts", String(score.exclusiveFacts)), ("disagreements", String(score.disagreements)),
                   ("items_seen_twice", String(score.itemsSeenTwice)), ("items_silently_edited", String(score.itemsSilentlyEdited))]
                + rate("silent_edit", score.itemsSilentlyEdited, score.itemsSeenTwice)
                + [("items_checked", String(score.itemsChecked)), ("items_with_anomaly", String(score.itemsWithAnomaly))]
                + rate("anomaly", score.itemsWithAnomaly, score.itemsChecked)
                + [("scoop_claims", String(score.scoopClaims)), ("scoop_confirmed", String(score.scoopConfirmed)),
                   ("scoop_contradicted", String(score.scoopContradicted)),
                   ("first_reports_unchecked", String(score.firstReportsUnchecked)), ("pulls", String(row.pulls)),
                   ("pulls_failed", String(row.pullsFailed))]
        }, last: true)
        return out + "}\n"
    }

    /// `<name>_rate`, `<name>_low`, `<name>_high` (Wilson 95%, four decimals), null without trials.
    static func rate(_ name: String, _ successes: Int, _ trials: Int) -> [(String, String)] {
        guard let interval = WilsonInterval(successes: successes, trials: trials) else {
            return [("\(name)_rate", "null"), ("\(name)_low", "null"), ("\(name)_high", "null")]
        }
        return [("\(name)_rate", ReportFormat.rate(interval.rate)), ("\(name)_low", ReportFormat.rate(interval.low)),
                ("\(name)_high", ReportFormat.rate(interval.high))]
    }

    static func time(_ date: Date?) -> String {
        let text = ReportFormat.time(date)
        return text.isEmpty ? "null" : "\"\(text)\""
    }

    static func bool(_ value: Bool) -> String { value ? "true" : "false" }

    static func list(_ values: [String]) -> String { "[" + values.map(string).joined(separator: ",") + "]" }

    /// `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, `\r` or
    /// `\u00XX`, U+2028 and U+2029 as `\u2028`/`\u2029` (so the text is also valid JavaScript);
    /// everything else as UTF-8.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
