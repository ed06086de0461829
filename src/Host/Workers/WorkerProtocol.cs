using System.Text.Json;
using LossBench.Host.Results;

namespace LossBench.Host.Workers;

/// <summary>
/// What a run and its worker processes say to each other, one JSON object a line. The run writes
/// requests to the worker's standard input; the worker writes events to its standard output, each
/// line marked with <see cref="EventPrefix"/> so anything else a plugin prints there is told apart
/// (and passed on as a message). The end of the worker's input means: stop after the current step.
/// </summary>
public static class WorkerProtocol
{
    public const string EventPrefix = "\u001elossbench-worker ";

    public static string Write(WorkerRequest request) => JsonSerializer.Serialize(request, Compact);

    public static WorkerRequest? ReadRequest(string line) => JsonSerializer.Deserialize<WorkerRequest>(line, Compact);

    public static string Write(WorkerEvent e) => EventPrefix + JsonSerializer.Serialize(e, Compact);

    /// <summary>The event of a line of the worker's output, or null when the line is not one.</summary>
    public static WorkerEvent? ReadEvent(string line) =>
        line.StartsWith(EventPrefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<WorkerEvent>(line.AsSpan(EventPrefix.Length), Compact) : null;

    private static readonly JsonSerializerOptions Compact = new(ResultJson.Options) { WriteIndented = false };
}

/// <summary>A request to a worker: compute cell <paramref name="Run"/> (ignoring its stored record when <paramref name="Force"/>), keeping resources for <paramref name="Keep"/>; or <paramref name="Stop"/>.</summary>
public sealed record WorkerRequest(string? Run = null, bool Force = false, IReadOnlyList<string>? Keep = null, bool Stop = false);

/// <summary>
/// An event of a worker: <c>ready</c>, <c>progress</c> (of cell <paramref name="Cell"/>), <c>message</c>
/// (<paramref name="Text"/>), <c>finished</c> (the cell's record is in the store), <c>interrupted</c>
/// (Ctrl+C: no record), <c>refused</c> (the worker's plan has no such cell; <paramref name="Text"/> says why).
/// </summary>
public sealed record WorkerEvent(string Event, string? Cell = null, string? Text = null, int Epoch = 0, int Epochs = 0, long Step = 0, long TotalSteps = 0, double LastLoss = 0);
