using LossBench.Host.Cli;

namespace LossBench.Host.Tests;

public sealed class CliTests
{
    private static (int Code, string Output, string Error) Run(CliEnvironment environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error, environment);
        return (code, output.ToString(), error.ToString());
    }

    private static readonly CliEnvironment NoDefaults = new(null, null, null);

    [Fact]
    public void ListShowsPluginsWithOptionsSourceAndFailuresAtTheEnd()
    {
        using var layout = new PluginLayout();
        var broken = layout.Add("Fixture.Broken");

        var (code, output, _) = Run(NoDefaults, "list", "--plugins", layout.Root);

        Assert.Equal(0, code);
        Assert.Contains("fixture-good  [loss]  test fixture: loads", output);
        Assert.Contains($"from {broken} (--plugins)", output);
        Assert.Contains("weight: number = 1, in [0, 10]", output);
        var failures = output.IndexOf("failures (6)", StringComparison.Ordinal);
        Assert.True(failures > output.IndexOf("fixture-good", StringComparison.Ordinal), output);
        Assert.Contains("Fixture.Broken.BadDefaultLoss: its default options are invalid: gamma: the value must be between 0 and 10", output[failures..]);
    }

    [Fact]
    public void ListFiltersByKindAndRejectsAnUnknownKind()
    {
        using var layout = new PluginLayout();
        layout.Add("Fixture.Broken");

        var (code, output, _) = Run(NoDefaults, "list", "losses", "--plugins", layout.Root);
        Assert.Equal(0, code);
        Assert.Contains("losses (2)", output); // fixture-good and fixture-throws (its constructor runs only when a cell uses it)
        Assert.DoesNotContain("models (", output);

        var (badCode, _, error) = Run(NoDefaults, "list", "lossess");
        Assert.NotEqual(0, badCode);
        Assert.Contains("unknown plugin kind 'lossess'", error);
    }

    [Fact]
    public void ListExitsWithAnErrorWhenNamesConflict()
    {
        using var layout = new PluginLayout();
        var first = layout.Add("Fixture.Broken", "a");
        var second = layout.Add("Fixture.Broken", "b");

        var (code, output, _) = Run(NoDefaults, "list", "--plugins", layout.Root);

        Assert.Equal(1, code);
        Assert.Contains($"two plugins are the loss 'fixture-good': in {first} and in {second}", output);
    }

    [Fact]
    public void PluginsComeFromTheToolFolderTheUserFolderAndTheEnvironment()
    {
        using var tool = new PluginLayout();
        var builtIn = tool.Add("Fixture.Broken", Path.Combine("plugins", "Fixture.Broken"));
        using var home = new PluginLayout();
        var user = home.Add("Fixture.PrivateDependency", Path.Combine(".lossbench", "plugins", "Fixture.PrivateDependency"));

        var (_, output, _) = Run(new CliEnvironment(tool.Root, home.Root, "/nonexistent-lossbench-dir"), "list");

        Assert.Contains($"from {builtIn} (built in)", output);
        Assert.Contains($"from {user} (~/.lossbench/plugins)", output);
        Assert.Contains("/nonexistent-lossbench-dir: the plugin directory does not exist ($LOSSBENCH_PLUGIN_PATH)", output);
    }

    [Fact]
    public void DoctorReportsLibtorchThreadsAndEachFolder()
    {
        using var layout = new PluginLayout();
        var folder = layout.Add("Fixture.PrivateDependency");

        var (code, output, _) = Run(NoDefaults, "doctor", "--plugins", layout.Root);

        Assert.Equal(0, code);
        Assert.Contains($"libtorch {LossBench.Torch.torch.version}", output);
        Assert.Contains("threads: ", output);
        Assert.Contains($"{folder}: private-dependency (loss)", output);
        Assert.EndsWith("ok" + Environment.NewLine, output);
    }

    [Fact]
    public void VersionPrintsTheToolVersion()
    {
        var (code, output, _) = Run(NoDefaults, "--version");
        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output);
    }
}
