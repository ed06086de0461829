using LossBench.Host.Cli;
using LossBench.Host.Config;
using LossBench.Host.Plugins;

namespace LossBench.Host.Tests.Cli;

/// <summary>
/// The one mapping from an exception that ends a command to an exit code and a message. The
/// environment's failures are real ones where the machine can give them deterministically
/// (/dev/full is a disk that is always full, even for root; a file name over 255 bytes).
/// </summary>
public sealed class CommandFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lossbench-failure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Exception Thrown(Action action) => Assert.ThrowsAny<Exception>(action);

    private (int Code, string Error) Report(Exception exception, string? resultsDirectory = null)
    {
        using var error = new StringWriter();
        var code = CommandFailure.Report(exception, resultsDirectory, Path.Combine(_folder, "tmp"), ["run", "benchmarks.yaml"], error);
        return (code, error.ToString());
    }

    [Fact]
    public void ADiskThatIsFullIsAnEnvironmentProblem()
    {
        var full = Thrown(() =>
        {
            using var stream = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            stream.Write(new byte[4096]);
            stream.Flush(flushToDisk: true);
        });

        Assert.IsType<IOException>(full);
        var (code, error) = Report(full);
        Assert.Equal(ExitCodes.Environment, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("(the disk is full)", error);
    }

    [Fact]
    public void APathTooLongAPermissionDeniedAndAMissingLibtorchAreEnvironmentProblems()
    {
        var tooLong = Thrown(() => File.WriteAllText(Path.Combine(_folder, new string('a', 300)), ""));
        Assert.Equal((ExitCodes.Environment, true), (Report(tooLong).Code, Report(tooLong).Error.Contains("longer than the file system allows", StringComparison.Ordinal)));

        var denied = new UnauthorizedAccessException("Access to the path '/results/tiny/.benchmark.json.1.tmp' is denied.");
        Assert.Equal($"error: {denied.Message} (permission denied: the folder is read-only or belongs to another user)\n", Report(denied).Error.ReplaceLineEndings("\n"));
        Assert.Equal(ExitCodes.Environment, Report(new IOException("Read-only file system", 30)).Code);

        // libtorch that does not load surfaces from the engine's type initializer.
        var noLibtorch = new TypeInitializationException("LossBench.Torch.Native", new DllNotFoundException("liblossbench_torch.so not found"));
        var (code, error) = Report(noLibtorch);
        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains("liblossbench_torch.so not found (libtorch could not be loaded; `lossbench doctor` shows what is missing)", error);
    }

    [Fact]
    public void BadInputIsTwoWithItsMessageAsItIs()
    {
        foreach (var exception in new Exception[]
                 {
                     new ConfigException(null, "threads", "expected auto or an integer of at least 1, got '0'"),
                     new OptionsBindingException("losses[0].focal.gamma", null, "the value must be between 0 and 10"),
                     new PluginResolutionException("unknown loss 'focall'"),
                     new InvalidDataException("results/tiny/benchmark.json is not a LossBench benchmark record"),
                     new FileNotFoundException("benchmarks.yaml does not exist"),
                     new ArgumentException("--shard: expected i/n"),
                 })
            Assert.Equal((ExitCodes.BadInput, $"error: {exception.Message}\n"), (Report(exception).Code, Report(exception).Error.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void CtrlCIsOneHundredThirty() =>
        Assert.Equal(ExitCodes.Interrupted, Report(new OperationCanceledException()).Code);

    [Fact]
    public void AnythingElseIsAnInternalErrorOnOneLineWithItsStackTraceInTheResultsFolder()
    {
        var results = Path.Combine(_folder, "results", "tiny");
        var bug = Thrown(() => ThrowABug());

        var (code, error) = Report(bug, results);

        Assert.Equal(ExitCodes.Internal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var prefix = "internal error: System.InvalidOperationException: a bug; details in ";
        Assert.StartsWith(prefix, line);
        var log = line[prefix.Length..];
        Assert.Equal(results, Path.GetDirectoryName(log));
        var text = File.ReadAllText(log);
        Assert.Contains("command line: lossbench run benchmarks.yaml", text);
        Assert.Contains($"at {typeof(CommandFailureTests).FullName}.{nameof(ThrowABug)}()", text);

        // A null, an index out of range: bugs too, not bad input.
        Assert.Equal(ExitCodes.Internal, Report(new ArgumentNullException("source")).Code);
        Assert.Equal(ExitCodes.Internal, Report(new ArgumentOutOfRangeException("axis")).Code);
    }

    [Fact]
    public void WithoutAWritableResultsFolderTheLogGoesToTheTemporaryFolder()
    {
        var notAFolder = Path.Combine(_folder, "results.txt");
        File.WriteAllText(notAFolder, "");

        var (code, error) = Report(Thrown(() => ThrowABug()), Path.Combine(notAFolder, "tiny"));

        Assert.Equal(ExitCodes.Internal, code);
        var log = error.Trim()[(error.IndexOf("details in ", StringComparison.Ordinal) + "details in ".Length)..];
        Assert.Equal(Path.Combine(_folder, "tmp"), Path.GetDirectoryName(log));
        Assert.Contains(nameof(ThrowABug), File.ReadAllText(log));
    }

    private static void ThrowABug() => throw new InvalidOperationException("a bug");
}
