using System.Diagnostics;

namespace LossBench.Host.Data;

/// <summary>
/// One self-overwriting progress line per file on a terminal's error stream ("\r" updates at most
/// five times a second), or nothing at all when the stream is redirected or captured, so logs and
/// tests see only the summary lines.
/// </summary>
public sealed class DownloadProgress(TextWriter? terminal)
{
    private readonly Stopwatch _sinceLastDraw = Stopwatch.StartNew();
    private bool _drawn;

    public static DownloadProgress Silent { get; } = new(null);

    public void Report(string file, long received, long? total)
    {
        if (terminal is null || (_drawn && _sinceLastDraw.ElapsedMilliseconds < 200)) return;
        _sinceLastDraw.Restart();
        _drawn = true;
        var share = total is > 0 ? $"{100.0 * received / total.Value,5:F1}% of {DataSize.Format(total.Value)}" : DataSize.Format(received);
        terminal.Write($"\r  {file}: {share}   ");
        terminal.Flush();
    }

    /// <summary>Clears the progress line so the next output starts on a clean line.</summary>
    public void Done()
    {
        if (terminal is null || !_drawn) return;
        terminal.Write("\r" + new string(' ', 72) + "\r");
        terminal.Flush();
        _drawn = false;
    }
}
