using System.Globalization;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;

namespace LossBench.Host.Cli;

/// <summary>Progress as plain lines: for logs, pipes and CI (no cursor movement, one line per event, at most one per epoch).</summary>
public sealed class PlainRunReporter(TextWriter output) : IRunReporter
{
    // Several cells run at once with --jobs: each finished line names the position its start line gave.
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private int _count;

    public void Planned(MatrixPlan plan, IReadOnlyList<Cell> selected)
    {
        output.WriteLine($"plan: {selected.Count} of {plan.Cells.Count} cell(s) selected, {plan.Refused.Count} refused");
        foreach (var refused in plan.Refused) output.WriteLine($"  refused {refused.Label}: {refused.Reason}");
        _count = selected.Count;
    }

    public void CellStarted(Cell cell, int position, int count)
    {
        _positions[cell.Id] = position;
        output.WriteLine($"[{position}/{count}] {cell.Label} ({cell.Id})");
    }

    public void TrainingProgress(Cell cell, TrainingProgressReport report)
    {
        var perEpoch = Math.Max(1, report.TotalSteps / report.Epochs);
        if (report.Step % perEpoch == 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      epoch {report.Epoch + 1}/{report.Epochs}, step {report.Step}/{report.TotalSteps}, loss {report.LastLoss:F4}"));
    }

    public void CellFinished(Cell cell, CellRecord record, bool fromCache)
    {
        if (fromCache) return;
        _positions.Remove(cell.Id, out var position);
        output.WriteLine($"[{position}/{_count}] {Describe(record)}");
    }

    public void Message(string text) => output.WriteLine(text);

    internal static string Describe(CellRecord record)
    {
        var headline = record.Metrics().Where(m => !m.Key.StartsWith("train.", StringComparison.Ordinal)).Take(3)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}"));
        return record.Status switch
        {
            CellStatus.Ok => string.Create(CultureInfo.InvariantCulture, $"ok in {record.Training?.Seconds ?? 0:F1} s: ") + string.Join(", ", headline),
            CellStatus.Diverged => $"diverged: {record.Message}",
            _ => $"FAILED: {record.Message}",
        };
    }
}
