using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;
using Spectre.Console;

namespace LossBench.Host.Cli;

/// <summary>
/// Progress on a terminal with Spectre.Console: the matrix overall, and each running cell's epoch,
/// step and time left (one row per cell being computed: with `--jobs N`, one per worker).
/// </summary>
public sealed class LiveRunReporter(ProgressContext context) : IRunReporter
{
    private ProgressTask? _overall;
    private readonly Dictionary<string, ProgressTask> _cells = new(StringComparer.Ordinal);

    public void Planned(MatrixPlan plan, IReadOnlyList<Cell> selected)
    {
        foreach (var refused in plan.Refused) AnsiConsole.MarkupLineInterpolated($"[yellow]refused[/] {refused.Label}: {refused.Reason}");
        _overall = context.AddTask($"{selected.Count} cell(s)", maxValue: Math.Max(1, selected.Count));
    }

    public void CellStarted(Cell cell, int position, int count)
    {
        _cells[cell.Id] = context.AddTask(Markup.Escape($"[{position}/{count}] {cell.Label}"), maxValue: 1);
    }

    public void TrainingProgress(Cell cell, TrainingProgressReport report)
    {
        if (!_cells.TryGetValue(cell.Id, out var task)) return;
        task.MaxValue = report.TotalSteps;
        task.Value = report.Step;
        task.Description = Markup.Escape($"{cell.Label}: epoch {report.Epoch + 1}/{report.Epochs}, step {report.Step}/{report.TotalSteps}");
    }

    public void CellFinished(Cell cell, CellRecord record, bool fromCache)
    {
        _overall?.Increment(1);
        if (fromCache) return;
        if (_cells.Remove(cell.Id, out var task))
        {
            task.Value = task.MaxValue;
            task.Description = Markup.Escape($"{cell.Label}: {PlainRunReporter.Describe(record)}");
            task.StopTask();
        }
    }

    public void Message(string text) => AnsiConsole.MarkupLineInterpolated($"{text}");
}
