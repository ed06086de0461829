using LossBench.Host.Cli;

namespace LossBench.Host.Tests;

/// <summary>Live progress is drawn only on an interactive terminal; plain line logs everywhere else.</summary>
public sealed class LiveDisplayTests
{
    [Fact]
    public void AnInteractiveTerminalGetsLiveProgress() =>
        Assert.True(LiveDisplay.Decide(writesToConsole: true, outputRedirected: false, ciVariable: null, termVariable: "xterm-256color"));

    [Theory]
    [InlineData(false, false, null, "xterm")]   // captured by a writer other than the console
    [InlineData(true, true, null, "xterm")]     // redirected to a file or pipe
    [InlineData(true, false, "true", "xterm")]  // CI set
    [InlineData(true, false, "1", "xterm")]
    [InlineData(true, false, null, "dumb")]     // a terminal without cursor control
    [InlineData(true, false, null, null)]       // no terminal type at all
    public void RedirectedCapturedCiOrDumbTerminalsGetPlainLines(bool writesToConsole, bool redirected, string? ci, string? term) =>
        Assert.False(LiveDisplay.Decide(writesToConsole, redirected, ci, term));

    [Fact]
    public void AnEmptyCiVariableCountsAsUnset() =>
        Assert.True(LiveDisplay.Decide(writesToConsole: true, outputRedirected: false, ciVariable: "", termVariable: "xterm"));

    [Fact]
    public void OutputCapturedInAStringWriterIsNeverLive()
    {
        using var writer = new StringWriter();
        Assert.False(LiveDisplay.IsAvailable(writer));
    }
}
