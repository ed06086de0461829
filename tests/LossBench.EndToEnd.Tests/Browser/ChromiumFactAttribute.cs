namespace LossBench.EndToEnd.Tests.Browser;

/// <summary>A test that needs Chromium: reported as skipped, with the reason, where there is none (never passed silently).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (DevToolsBrowser.Find() is null)
            Skip = "chromium is not installed (scripts/setup.sh installs Debian's chromium; or set LOSSBENCH_CHROMIUM to a Chromium executable)";
    }
}
