using System.ComponentModel;
using System.Diagnostics;

namespace LossBench.Host.Cli;

/// <summary>
/// Opens a file with the desktop's opener: `open` on macOS, the shell on Windows, `xdg-open` on
/// Linux and other Unix when a display is there (on a server without one it would fall back to a
/// text browser or fail, so the path is printed instead). Never waits for the viewer; never fails
/// the command, since the report is written either way.
/// </summary>
public static class DesktopOpener
{
    public static void Open(string path, TextWriter output, TextWriter error)
    {
        var start = Command(path);
        if (start is null)
        {
            error.WriteLine($"warning: --open: no desktop to open it on (no DISPLAY or WAYLAND_DISPLAY, or no xdg-open); open {new Uri(path).AbsoluteUri} in a browser");
            return;
        }
        try
        {
            using var process = Process.Start(start);
            output.WriteLine($"opened {path}");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            error.WriteLine($"warning: --open: {start.FileName} could not be started ({e.Message}); open {new Uri(path).AbsoluteUri} in a browser");
        }
    }

    /// <summary>How to open <paramref name="path"/> here, or null when there is no desktop opener.</summary>
    internal static ProcessStartInfo? Command(string path)
    {
        if (OperatingSystem.IsWindows()) return new ProcessStartInfo(path) { UseShellExecute = true };
        if (OperatingSystem.IsMacOS()) return Quiet(new ProcessStartInfo("open") { ArgumentList = { path } });
        var hasDisplay = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
        return hasDisplay && OnPath("xdg-open") ? Quiet(new ProcessStartInfo("xdg-open") { ArgumentList = { path } }) : null;
    }

    /// <summary>The opener's own chatter (a browser's warnings) stays off the report's output.</summary>
    private static ProcessStartInfo Quiet(ProcessStartInfo start)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        return start;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(folder => File.Exists(Path.Combine(folder, program)));
}
