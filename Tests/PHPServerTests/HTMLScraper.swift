import Foundation

/// Pulls what the tests need out of application HTML with regular expressions: the pages are known, generated
/// markup, and a test that reads them this way fails loudly when that markup changes.
enum HTMLScraper {
    /// The inner HTML of the first `<form ...>` whose opening tag contains `marker` (e.g. `id="dw__editform"`).
    static func form(containing marker: String, in html: String) -> String? {
        var searchStart = html.startIndex
        while let open = html.range(of: "<form", range: searchStart..<html.endIndex) {
            guard let tagEnd = html.range(of: ">", range: open.upperBound..<html.endIndex) else { return nil }
            guard let close = html.range(of: "</form>", range: tagEnd.upperBound..<html.endIndex) else { return nil }
            if html[open.lowerBound..<tagEnd.upperBound].contains(marker) {
                return String(html[open.lowerBound..<close.upperBound])
            }
            searchStart = tagEnd.upperBound
        }
        return nil
    }

    /// `name` -> `value` of every `<input>` with both attributes, in document order (later duplicates win).
    static func inputs(in html: String) -> [String: String] {
        var fields: [String: String] = [:]
        for tag in matches(of: #"<input\b[^>]*>"#, in: html) {
            let attributes = self.attributes(of: tag[0])
            if let name = attributes["name"], let value = attributes["value"] { fields[name] = value }
        }
        return fields
    }

    /// The decoded text of the first `<textarea>` named `name`.
    static func textarea(named name: String, in html: String) -> String? {
        for match in matches(of: #"<textarea\b([^>]*)>([\s\S]*?)</textarea>"#, in: html)
        where attributes(of: match[1])["name"] == name {
            return decodeEntities(match[2])
        }
        return nil
    }

    /// Attributes of one tag, quoted with `"` or `'`, entities decoded.
    static func attributes(of tag: String) -> [String: String] {
        var result: [String: String] = [:]
        for match in matches(of: #"([A-Za-z_:][-A-Za-z0-9_:.\[\]]*)\s*=\s*(?:"([^"]*)"|'([^']*)')"#, in: tag) {
            result[match[1]] = decodeEntities(match[2].isEmpty ? match[3] : match[2])
        }
        return result
    }

    /// Every match of `pattern`; element 0 is the whole match, then the groups (empty when a group did not take part).
    static func matches(of pattern: String, in text: String) -> [[String]] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    static func decodeEntities(_ text: String) -> String {
        var decoded = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'")] {
            decoded = decoded.replacingOccurrences(of: entity, with: character)
        }
        return decoded.replacingOccurrences(of: "&amp;", with: "&")
    }
}
