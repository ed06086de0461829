using System.Globalization;
using LossBench.Host.Results;

namespace LossBench.Host.Reports;

/// <summary>
/// Where the cells of one report ran differently: libtorch version or build, CPU, threads or
/// device. Shards on several machines (a Slurm array, `run --jobs` with other threads) merge into
/// one report, and any of these can change a figure's last digits, so the report header says which
/// differ and how many cells had each value; nothing when all agree.
/// </summary>
public static class EnvironmentDifferences
{
    /// <summary>One line per field that differs, e.g. <c>threads: 1 (3 cells), 2 (1 cell)</c>; null when the cells agree.</summary>
    public static IReadOnlyList<string>? Of(IReadOnlyList<CellRecord> cells)
    {
        var fields = new (string Name, Func<EnvironmentRecord, string> Value)[]
        {
            ("libtorch", e => e.Libtorch),
            ("libtorch build", e => e.LibtorchBuild),
            ("cpu", e => e.Cpu),
            ("threads", e => e.Threads.ToString(CultureInfo.InvariantCulture)),
            ("device", e => e.Device),
        };
        var lines = new List<string>();
        foreach (var (name, value) in fields)
        {
            var groups = cells.GroupBy(c => value(c.Environment)).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            if (groups.Length > 1)
                lines.Add($"{name}: " + string.Join(", ", groups.Select(g => $"{g.Key} ({g.Count()} cell{(g.Count() == 1 ? "" : "s")})")));
        }
        return lines.Count == 0 ? null : lines;
    }
}
