using System.Globalization;
using LossBench.Host.Config;

namespace LossBench.Host.Verify;

/// <summary>
/// How a fresh snapshot differs from the verified one. Environment entries are compared first: when
/// one differs, the numbers are expected to differ in their last digits, so the tables are not
/// compared and only the entries are named. Otherwise every table cell is compared by table, row,
/// column and value: exactly, or for a metric with a tolerance, within it (absolute), noted
/// "within tolerance" when they are not equal.
/// </summary>
public sealed record SnapshotComparison(IReadOnlyList<string> EnvironmentDifferences, IReadOnlyList<string> Differences, IReadOnlyList<string> WithinTolerance)
{
    public bool Matches => EnvironmentDifferences.Count == 0 && Differences.Count == 0;

    public static SnapshotComparison Compare(Snapshot verified, Snapshot received, IReadOnlyDictionary<string, Tolerance> tolerances)
    {
        var environment = EnvironmentChanges(verified, received);
        if (environment.Count > 0) return new(environment, [], []);
        var differences = new List<string>();
        var within = new List<string>();
        if (verified.Digits != received.Digits)
            differences.Add($"digits: snapshot {verified.Digits}, this run {received.Digits} (verify: digits: or report: digits: changed)");
        var before = verified.Tables.ToDictionary(t => t.Heading, StringComparer.Ordinal);
        var after = received.Tables.ToDictionary(t => t.Heading, StringComparer.Ordinal);
        foreach (var heading in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            if (!after.TryGetValue(heading, out var now))
            {
                differences.Add($"table {heading}: only in the snapshot");
                continue;
            }
            if (!before.TryGetValue(heading, out var then))
            {
                differences.Add($"table {heading}: new in this run");
                continue;
            }
            var tolerance = tolerances.GetValueOrDefault(now.Metric);
            var thenRows = then.Rows.ToDictionary(r => (r.Row, r.Column));
            var nowRows = now.Rows.ToDictionary(r => (r.Row, r.Column));
            foreach (var key in thenRows.Keys.Union(nowRows.Keys).OrderBy(k => k.Row, StringComparer.Ordinal).ThenBy(k => k.Column, StringComparer.Ordinal))
            {
                var where = $"{heading}: row {key.Row}, column {key.Column}";
                if (!nowRows.TryGetValue(key, out var nowRow))
                {
                    differences.Add($"{where}: only in the snapshot (mean {thenRows[key].Values[0]})");
                    continue;
                }
                if (!thenRows.TryGetValue(key, out var thenRow))
                {
                    differences.Add($"{where}: new in this run (mean {nowRow.Values[0]})");
                    continue;
                }
                for (var i = 0; i < SnapshotRow.Columns.Count; i++)
                {
                    var (a, b) = (thenRow.Values[i], nowRow.Values[i]);
                    if (a == b) continue;
                    var line = $"{where}: {SnapshotRow.Columns[i]}: snapshot {a}, this run {b}";
                    if (tolerance is not null && SnapshotRow.InMetricUnits.Contains(SnapshotRow.Columns[i]) && Within(a, b, tolerance.Value))
                        within.Add($"within tolerance {tolerance.Value.ToString(CultureInfo.InvariantCulture)}: {line}");
                    else
                        differences.Add(tolerance is null ? line : $"{line} (beyond tolerance {tolerance.Value.ToString(CultureInfo.InvariantCulture)})");
                }
            }
        }
        var gone = verified.Cells.Except(received.Cells, StringComparer.Ordinal).ToArray();
        var added = received.Cells.Except(verified.Cells, StringComparer.Ordinal).ToArray();
        if (gone.Length > 0 || added.Length > 0)
            differences.Add($"cells: {gone.Length} of the snapshot not in this run ({string.Join(", ", gone)}), {added.Length} new ({string.Join(", ", added)}): " +
                            "the benchmark, an option or a plugin's code changed");
        return new([], differences, within);
    }

    /// <summary>One line per environment entry that differs, e.g. "threads: snapshot 1, this run 2".</summary>
    private static List<string> EnvironmentChanges(Snapshot verified, Snapshot received)
    {
        var then = verified.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var now = received.Environment.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return then.Keys.Union(now.Keys)
            .Where(k => then.GetValueOrDefault(k) != now.GetValueOrDefault(k))
            .Select(k => $"{k}: snapshot {then.GetValueOrDefault(k) ?? "(not recorded)"}, this run {now.GetValueOrDefault(k) ?? "(not recorded)"}")
            .ToList();
    }

    private static bool Within(string a, string b, double tolerance) =>
        double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
        && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
        && Math.Abs(x - y) <= tolerance * (1 + 1e-12);
}
