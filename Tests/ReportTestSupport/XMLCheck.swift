import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses a document with Foundation's XMLParser (libxml2 on Linux) and records its
/// elements in document order, each with its attributes, its text (its descendants'
/// included) and its parent, so report tests can check well-formedness and content.
/// Shared by ChartsTests and HTMLReportTests.
public final class XMLCheck: NSObject, XMLParserDelegate {
    public struct Element {
        public let name: String
        public let attributes: [String: String]
        public internal(set) var text = ""
        /// The index in ``XMLCheck/elements`` of the enclosing element (nil for the root).
        public let parent: Int?
        /// This element's own index in ``XMLCheck/elements``.
        public let index: Int

        /// Whether the `class` attribute lists `name`.
        public func hasClass(_ name: String) -> Bool {
            (attributes["class"] ?? "").split(separator: " ").contains(Substring(name))
        }
    }

    public private(set) var elements: [Element] = []
    private var open: [Int] = []
    public private(set) var error: Error?

    /// `nil` when the text is not well-formed XML.
    public static func parse(_ text: String) -> XMLCheck? {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = check
        guard parser.parse(), check.error == nil else { return nil }
        return check
    }

    public func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                       qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: elementName, attributes: attributeDict, parent: open.dropLast().last, index: elements.count))
    }

    public func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        open.removeLast()
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    public func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    /// Elements named `name` (with `className` among their classes), in document order.
    public func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { e in e.name == name && (className.map { e.hasClass($0) } ?? true) }
    }

    /// The elements inside `ancestor` named `name` (with `className`), in document order.
    public func descendants(of ancestor: Element, _ name: String, class className: String? = nil) -> [Element] {
        all(name, class: className).filter { isInside($0, ancestor) }
    }

    /// Whether `element` lies inside `ancestor`.
    public func isInside(_ element: Element, _ ancestor: Element) -> Bool {
        var p = element.parent
        while let i = p {
            if i == ancestor.index { return true }
            p = elements[i].parent
        }
        return false
    }
}
