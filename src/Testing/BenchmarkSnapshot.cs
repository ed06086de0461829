using System.Reflection;
using System.Runtime.CompilerServices;
using LossBench.Host.Cli;
using Xunit.Sdk;

namespace LossBench.Testing;

/// <summary>
/// A benchmark as a test: <c>await BenchmarkSnapshot.VerifyAsync("quick.yaml")</c> runs
/// `lossbench verify` on the file in this process (the tool's own code, which this package carries)
/// and fails the test with the tool's diff (table, row, column, both values) when the tables differ
/// from &lt;name&gt;.verified.md, or were computed in another environment.
/// <para>
/// Files are found from the test project's folder, never from a caller's source path (a
/// deterministic CI build maps source paths to /_/): the folder recorded at build time
/// (<c>LossBench.ProjectDirectory</c> assembly metadata, which the package's build file adds), else
/// the nearest folder above the test assembly that holds a .csproj. A relative benchmark file is
/// taken from that folder; its snapshots (&lt;name&gt;.verified.md, &lt;name&gt;.received.md) sit beside
/// it, and its results (the cache that makes an unchanged benchmark verify in seconds) go to
/// obj/lossbench-results/ of the project. The first run writes the snapshot and passes;
/// <c>LOSSBENCH_ACCEPT_SNAPSHOTS=1</c> accepts the received one. Plugins come from the tool's
/// search path (plugins/ beside the test assembly, ~/.lossbench/plugins, $LOSSBENCH_PLUGIN_PATH)
/// and any <c>--plugins DIR</c> among the arguments.
/// </para>
/// </summary>
public static class BenchmarkSnapshot
{
    /// <summary>Set to 1 to accept the received snapshots instead of failing.</summary>
    public const string AcceptVariable = "LOSSBENCH_ACCEPT_SNAPSHOTS";

    /// <summary>The assembly metadata key of the test project's folder.</summary>
    public const string ProjectDirectoryKey = "LossBench.ProjectDirectory";

    /// <param name="benchmarkFile">The benchmark file, relative to the test project's folder or absolute.</param>
    /// <param name="arguments">More arguments for `lossbench verify` (e.g. --threads 1, --plugins DIR, --out DIR).</param>
    [MethodImpl(MethodImplOptions.NoInlining)] // the calling assembly is the test project's
    public static Task VerifyAsync(string benchmarkFile, params string[] arguments) =>
        VerifyAsync(benchmarkFile, ProjectDirectory(Assembly.GetCallingAssembly()), arguments);

    /// <param name="projectDirectory">The folder relative paths are taken from (the test project's).</param>
    public static Task VerifyAsync(string benchmarkFile, string projectDirectory, params string[] arguments) => Task.Run(() =>
    {
        var file = Path.GetFullPath(benchmarkFile, projectDirectory);
        var args = new List<string> { "verify", file, "--snapshots", Path.GetDirectoryName(file)! };
        if (!arguments.Contains("--out")) args.AddRange(["--out", Path.Combine(projectDirectory, "obj", "lossbench-results")]);
        args.AddRange(arguments);
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1" && !arguments.Contains("--accept")) args.Add("--accept");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args.ToArray(), output, error);
        if (code == ExitCodes.Done) return;
        throw new XunitException($"lossbench verify {Path.GetFileName(file)} exited with {code}:\n{Verdict(output.ToString())}{error}" +
                                 $"\n(set {AcceptVariable}=1 to accept the received snapshot)");
    });

    /// <summary>The test project's folder for <paramref name="testAssembly"/>: its build-time metadata, else the nearest folder above it with a .csproj.</summary>
    public static string ProjectDirectory(Assembly testAssembly)
    {
        var recorded = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == ProjectDirectoryKey)?.Value;
        if (!string.IsNullOrEmpty(recorded) && Directory.Exists(recorded)) return recorded;
        for (var folder = Path.GetDirectoryName(testAssembly.Location); folder is not null; folder = Path.GetDirectoryName(folder))
            if (Directory.EnumerateFiles(folder, "*.csproj").Any()) return folder;
        throw new InvalidOperationException($"no folder above {testAssembly.Location} holds a .csproj, and the assembly records no {ProjectDirectoryKey}: " +
                                            "give the project folder to VerifyAsync(file, projectDirectory)");
    }

    /// <summary>The verify lines of the tool's output (its verdict and diff), without the run's progress and tables.</summary>
    private static string Verdict(string output)
    {
        var lines = output.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("verify:", StringComparison.Ordinal) || l.StartsWith("  within tolerance", StringComparison.Ordinal));
        return first < 0 ? output : string.Join('\n', lines[first..]);
    }
}
