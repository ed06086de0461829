using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LossBench.Host.Cli;

/// <summary>
/// The log of an internal error: the command line, the tool and platform, and the full exception
/// with its stack traces. It goes into the command's results folder when one is known and can be
/// written (so it travels with the results it concerns), else into the temporary folder.
/// </summary>
public static class InternalErrorLog
{
    public sealed record Written(string? Path, string? Problem);

    public static Written Write(Exception exception, IReadOnlyList<string> arguments, string? resultsDirectory, string? temporaryDirectory)
    {
        var now = DateTime.UtcNow;
        // Unique, so that a second failure never overwrites the first one's log.
        var name = string.Create(CultureInfo.InvariantCulture, $"lossbench-error-{now:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.log");
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"lossbench {CliApp.Version}: internal error at {now:yyyy-MM-ddTHH:mm:ssZ}\n")
            .Append(CultureInfo.InvariantCulture, $"command line: lossbench {string.Join(' ', arguments.Select(Quote))}\n")
            .Append(CultureInfo.InvariantCulture, $"working folder: {Environment.CurrentDirectory}\n")
            .Append(CultureInfo.InvariantCulture, $".NET {Environment.Version}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}\n\n")
            .Append(exception).Append('\n')
            .ToString();
        string? problem = null;
        foreach (var folder in new[] { resultsDirectory, temporaryDirectory ?? Path.GetTempPath() })
        {
            if (folder is null) continue;
            var path = Path.Combine(Path.GetFullPath(folder), name);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
                return new Written(path, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                problem = $"{path}: {e.Message}";
            }
        }
        return new Written(null, problem);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=@+,".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
