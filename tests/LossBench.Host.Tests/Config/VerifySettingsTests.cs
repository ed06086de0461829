using static LossBench.Host.Tests.Config.ConfigText;

namespace LossBench.Host.Tests.Config;

/// <summary>The `verify:` and `portable:` keys; each text goes after <see cref="ConfigText.Minimal"/>, so it starts on line 4.</summary>
public sealed class VerifySettingsTests
{
    [Fact]
    public void DigitsAndTolerancesAreRead()
    {
        var benchmark = Parse(Minimal + "verify: { digits: 3, tolerance: { clean.accuracy: 0.002 } }\n");
        Assert.Equal(3, benchmark.Verify.Digits);
        Assert.Equal(0.002, benchmark.Verify.Tolerances["clean.accuracy"].Value);
        Assert.Empty(Parse(Minimal).Verify.Tolerances);
        Assert.Null(Parse(Minimal).Verify.Digits);
    }

    [Theory]
    // "verify: { tolerance: { clean.acc: " is 34 characters
    [InlineData("verify: { tolerance: { clean.acc: 0.1 } }\n", 35, "verify.tolerance.clean.acc", "did you mean 'clean.accuracy'?")]
    // clean reports nll, but no table shows it: the tolerance would never be used
    [InlineData("verify: { tolerance: { clean.nll: 0.1 } }\n", 35, "verify.tolerance.clean.nll", "no table shows 'clean.nll'")]
    // "verify: { tolerance: { clean.accuracy: "
    [InlineData("verify: { tolerance: { clean.accuracy: -1 } }\n", 40, "verify.tolerance.clean.accuracy", "expected a number of at least 0")]
    [InlineData("verify: { tolerance: { clean.accuracy: lots } }\n", 40, "verify.tolerance.clean.accuracy", "expected a number of at least 0")]
    // "verify: { digits: "
    [InlineData("verify: { digits: 11 }\n", 19, "verify.digits", "expected an integer from 0 to 10")]
    // "verify: { "
    [InlineData("verify: { tolerances: {} }\n", 23, "verify.tolerances", "unknown verify key 'tolerances' (did you mean 'tolerance'?)")]
    // "portable: "
    [InlineData("portable: yes\n", 11, "portable", "expected true or false, got 'yes'")]
    public void BadVerifySettingsNameTheFileLineAndKey(string extra, int column, string path, string problem) =>
        Assert.Contains(problem, Fails(Minimal + extra).At(4, column, path));

    [Fact]
    public void PortableIsOffUnlessAskedFor()
    {
        Assert.False(Parse(Minimal).Portable);
        Assert.True(Parse(Minimal + "portable: true\n").Portable);
    }
}
