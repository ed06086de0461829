using System.Globalization;

namespace LossBench.Host.Workers;

/// <summary>
/// How many worker processes `run --jobs` uses, and how many libtorch threads each gets: the
/// threads given (or the file's) per cell; with threads on auto, the logical cores shared out among
/// the workers. `--jobs auto` is the logical cores divided by the threads per cell (at least 1).
/// </summary>
public static class Jobs
{
    /// <summary>0 for auto, else the count; null when <paramref name="text"/> is neither.</summary>
    public static int? Parse(string text) =>
        text == "auto" ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 ? count
        : null;

    public static int Resolve(string? text, int? threadsPerCell, int? cores = null)
    {
        var available = cores ?? Environment.ProcessorCount;
        return text is null ? 1
            : Parse(text) is 0 ? Math.Max(1, available / (threadsPerCell ?? available))
            : Parse(text) ?? 1;
    }

    public static int ThreadsPerWorker(int? threadsPerCell, int jobs, int? cores = null) =>
        threadsPerCell ?? Math.Max(1, (cores ?? Environment.ProcessorCount) / jobs);
}
