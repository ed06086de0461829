using System.Globalization;
using System.Text;
using LossBench.Host.Reports.Figures;
using LossBench.Host.Results;

namespace LossBench.Host.Reports.Html;

/// <summary>
/// report.html: one self-contained page (<see cref="HtmlPage"/>) with a header (benchmark, the
/// tool that wrote the page and the tools, libtorch builds, CPUs, threads and devices the cells ran
/// with, seeds), the cells' status counts with every diverged and failed cell and its message, every
/// table of the report with its intervals and markers (built from the report model, the numbers of
/// report.md), the figures inline as SVG, and the benchmark file itself. Tables are plain HTML
/// tables, so the page reads the same with or without script.
/// </summary>
public static class HtmlReportExporter
{
    public static string Export(HtmlReportPage page)
    {
        var html = new StringBuilder();
        var benchmark = page.Benchmark;
        HtmlPage.Open(html, $"LossBench report: {benchmark.Name}");
        html.Append("<header>\n<h1>LossBench report: ").Append(E(benchmark.Name)).Append("</h1>\n");
        Header(html, page);
        html.Append("</header>\n");
        Contents(html, page);
        Cells(html, page);
        Tables(html, page.Report);
        Figures(html, page.Figures);
        html.Append("<section id=\"benchmark-file\">\n<h2>The benchmark file</h2>\n");
        if (page.BenchmarkText is { } text)
            html.Append("<p class=\"note\">").Append(E(benchmark.File)).Append(", as it is on disk when this report was written.</p>\n<pre><code>").Append(E(text)).Append("</code></pre>\n");
        else
            html.Append("<p class=\"warning\">").Append(E(benchmark.File)).Append(" is not there any more, so it cannot be shown.</p>\n");
        html.Append("</section>\n");
        HtmlPage.Close(html);
        return html.ToString();
    }

    private static string E(string text) => HtmlPage.Encode(text);

    private static void Header(StringBuilder html, HtmlReportPage page)
    {
        var cells = page.Cells;
        string Distinct(Func<EnvironmentRecord, string> field) =>
            cells.Count == 0 ? "-" : string.Join("; ", cells.Select(c => field(c.Environment)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var seeds = cells.Select(c => c.Seed).Distinct().Order().ToArray();
        HtmlPage.Facts(html,
        [
            ("benchmark", page.Benchmark.File),
            ("report written by", page.Tool),
            ("cells run by", Distinct(e => e.Tool)),
            ("libtorch", Distinct(e => e.Libtorch)),
            ("CPU", Distinct(e => e.Cpu)),
            ("threads", Distinct(e => e.Threads.ToString(CultureInfo.InvariantCulture))),
            ("device", Distinct(e => e.Device)),
            ("OS, .NET", Distinct(e => e.Os + ", " + e.Dotnet)),
            ("seeds", seeds.Length == 0 ? "-" : string.Join(", ", seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)))),
            ("baseline", page.Report.Baseline ?? "none (no paired differences)"),
        ]);
        var builds = cells.Select(c => c.Environment.LibtorchBuild).Distinct(StringComparer.Ordinal).ToArray();
        if (builds.Length > 0)
            html.Append("<details><summary>libtorch build configuration").Append(builds.Length > 1 ? ReportFormat.Invariant($" ({builds.Length} different)") : "")
                .Append("</summary>\n<pre>").Append(E(string.Join("\n\n", builds))).Append("</pre></details>\n");
    }

    private static void Contents(StringBuilder html, HtmlReportPage page)
    {
        html.Append("<nav>\n<h2>Contents</h2>\n<ul>\n<li><a href=\"#cells\">Cells</a></li>\n");
        for (var t = 0; t < page.Report.Tables.Count; t++)
            html.Append("<li><a href=\"#table-").Append(t + 1).Append("\">").Append(E(TableTitle(page.Report.Tables[t]))).Append("</a></li>\n");
        if (page.Figures.Count > 0) html.Append("<li><a href=\"#figures\">Figures (").Append(page.Figures.Count).Append(")</a></li>\n");
        html.Append("<li><a href=\"#benchmark-file\">The benchmark file</a></li>\n</ul>\n</nav>\n");
    }

    private static void Cells(StringBuilder html, HtmlReportPage page)
    {
        var cells = page.Cells;
        int Count(CellStatus status) => cells.Count(c => c.Status == status);
        var planned = page.Benchmark.CellIds.Count;
        html.Append("<section id=\"cells\">\n<h2>Cells</h2>\n<p class=\"counts\">")
            .Append(ReportFormat.Invariant($"{planned} cell(s) planned, {cells.Count} with results: "))
            .Append(ReportFormat.Invariant($"<span class=\"status-ok\">{Count(CellStatus.Ok)} ok</span>, <span class=\"status-diverged\">{Count(CellStatus.Diverged)} diverged</span>, <span class=\"status-failed\">{Count(CellStatus.Failed)} failed</span>"));
        if (planned > cells.Count) html.Append(ReportFormat.Invariant($"; {planned - cells.Count} without results yet"));
        html.Append(".</p>\n");
        var lost = cells.Where(c => c.Status != CellStatus.Ok).OrderBy(c => c.Status).ThenBy(c => c.Loss, StringComparer.Ordinal).ThenBy(c => c.Seed).ToArray();
        if (lost.Length > 0)
        {
            html.Append("<div class=\"scroll\"><table class=\"lost-cells\">\n<thead><tr><th>status</th><th>cell</th><th>dataset</th><th>model</th><th>loss</th><th>augmentation</th><th>seed</th><th>message</th></tr></thead>\n<tbody>\n");
            foreach (var cell in lost)
            {
                var status = cell.Status.ToString().ToLowerInvariant();
                var message = cell.Message ?? "";
                if (cell.DivergedAtStep is { } step && !message.Contains("step", StringComparison.Ordinal)) message = ReportFormat.Invariant($"at step {step}. {message}").Trim();
                html.Append("<tr><td class=\"status-").Append(status).Append("\">").Append(status).Append("</td><td><code>").Append(E(cell.Id)).Append("</code></td><td>")
                    .Append(E(cell.Dataset)).Append("</td><td>").Append(E(cell.Model)).Append("</td><td>").Append(E(cell.Loss)).Append("</td><td>").Append(E(cell.Augmentation))
                    .Append("</td><td>").Append(cell.Seed.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(message)).Append("</td></tr>\n");
            }
            html.Append("</tbody></table></div>\n");
        }
        var links = page.Report.Links;
        if (links.Count > 0)
            html.Append("<p class=\"note\">Probabilities by the loss's link, not softmax (their NLL, ECE and reliability use it): ")
                .Append(E(string.Join(", ", links.Select(l => $"{l.Key} ({l.Value})")))).Append(".</p>\n");
        html.Append("</section>\n");
    }

    private static string TableTitle(ReportTable table) => $"{table.Metric} ({table.Section})";

    private static void Tables(StringBuilder html, Report report)
    {
        html.Append("<section id=\"tables\">\n<h2>Tables</h2>\n");
        for (var t = 0; t < report.Tables.Count; t++)
        {
            var table = report.Tables[t];
            html.Append("<section class=\"report-table\" id=\"table-").Append(t + 1).Append("\">\n<h3>").Append(E(TableTitle(table))).Append("</h3>\n");
            html.Append("<p class=\"note\">mean ± sample std (n) over seeds; rows: ").Append(ReportFormat.Axis(table.Rows)).Append(", columns: ").Append(ReportFormat.Axis(table.Columns)).Append("</p>\n");
            if (MarkdownReportExporter.SeedWarning(table) is { } warning) html.Append("<p class=\"warning\">").Append(E(warning)).Append("</p>\n");
            Grid(html, table, "summary", cell => (Summary(cell, report.Digits), cell.Diverged + cell.Failed > 0));
            if (report.Baseline is not null && table.Cells.Any(c => c.IsBaseline || c.Difference is not null))
            {
                html.Append("<p class=\"note\">paired difference to <strong>").Append(E(report.Baseline)).Append("</strong> (same seed and other axes): mean, the 95% Student-t interval over seeds")
                    .Append(table.Cells.Any(c => c.Difference?.BootLow is not null) ? " and the paired hierarchical bootstrap's 95% interval over seeds and test examples" : "")
                    .Append("; ").Append(E(MarkdownReportExporter.Marker(table))).Append(". Hover a cell for its p-values.</p>\n");
                Grid(html, table, "differences", cell => (Difference(cell, report.Digits), false));
                if (MarkdownReportExporter.MdeLine(table, report.Digits) is { } mdeLine)
                    html.Append("<p class=\"note\">").Append(E(mdeLine)).Append("</p>\n");
            }
            html.Append("</section>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>An HTML table of the report table's grid; <paramref name="format"/> gives a cell's HTML and whether some of its seeds were lost.</summary>
    private static void Grid(StringBuilder html, ReportTable table, string kind, Func<ReportCell, (string Html, bool Lost)> format)
    {
        html.Append("<div class=\"scroll\"><table class=\"").Append(kind).Append("\" data-metric=\"").Append(E(table.Metric)).Append("\">\n<thead><tr><th>")
            .Append(ReportFormat.Axis(table.Rows)).Append("</th>");
        foreach (var column in table.ColumnLabels) html.Append("<th>").Append(E(column)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.RowLabels)
        {
            html.Append("<tr><th>").Append(E(row)).Append("</th>");
            foreach (var column in table.ColumnLabels)
            {
                if (table.At(row, column) is not { } cell)
                {
                    html.Append("<td></td>");
                    continue;
                }
                var (content, lost) = format(cell);
                html.Append(lost ? "<td class=\"number lost\">" : "<td class=\"number\">").Append(content).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table></div>\n");
    }

    private static string Summary(ReportCell cell, int digits)
    {
        var value = cell.N == 0 ? "-" : $"{ReportFormat.Number(cell.Mean, digits)} ± {ReportFormat.Number(cell.Std, digits)}";
        var count = ReportFormat.Invariant($"n={cell.N}");
        if (cell.Diverged + cell.Failed > 0)
        {
            var lost = new List<string>();
            if (cell.Diverged > 0) lost.Add(ReportFormat.Invariant($"{cell.Diverged} diverged"));
            if (cell.Failed > 0) lost.Add(ReportFormat.Invariant($"{cell.Failed} failed"));
            count = ReportFormat.Invariant($"n={cell.N} of {cell.N + cell.Diverged + cell.Failed}, {string.Join(", ", lost)}");
        }
        return E($"{value} ({count})");
    }

    private static string Difference(ReportCell cell, int digits)
    {
        if (cell.IsBaseline) return "baseline";
        if (cell.Difference is not { } d) return "-";
        var tooltip = new List<string> { ReportFormat.Invariant($"pairs: {d.Pairs}") };
        if (d.P is { } p) tooltip.Add($"paired t-test p = {ReportFormat.Number(p, 4)}");
        if (d.AdjustedP is { } holm) tooltip.Add($"Holm-adjusted p = {ReportFormat.Number(holm, 4)}");
        if (d.BootP is { } bootP) tooltip.Add($"bootstrap p = {ReportFormat.Number(bootP, 4)}");
        if (d.McNemarP is { } mcnemar) tooltip.Add($"McNemar p = {ReportFormat.Number(mcnemar, 4)}");
        if (d.Test is { } test) tooltip.Add($"the marker's test: {test}");
        var text = new StringBuilder("<span title=\"").Append(E(string.Join("; ", tooltip))).Append("\">").Append(E(ReportFormat.Signed(d.Mean, digits)));
        if (d.Significant) text.Append(" <span class=\"marker\">*</span>");
        text.Append("</span>");
        if (d.Low is { } low && d.High is { } high)
            text.Append("<br><span class=\"ci\">t ").Append(E($"[{ReportFormat.Signed(low, digits)}, {ReportFormat.Signed(high, digits)}]")).Append("</span>");
        if (d.BootLow is { } bootLow && d.BootHigh is { } bootHigh)
            text.Append("<br><span class=\"ci\">bootstrap ").Append(E($"[{ReportFormat.Signed(bootLow, digits)}, {ReportFormat.Signed(bootHigh, digits)}]")).Append("</span>");
        return text.ToString();
    }

    private static void Figures(StringBuilder html, IReadOnlyList<RenderedFigure> figures)
    {
        if (figures.Count == 0) return;
        html.Append("<section id=\"figures\">\n<h2>Figures</h2>\n<p class=\"note\">Each loss keeps its colour (and marker) in every figure. The same figures are in figures/ as SVG files.</p>\n");
        foreach (var section in figures.GroupBy(f => f.Figure.Section))
        {
            html.Append("<h3>").Append(E(section.Key)).Append("</h3>\n");
            foreach (var rendered in section)
            {
                var figure = rendered.Figure;
                html.Append("<figure id=\"figure-").Append(E(figure.Name)).Append("\" data-kind=\"").Append(E(figure.Kind)).Append("\" data-title=\"").Append(E(figure.Title))
                    .Append("\" data-x-label=\"").Append(E(figure.XLabel)).Append("\" data-y-label=\"").Append(E(figure.YLabel)).Append("\">\n")
                    .Append(FigureRenderer.InlineSvg(rendered.Svg, figure.Name + "-", figure.Title)).Append('\n')
                    .Append("<figcaption><strong>").Append(E(figure.Title)).Append("</strong>. ").Append(E(figure.Note))
                    .Append(" <a href=\"").Append(E(rendered.File)).Append("\">").Append(E(rendered.File)).Append("</a></figcaption>\n</figure>\n");
            }
        }
        html.Append("</section>\n");
    }
}
