import Plot

/// The shared chrome of every report: one self-contained HTML document with the inline
/// stylesheet, a title, a subtitle naming the inputs, a summary strip and the content.
///
/// The document is XHTML-compatible (every element closed, every value escaped), so
/// tests parse it with an XML parser; it has no scripts and loads nothing.
public struct ReportPage {
    public let title: String
    /// What the report is about, e.g. `offer.sdp ⇄ answer.sdp`.
    public let subtitle: String?
    /// Label/value pairs shown in the summary strip.
    public let summary: [SummaryItem]
    public let content: [Node<HTML.BodyContext>]
    /// The tool that wrote the report, e.g. `sdpcheck 0.1.0`.
    public let generator: String

    public init(title: String, subtitle: String? = nil, summary: [SummaryItem] = [],
                content: [Node<HTML.BodyContext>], generator: String) {
        self.title = title
        self.subtitle = subtitle
        self.summary = summary
        self.content = content
        self.generator = generator
    }

    /// The document as text.
    public func render() -> String {
        let html = HTML(
            .attr("lang", "en"),
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", nodes: [.plain(title)]),
                .style(Stylesheet.css)
            ),
            .body(
                .header(
                    .h1(.plain(title)),
                    .unwrap(subtitle) { .p(.cls("subtitle"), .plain($0)) },
                    .if(!summary.isEmpty, .div(.cls("summary"), .group(summary.map(\.node))))
                ),
                .main(.group(content)),
                .footer(.plain("Written by \(generator) (RTCScope). Self-contained: no scripts, no network resources."))
            )
        )
        return html.render() + "\n"
    }
}

/// One entry of the summary strip.
public struct SummaryItem {
    public let label: String
    public let value: Node<HTML.BodyContext>

    public init(_ label: String, _ value: String) {
        self.init(label, node: .plain(value))
    }

    public init(_ label: String, node: Node<HTML.BodyContext>) {
        self.label = label
        self.value = node
    }

    var node: Node<HTML.BodyContext> {
        .div(.span(.cls("label"), .plain(label)), value)
    }
}

/// A table of text cells with a header row.
public struct DataTable {
    public let header: [String]
    public let rows: [[Cell]]
    public let caption: String?
    public let className: String

    /// One cell: text, a CSS class, optionally right-aligned numbers.
    public struct Cell: ExpressibleByStringLiteral {
        public let text: String
        public let className: String?

        public init(_ text: String, class className: String? = nil) {
            self.text = text
            self.className = className
        }

        public init(stringLiteral value: String) { self.init(value) }

        public static func number(_ value: some BinaryInteger) -> Cell { Cell(String(value), class: "num") }
    }

    public init(header: [String], rows: [[Cell]], caption: String? = nil, className: String = "data") {
        self.header = header
        self.rows = rows
        self.caption = caption
        self.className = className
    }

    public var node: Node<HTML.BodyContext> {
        .table(
            .cls(className),
            .unwrap(caption) { .caption(.plain($0)) },
            .thead(.tr(.group(header.map { .th(.plain($0)) }))),
            .tbody(.group(rows.map { row in
                .tr(.group(row.map { cell in
                    .td(.unwrap(cell.className) { .cls($0) }, .plain(cell.text))
                }))
            }))
        )
    }
}
