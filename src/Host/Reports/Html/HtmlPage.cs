using System.Net;
using System.Text;

namespace LossBench.Host.Reports.Html;

/// <summary>
/// The frame every LossBench HTML page shares (report.html, search.html): one self-contained
/// document, its style inline, no script, font, image or style sheet from anywhere else, so it
/// opens from a file on a machine without a network and reads the same when mailed around.
/// </summary>
internal static class HtmlPage
{
    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    public static void Open(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
    }

    public static void Close(StringBuilder html) => html.Append("</body>\n</html>\n");

    /// <summary>A definition list of (term, value) pairs, values encoded.</summary>
    public static void Facts(StringBuilder html, IEnumerable<(string Term, string Value)> facts)
    {
        html.Append("<dl class=\"facts\">\n");
        foreach (var (term, value) in facts)
            html.Append("<dt>").Append(Encode(term)).Append("</dt><dd>").Append(Encode(value)).Append("</dd>\n");
        html.Append("</dl>\n");
    }

    /// <summary>System fonts only (nothing to fetch); tables that scroll sideways on a narrow screen instead of overflowing it.</summary>
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em 4em; color: #1a1a1a; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: 0.2em; }
        h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
        h3 { margin-top: 1.6em; font-size: 1.1em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; overflow-wrap: anywhere; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.92em; }
        th, td { border: 1px solid #d0d0d0; padding: 0.25em 0.6em; vertical-align: top; }
        th { background: #f3f3f3; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.lost { background: #fff4e5; }
        .ci { color: #555; font-size: 0.9em; }
        .marker { font-weight: 700; color: #b00; }
        .warning { background: #fff4e5; border-left: 4px solid #e69f00; padding: 0.4em 0.8em; }
        .note { color: #444; font-size: 0.92em; }
        .status-ok { color: #006d4f; } .status-diverged { color: #a15c00; } .status-failed { color: #b00; }
        figure { margin: 1.5em 0; }
        figure svg { max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
        figcaption { font-size: 0.9em; color: #333; max-width: 760px; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.88em; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        nav ul { columns: 2; }
        """;
}
