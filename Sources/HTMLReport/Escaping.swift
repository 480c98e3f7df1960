import Charts
import Plot

// Plot escapes `<` and `>` in text but keeps `&…;` sequences as entities and writes
// attribute values verbatim. Report content comes from untrusted inputs (SDP lines,
// file names, capture data), so every piece of it goes through these helpers, which
// escape completely (XML 1.0 §2.4, §3.3.3): the document stays well-formed whatever
// the data, and no input can inject markup.

extension Node {
    /// Character data, escaped: `&` is written as `&amp;` (which Plot keeps), Plot
    /// escapes `<` and `>`.
    static func plain(_ text: String) -> Node {
        .text(text.replacingOccurrences(of: "&", with: "&amp;"))
    }

    /// An attribute whose value is escaped.
    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: XMLEscaping.attribute(value), ignoreIfValueIsEmpty: false)
    }

    /// A `class` attribute.
    static func cls(_ names: String) -> Node { .attr("class", names) }
}

extension Node where Context: HTML.BodyContext {
    /// An inline SVG chart, built and escaped by the Charts module.
    static func svg(_ element: SVGElement) -> Node {
        .raw(element.xml)
    }
}

/// Characters allowed in an HTML id built from data (`offer-L12`, `f-3`).
enum Anchor {
    static func id(_ parts: String...) -> String {
        let joined = parts.joined(separator: "-")
        return String(joined.unicodeScalars.map { s -> Character in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || s == "-" || s == "_" ? Character(s) : "_"
        })
    }
}
