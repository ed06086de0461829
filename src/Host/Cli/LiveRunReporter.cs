using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;
using Spectre.Console;

namespace LossBench.Host.Cli;

/// <summary>Progress on a terminal with Spectre.Console: the matrix overall, and the current cell's epoch, step and time left.</summary>
public sealed class LiveRunReporter(ProgressContext context) : IRunReporter
{
    private ProgressTask? _overall;
    private ProgressTask? _cell;

    public void Planned(MatrixPlan plan, IReadOnlyList<Cell> selected)
    {
        foreach (var refused in plan.Refused) AnsiConsole.MarkupLineInterpolated($"[yellow]refused[/] {refused.Label}: {refused.Reason}");
        _overall = context.AddTask($"{selected.Count} cell(s)", maxValue: Math.Max(1, selected.Count));
    }

    public void CellStarted(Cell cell, int position, int count)
    {
        _cell?.StopTask();
        _cell = context.AddTask(Markup.Escape($"[{position}/{count}] {cell.Label}"), maxValue: 1);
    }

    public void TrainingProgress(Cell cell, TrainingProgressReport report)
    {
        if (_cell is null) return;
        _cell.MaxValue = report.TotalSteps;
        _cell.Value = report.Step;
        _cell.Description = Markup.Escape($"{cell.Label}: epoch {report.Epoch + 1}/{report.Epochs}, step {report.Step}/{report.TotalSteps}");
    }

    public void CellFinished(Cell cell, CellRecord record, bool fromCache)
    {
        _overall?.Increment(1);
        if (fromCache) return;
        if (_cell is not null)
        {
            _cell.Value = _cell.MaxValue;
            _cell.Description = Markup.Escape($"{cell.Label}: {PlainRunReporter.Describe(record)}");
            _cell.StopTask();
        }
    }

    public void Message(string text) => AnsiConsole.MarkupLineInterpolated($"{text}");
}
