using System.CommandLine;
using System.Text.Json;
using LossBench.Host.Reports;
using LossBench.Host.Reports.Figures;
using LossBench.Host.Reports.Html;
using LossBench.Host.Results;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench report [results]`: rebuilds the tables from a benchmark's results folder (all shards'
/// files together), prints the Markdown, then writes report.md, .csv and .json, the figures
/// (figures/*.svg, with `--png` also .png) and report.html (unless `--no-html`); `--open` opens the
/// page with the desktop's opener. Exit codes as every
/// command (<see cref="ExitCodes"/>): results that cannot be read are 2, a folder that cannot be written 3.
/// </summary>
public static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error, CommandContext context)
    {
        var results = new Argument<string>("results")
        {
            Description = "A benchmark's results folder (results/<name>), or a results folder holding exactly one benchmark (default: results).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "results",
        };
        var noHtml = new Option<bool>("--no-html") { Description = "Do not write report.html (the figures' SVG files are still written)." };
        var png = new Option<bool>("--png") { Description = "Also write each figure as PNG beside its SVG in figures/." };
        var open = new Option<bool>("--open") { Description = "Open report.html with the desktop's opener (xdg-open, open, start) when there is one." };
        var command = new Command("report", "Write report.md, .csv, .json, the figures and report.html from a benchmark's results, and print the Markdown.") { results, noHtml, png, open };
        command.SetAction(parse =>
        {
            var store = new ResultStore(Locate(parse.GetValue(results)!));
            context.ResultsDirectory = store.Directory;
            var html = PrintAndWrite(store, output, error, new ReportOutputs(Html: !parse.GetValue(noHtml), Png: parse.GetValue(png)));
            if (parse.GetValue(open))
            {
                if (html is null) error.WriteLine("warning: --open: there is no report.html to open (--no-html)");
                else DesktopOpener.Open(html, output, error);
            }
            return ExitCodes.Done;
        });
        return command;
    }

    /// <summary>
    /// Builds the report of the plan's cells found in <paramref name="store"/>, prints the Markdown,
    /// then writes it there atomically: the tables are on screen even when the folder cannot be
    /// written (the write's exception then ends the command with <see cref="ExitCodes.Environment"/>).
    /// Only verified records count, each cell once: a file that fails verification is named on
    /// <paramref name="warnings"/> (default: the output) and left where it is (`run` moves such files to quarantine/).
    /// </summary>
    /// <returns>The path of report.html, or null when <paramref name="outputs"/> asks for none.</returns>
    public static string? PrintAndWrite(ResultStore store, TextWriter output, TextWriter? warnings = null, ReportOutputs? outputs = null) =>
        PrintAndWrite(store, output, out _, out _, warnings, outputs);

    /// <inheritdoc cref="PrintAndWrite(ResultStore, TextWriter, TextWriter?, ReportOutputs?)"/>
    /// <param name="report">The report printed (`verify` compares its tables with a snapshot).</param>
    /// <param name="cells">The verified cell records it was built from.</param>
    internal static string? PrintAndWrite(ResultStore store, TextWriter output, out Report report, out IReadOnlyList<CellRecord> cells,
        TextWriter? warnings = null, ReportOutputs? outputs = null)
    {
        outputs ??= ReportOutputs.Default;
        var benchmark = ReadBenchmark(store);
        var inPlan = benchmark.CellIds.ToHashSet(StringComparer.Ordinal);
        var files = store.InspectAll();
        foreach (var file in files.Where(f => f.Problem is not null))
            (warnings ?? output).WriteLine($"warning: ignored {store.Relative(file.Path)}: {file.Problem} (`lossbench run` moves it to quarantine/ and computes its cell again)");
        // A verified record's id is its file name, so each cell is counted once.
        var records = files.Where(f => f.Problem is null && f.Record!.FormatVersion == ResultFormat.Current && inPlan.Contains(f.Record.Id))
            .Select(f => f.Record!).ToArray();
        cells = records;
        report = ReportBuilder.Build(records, benchmark.Report, benchmark.AxisOrder, Predictions(store, warnings ?? output));
        output.Write(MarkdownReportExporter.Export(report));
        output.Flush();
        ReportWriter.Write(report, store.Directory);
        var figures = FigureWriter.Write(FigureBuilder.Build(records, benchmark.AxisOrder, benchmark.Evaluations ?? []), store.Directory, outputs.Png);
        string? html = null;
        if (outputs.Html)
        {
            html = Path.Combine(store.Directory, "report.html");
            AtomicFile.WriteAllText(html, HtmlReportExporter.Export(new HtmlReportPage(benchmark, report, records, figures, BenchmarkText(benchmark.File), ToolVersion.Describe())));
        }
        output.WriteLine($"report: {html ?? Path.Combine(store.Directory, "report.md")} (" + (html is null ? "" : "report.md, ") +
                         $".csv, .json, {figures.Count} figure(s) in {FigureWriter.Folder}/); {records.Length} of {benchmark.CellIds.Count} cell(s) have results");
        return html;
    }

    /// <summary>The benchmark file as it is now, or null when it is gone or unreadable (the page then says so).</summary>
    private static string? BenchmarkText(string? file)
    {
        try
        {
            return file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads each cell's stored per-example outcomes once (verified by their SHA-256). A missing or
    /// damaged file is named on <paramref name="warnings"/> and only skips the bootstrap of the cells
    /// that need it: the report itself never fails for it (`run` quarantines and recomputes such files).
    /// Safe to call from several threads (the report builds table cells in parallel): one read at a time.
    /// </summary>
    private static Func<CellRecord, CellPredictions?> Predictions(ResultStore store, TextWriter warnings)
    {
        var read = new Dictionary<string, CellPredictions?>(StringComparer.Ordinal);
        return record =>
        {
            lock (read) return ReadOnce(record);
        };

        CellPredictions? ReadOnce(CellRecord record)
        {
            if (read.TryGetValue(record.Id, out var known)) return known;
            CellPredictions? predictions = null;
            try
            {
                predictions = PredictionStore.Read(store, record);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                warnings.WriteLine($"warning: no bootstrap for cells paired with {record.Id}: {e.Message}");
            }
            return read[record.Id] = predictions;
        }
    }

    /// <summary>benchmark.json, or bad input (<see cref="InvalidDataException"/>) naming the file when it is not JSON or lacks what the report needs.</summary>
    private static BenchmarkRecord ReadBenchmark(ResultStore store)
    {
        BenchmarkRecord record;
        try
        {
            record = store.ReadBenchmark();
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"{store.BenchmarkFile} is not a LossBench benchmark record ({e.Message}); rerun `lossbench run` on the benchmark to write it again", e);
        }
        // Deserialization leaves a missing key null whatever the record's types say.
        var missing = new List<string>();
        if (record.AxisOrder is null) missing.Add("axis-order");
        if (record.Report is null) missing.Add("report");
        else if (record.Report.Tables is null) missing.Add("report.tables");
        if (record.CellIds is null) missing.Add("cell-ids");
        if (missing.Count > 0)
            throw new InvalidDataException($"{store.BenchmarkFile} is not a complete LossBench benchmark record: it lacks {string.Join(", ", missing)}; rerun `lossbench run` on the benchmark to write it again");
        return record;
    }

    private static string Locate(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(Path.Combine(full, "benchmark.json"))) return full;
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full} does not exist");
        var benchmarks = Directory.GetDirectories(full).Where(d => File.Exists(Path.Combine(d, "benchmark.json"))).ToArray();
        return benchmarks.Length switch
        {
            1 => benchmarks[0],
            0 => throw new DirectoryNotFoundException($"{full} holds no benchmark results (no benchmark.json in it or its subfolders)"),
            _ => throw new ArgumentException($"{full} holds several benchmarks ({string.Join(", ", benchmarks.Select(Path.GetFileName))}): name one, e.g. {benchmarks[0]}"),
        };
    }
}
