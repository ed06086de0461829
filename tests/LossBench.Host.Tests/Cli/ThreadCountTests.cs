using LossBench.Host.Cli;

namespace LossBench.Host.Tests.Cli;

public sealed class ThreadCountTests
{
    [Fact]
    public void MoreThreadsThanCoresAreCappedWithAWarning()
    {
        using var warnings = new StringWriter();
        Assert.Equal(2, ThreadCount.Cap(8, "--threads", warnings, cores: 2));
        Assert.Equal("warning: --threads asks for 8 threads, but this machine has 2 logical core(s); using 2 (more threads than cores only wait on each other)\n",
            warnings.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AtMostTheCoresAndAutoAreKeptQuietly()
    {
        using var warnings = new StringWriter();
        Assert.Equal(2, ThreadCount.Cap(2, "--threads", warnings, cores: 2));
        Assert.Equal(1, ThreadCount.Cap(1, "--threads", warnings, cores: 2));
        Assert.Null(ThreadCount.Cap(null, "--threads", warnings, cores: 2));
        Assert.Equal("", warnings.ToString());
    }
}
