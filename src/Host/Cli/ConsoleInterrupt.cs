namespace LossBench.Host.Cli;

/// <summary>
/// Ctrl+C for long commands (run, search): the first interrupt cancels <see cref="Token"/>, so the
/// work stops after the current step and keeps everything finished; a second one kills the process
/// as usual. Disposing unregisters the handler.
/// </summary>
internal sealed class ConsoleInterrupt : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public ConsoleInterrupt() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _cancellation.Token;

    public bool Requested => _cancellation.IsCancellationRequested;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = !_cancellation.IsCancellationRequested;
        _cancellation.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _cancellation.Dispose();
    }
}
