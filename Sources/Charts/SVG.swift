/// A typed SVG element tree that renders to well-formed XML.
///
/// Every chart in every report is built from these values, never from concatenated
/// markup: attribute values and text are escaped when rendered (XML 1.0 §2.4, §3.3.3),
/// so data such as an SDP line or a capture file name can never break the document.
public struct SVGElement: Sendable, Hashable {
    /// The element name, e.g. `path`.
    public let name: String
    /// Attributes in the order they are written.
    public private(set) var attributes: [SVGAttribute]
    public private(set) var children: [SVGNode]

    public init(_ name: String, attributes: [SVGAttribute] = [], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }
}

/// One `name="value"` pair; the value is stored unescaped.
public struct SVGAttribute: Sendable, Hashable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A child of an element: another element or character data.
public enum SVGNode: Sendable, Hashable {
    case element(SVGElement)
    case text(String)
}

extension SVGElement {
    /// A copy with one more attribute (values are numbers formatted by ``SVGNumber``
    /// or strings, escaped when rendered).
    public func attribute(_ name: String, _ value: String) -> SVGElement {
        var copy = self
        copy.attributes.append(SVGAttribute(name, value))
        return copy
    }

    public func attribute(_ name: String, _ value: Double) -> SVGElement {
        attribute(name, SVGNumber.format(value))
    }

    /// A copy with more children appended.
    public func appending(_ nodes: [SVGNode]) -> SVGElement {
        var copy = self
        copy.children.append(contentsOf: nodes)
        return copy
    }

    public func appending(_ elements: [SVGElement]) -> SVGElement {
        appending(elements.map(SVGNode.element))
    }

    public func appending(_ element: SVGElement) -> SVGElement {
        appending([SVGNode.element(element)])
    }

    /// A copy with character data appended.
    public func appending(text: String) -> SVGElement {
        appending([SVGNode.text(text)])
    }

    /// The element as XML text, without an XML declaration (so it can be inlined in
    /// HTML, where `<svg>` needs no namespace declaration but tolerates one).
    public var xml: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends the element's XML to `out`.
    public func write(to out: inout String) {
        out += "<"
        out += name
        for attribute in attributes {
            out += " "
            out += attribute.name
            out += "=\""
            XMLEscaping.appendAttribute(attribute.value, to: &out)
            out += "\""
        }
        if children.isEmpty {
            out += "/>"
            return
        }
        out += ">"
        for child in children {
            switch child {
            case .element(let element): element.write(to: &out)
            case .text(let text): XMLEscaping.appendText(text, to: &out)
            }
        }
        out += "</"
        out += name
        out += ">"
    }
}

extension SVGElement {
    /// The root element with its coordinate system (SVG 1.1 §7.7 `viewBox`).
    public static func svg(width: Double, height: Double) -> SVGElement {
        SVGElement("svg")
            .attribute("xmlns", "http://www.w3.org/2000/svg")
            .attribute("width", width)
            .attribute("height", height)
            .attribute("viewBox", "0 0 \(SVGNumber.format(width)) \(SVGNumber.format(height))")
    }

    public static func group(class name: String? = nil) -> SVGElement {
        let g = SVGElement("g")
        return name.map { g.attribute("class", $0) } ?? g
    }

    public static func path(_ data: String) -> SVGElement {
        SVGElement("path").attribute("d", data)
    }

    public static func line(x1: Double, y1: Double, x2: Double, y2: Double) -> SVGElement {
        SVGElement("line").attribute("x1", x1).attribute("y1", y1).attribute("x2", x2).attribute("y2", y2)
    }

    public static func rect(x: Double, y: Double, width: Double, height: Double) -> SVGElement {
        SVGElement("rect").attribute("x", x).attribute("y", y).attribute("width", width).attribute("height", height)
    }

    public static func text(_ content: String, x: Double, y: Double) -> SVGElement {
        SVGElement("text").attribute("x", x).attribute("y", y).appending(text: content)
    }

    /// An accessible name (SVG 1.1 §5.4): screen readers and tooltips show it.
    public static func title(_ content: String) -> SVGElement {
        SVGElement("title").appending(text: content)
    }
}

/// Escaping of character data and attribute values (XML 1.0 §2.4, §3.3.3).
public enum XMLEscaping {
    /// `&`, `<`, `>` escaped; control characters XML 1.0 forbids are replaced by U+FFFD.
    public static func appendText(_ text: String, to out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: append(scalar, to: &out)
            }
        }
    }

    /// As ``appendText(_:to:)`` plus `"` (values are always double-quoted) and
    /// whitespace other than space written as character references, so it survives
    /// attribute-value normalisation.
    public static func appendAttribute(_ text: String, to out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: append(scalar, to: &out)
            }
        }
    }

    public static func text(_ text: String) -> String {
        var out = ""
        appendText(text, to: &out)
        return out
    }

    public static func attribute(_ text: String) -> String {
        var out = ""
        appendAttribute(text, to: &out)
        return out
    }

    /// XML 1.0 §2.2 `Char`: tab, LF, CR and everything from U+0020 except the surrogates
    /// (which a Swift scalar cannot be) and U+FFFE/U+FFFF.
    private static func append(_ scalar: Unicode.Scalar, to out: inout String) {
        let v = scalar.value
        if (v < 0x20 && v != 0x9 && v != 0xA && v != 0xD) || v == 0xFFFE || v == 0xFFFF {
            out.unicodeScalars.append("\u{FFFD}")
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
}

/// Compact number formatting for coordinates: at most one decimal, no exponent, no
/// trailing `.0`, so a path of thousands of points stays small.
public enum SVGNumber {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        guard abs(tenths) < 1e15 else { return "0" }
        let n = Int(tenths)
        let sign = n < 0 ? "-" : ""
        let magnitude = n.magnitude
        let whole = magnitude / 10, fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
