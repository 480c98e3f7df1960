/// The one stylesheet of every report, inlined in the document (no network resources).
///
/// Light background, dark ink, and severities told apart by symbol and word as well as
/// by the Okabe–Ito colours, so reports stay readable in greyscale, on paper and with
/// colour-blindness.
enum Stylesheet {
    static let css = """
    :root { --ink: #1f1f1f; --muted: #5b5b5b; --rule: #c9c9c9; --band: #f3f3f3;
            --error: #D55E00; --warning: #B07800; --info: #0072B2; --ok: #009E73; }
    * { box-sizing: border-box; }
    body { margin: 24px; color: var(--ink); background: #ffffff;
           font: 14px/1.45 "DejaVu Sans", Helvetica, Arial, sans-serif; }
    h1 { font-size: 22px; margin: 0 0 4px 0; }
    h2 { font-size: 17px; margin: 28px 0 8px 0; border-bottom: 1px solid var(--rule); padding-bottom: 2px; }
    h3 { font-size: 15px; margin: 18px 0 6px 0; }
    .subtitle { color: var(--muted); margin: 0 0 12px 0; }
    code, td.sdp, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
    table { border-collapse: collapse; margin: 6px 0 12px 0; }
    th, td { border: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
    th { background: var(--band); font-weight: 600; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .summary { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0 16px 0; padding: 10px 14px;
               border: 1px solid var(--rule); background: var(--band); }
    .summary div { min-width: 120px; }
    .summary .label { color: var(--muted); font-size: 12px; display: block; }
    .badge { display: inline-block; padding: 0 6px; border: 1.5px solid currentColor; border-radius: 3px;
             font-size: 12px; font-weight: 700; white-space: nowrap; background: #ffffff; }
    .badge.error, .verdict.incompatible { color: var(--error); }
    .badge.warning, .verdict.degraded { color: var(--warning); }
    .badge.info { color: var(--info); }
    .verdict.compatible { color: var(--ok); }
    .verdict { font-weight: 700; }
    ul.findings { list-style: none; padding: 0; margin: 6px 0; }
    ul.findings li { margin: 0 0 8px 0; padding: 4px 8px; border-left: 4px solid var(--rule); }
    ul.findings li.error { border-left: 4px solid var(--error); }
    ul.findings li.warning { border-left: 4px dashed var(--warning); }
    ul.findings li.info { border-left: 4px dotted var(--info); }
    .finding .id { font-family: "DejaVu Sans Mono", monospace; font-weight: 700; }
    .finding .rfc, .finding .where { color: var(--muted); font-size: 12px; }
    .finding .fix { display: block; margin-top: 2px; }
    .finding .fix::before { content: "fix: "; font-weight: 700; }
    table.sdp { width: 100%; table-layout: fixed; }
    table.sdp col.ln { width: 3.2em; }
    table.sdp td { border: none; border-bottom: 1px solid #eeeeee; padding: 1px 6px; word-break: break-all; }
    table.sdp td.ln { color: var(--muted); text-align: right; user-select: none; }
    table.sdp td.side-gap { border-left: 2px solid var(--rule); }
    table.sdp tr.section th { background: #e8eef5; border: 1px solid var(--rule); }
    table.sdp tr.finding-row td { background: #fffdf6; border-bottom: 1px solid var(--rule); padding: 4px 6px;
                                  word-break: normal; overflow-wrap: anywhere; font-size: 13px; }
    table.sdp td.has-error { background: #fbe6dc; box-shadow: inset 3px 0 0 var(--error); }
    table.sdp td.has-warning { background: #fbf1d6; box-shadow: inset 3px 0 0 var(--warning); }
    table.sdp td.has-info { box-shadow: inset 3px 0 0 var(--info); }
    table.sdp tr.missing td.text { color: var(--muted); font-style: italic; }
    .state-workable { color: var(--ok); font-weight: 600; }
    .state-unworkable { color: var(--error); font-weight: 600; }
    .state-uncertain { color: var(--warning); font-weight: 600; }
    .chart { display: block; max-width: 100%; height: auto; margin: 4px 0 12px 0; }
    table.matrix th[scope=row] { white-space: nowrap; }
    td.cell { min-width: 118px; font-size: 12px; line-height: 1.35; border: 1.5px solid var(--rule); }
    td.cell a, .cell-swatch { font-weight: 700; color: var(--ink); text-decoration: none; }
    td.cell .sym, .cell-swatch .sym { font-size: 14px; }
    td.cell .ms, td.cell .static, td.cell .expected { display: block; }
    td.cell.empty { color: var(--muted); text-align: center; }
    .static.disagrees, .expected { font-weight: 700; }
    td.cell.static-disagrees, .cell-swatch.static-disagrees { outline: 3px dashed var(--ink); outline-offset: -4px; }
    td.cell.unexpected, .cell-swatch.unexpected { border: 3px double var(--ink); }
    .outcome-legend { display: flex; flex-wrap: wrap; gap: 6px 10px; margin: 8px 0; }
    .cell-swatch { display: inline-block; padding: 3px 8px; border: 1.5px solid var(--rule); font-size: 12px; }
    .o-connected { background: #dcf1e9; border-color: #009E73; }
    .o-rejected-offer, .o-rejected-answer { border-color: #D55E00;
      background: repeating-linear-gradient(45deg, #fbe3d6 0 6px, #ffffff 6px 10px); }
    .o-ice-failed { border-color: #E69F00;
      background: repeating-linear-gradient(45deg, #fcecc9 0 3px, #ffffff 3px 8px), repeating-linear-gradient(-45deg, #fcecc9 0 3px, #ffffff 3px 8px);
      background-blend-mode: multiply; }
    .o-dtls-failed { border-color: #CC79A7; background: radial-gradient(#e9c4d8 28%, #ffffff 32%) 0 0 / 8px 8px; }
    .o-no-media { border-color: #56B4E9; background: repeating-linear-gradient(0deg, #d3ebf9 0 4px, #ffffff 4px 8px); }
    .o-timeout { border-color: #6b6b6b; background: repeating-linear-gradient(90deg, #e2e2e2 0 4px, #ffffff 4px 8px); }
    .o-crashed { border-color: #000000; background: repeating-linear-gradient(135deg, #cfcfcf 0 8px, #ffffff 8px 12px); }
    .badge.outcome { color: var(--ink); }
    section.case { break-inside: avoid; }
    section.case h3 { font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
    section.case p { margin: 2px 0; }
    .case-inputs { color: var(--muted); font-size: 12px; }
    td.verdict-ok { color: #007A5A; font-weight: 700; }
    td.verdict-bad { color: var(--error); font-weight: 700; }
    footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
    @media print {
      body { margin: 0; font-size: 11px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .summary { background: none; }
      tr, li, svg { break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
