using System.CommandLine;
using LossBench.Host.Reports;
using LossBench.Host.Results;

namespace LossBench.Host.Cli;

/// <summary>`lossbench report [results]`: rebuilds the tables from a benchmark's results folder (all shards' files together) and prints the Markdown.</summary>
public static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var results = new Argument<string>("results")
        {
            Description = "A benchmark's results folder (results/<name>), or a results folder holding exactly one benchmark (default: results).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "results",
        };
        var command = new Command("report", "Write report.md, report.csv and report.json from a benchmark's results, and print the Markdown.") { results };
        command.SetAction(parse =>
        {
            try
            {
                PrintAndWrite(new ResultStore(Locate(parse.GetValue(results)!)), output, error);
                return 0;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException)
            {
                error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// Builds the report of the plan's cells found in <paramref name="store"/>, writes it there
    /// atomically and prints the Markdown. Only verified records count, each cell once: a file that
    /// fails verification is named on <paramref name="warnings"/> (default: the output) and left where
    /// it is (`run` moves such files to quarantine/).
    /// </summary>
    public static void PrintAndWrite(ResultStore store, TextWriter output, TextWriter? warnings = null)
    {
        var benchmark = store.ReadBenchmark();
        var inPlan = benchmark.CellIds.ToHashSet(StringComparer.Ordinal);
        var files = store.InspectAll();
        foreach (var file in files.Where(f => f.Problem is not null))
            (warnings ?? output).WriteLine($"warning: ignored {store.Relative(file.Path)}: {file.Problem} (`lossbench run` moves it to quarantine/ and computes its cell again)");
        // A verified record's id is its file name, so each cell is counted once.
        var cells = files.Where(f => f.Problem is null && f.Record!.FormatVersion == ResultFormat.Current && inPlan.Contains(f.Record.Id))
            .Select(f => f.Record!).ToArray();
        var report = ReportBuilder.Build(cells, benchmark.Report, benchmark.AxisOrder);
        ReportWriter.Write(report, store.Directory);
        output.Write(MarkdownReportExporter.Export(report));
        output.WriteLine($"report: {Path.Combine(store.Directory, "report.md")} (.csv, .json); {cells.Length} of {benchmark.CellIds.Count} cell(s) have results");
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
