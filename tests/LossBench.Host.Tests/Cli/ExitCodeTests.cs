using LossBench.Host.Cli;

namespace LossBench.Host.Tests.Cli;

/// <summary>
/// The exit-code contract at the command line (ExitCodes): a command line that does
/// not parse, an option value out of range and input that cannot be used are 2, with a message in
/// the user's terms and never a stack trace. Runs with a real benchmark are in the end-to-end tests.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lossbench-exit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error, new CliEnvironment(null, _folder, null));
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertBadInput((int Code, string Output, string Error) result, string message)
    {
        Assert.True(result.Code == 2, $"exit {result.Code}\n{result.Output}\n{result.Error}");
        Assert.Contains("error: " + message, result.Error);
        Assert.DoesNotContain("   at ", result.Error); // no stack trace
        Assert.DoesNotContain("System.", result.Error); // no .NET type names
    }

    [Theory]
    [InlineData("run --threads abc", "--threads: expected an integer, got 'abc'")]
    [InlineData("run --threads 0", "--threads: expected at least 1, got 0")]
    [InlineData("run --threads -1", "--threads: expected at least 1, got -1")]
    [InlineData("run --threads=-1", "--threads: expected at least 1, got -1")]
    [InlineData("search --threads 0", "--threads: expected at least 1, got 0")]
    [InlineData("demo --threads 0", "--threads: expected at least 1, got 0")]
    [InlineData("demo --epochs two", "--epochs: expected an integer, got 'two'")]
    [InlineData("search --lr fast", "--lr: expected a number, got 'fast'")]
    [InlineData("search --optimizer sdg", "--optimizer: expected one of sgd, adam, adamw, got 'sdg'")]
    [InlineData("doctor --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("--bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("run --bogus", "unknown option '--bogus'")]
    [InlineData("plan --bogus", "unknown option '--bogus'")]
    public void ACommandLineThatDoesNotParseIsBadInputInTheUsersTerms(string commandLine, string message)
    {
        var result = Run(commandLine.Split(' '));
        AssertBadInput(result, message);
        Assert.Contains("--help`", result.Error);
    }

    [Fact]
    public void AnOutThatIsNotADirectoryIsBadInput()
    {
        var file = Path.Combine(_folder, "results.txt");
        File.WriteAllText(file, "");

        AssertBadInput(Run("run", "--out", "/dev/null"), "--out: /dev/null is not a directory");
        AssertBadInput(Run("plan", "--out", file), $"--out: {file} is not a directory");
        AssertBadInput(Run("run", "--out", Path.Combine(file, "sub")), $"--out: {Path.Combine(file, "sub")} cannot be a directory: {file} is not one");
    }

    [Fact]
    public void ADirectoryGivenAsTheBenchmarkFileIsCalledADirectory()
    {
        var result = Run("plan", _folder);
        AssertBadInput(result, $"{_folder} is a directory: give the benchmark file (a benchmarks.yaml)");
        Assert.DoesNotContain("does not exist", result.Error);
        AssertBadInput(Run("run", _folder, "--out", Path.Combine(_folder, "results")), $"{_folder} is a directory");
    }

    [Theory]
    // Truncated mid-file (a run killed while something else wrote it, a copy cut short).
    [InlineData("{\n  \"format-version\": 2,\n  \"name\": \"tiny\",\n  \"axis-or", "is not a LossBench benchmark record (")]
    // Valid JSON without what the report needs.
    [InlineData("{ \"format-version\": 2 }", "is not a complete LossBench benchmark record: it lacks axis-order, report, cell-ids")]
    [InlineData("{}", "was written in results format 0")]
    [InlineData("[1, 2]", "is not a LossBench benchmark record (")]
    public void AReportOfABenchmarkJsonThatCannotBeReadIsBadInputNamingTheFile(string content, string problem)
    {
        var results = Path.Combine(_folder, "results", "tiny");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "benchmark.json"), content);

        var result = Run("report", results);

        AssertBadInput(result, $"{Path.Combine(results, "benchmark.json")} ");
        Assert.Contains(problem, result.Error);
        Assert.Equal("", result.Output);
    }
}
