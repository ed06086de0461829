using System.Reflection;

namespace LossBench.Tool.Tests;

/// <summary>
/// The tool as a user gets it, made once for <see cref="ToolPackageTests"/>: src/Host packed into
/// a temporary folder and installed from there with `dotnet tool install --tool-path`, through a
/// NuGet config that knows only that folder (no remote feed is asked). Everything lives in one
/// temporary folder, deleted afterwards.
/// </summary>
/// <remarks>
/// The pack runs with --no-build in the configuration this test assembly was built in: the test
/// command builds the whole solution (host and built-in plugins) first, and building here instead
/// would rewrite outputs that test assemblies running beside this one are using. A pack without a
/// build of the plugins fails (build/CopyPlugins.targets checks) rather than ship without them.
/// </remarks>
public sealed class InstalledTool : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    public InstalledTool()
    {
        Configuration = typeof(InstalledTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c
            ? c
            : "Release";
        RepoRoot = FindRepoRoot();
        Dotnet = FindDotnet();
        Root = Directory.CreateTempSubdirectory("lbtool-").FullName;
        try
        {
            PackageFolder = Path.Combine(Root, "pkg");
            ToolFolder = Path.Combine(Root, "tools");
            Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;

            Pack = RunDotnet("packing the tool",
                ["pack", Path.Combine(RepoRoot, "src", "Host", "LossBench.Host.csproj"), "--no-build", "-c", Configuration, "--nologo",
                 "-o", PackageFolder,
                 // Intermediate files of the pack go to the temporary folder, not into src/Host.
                 "-p:PublishDir=" + Path.Combine(Root, "publish") + Path.DirectorySeparatorChar,
                 "-p:NuspecOutputPath=" + Path.Combine(Root, "nuspec") + Path.DirectorySeparatorChar,
                 "-nodeReuse:false"],
                BuildTimeout,
                hint: $"The pack runs with --no-build: build the solution first (dotnet build LossBench.sln -c {Configuration}).");
            var packages = Directory.GetFiles(PackageFolder, "*.nupkg");
            if (packages.Length != 1)
                Assert.Fail($"expected one .nupkg in {PackageFolder}, found: {string.Join(", ", packages)}\n{Pack.Describe()}");
            PackagePath = packages[0];
            PackageId = "lossbench";

            var config = Path.Combine(Root, "nuget.config");
            File.WriteAllText(config,
                $"""
                 <?xml version="1.0" encoding="utf-8"?>
                 <configuration>
                   <packageSources>
                     <clear />
                     <add key="lossbench-under-test" value="{PackageFolder}" />
                   </packageSources>
                 </configuration>
                 """);
            Version = PackageVersionOf(PackagePath);
            Install = RunDotnet("installing the tool",
                ["tool", "install", PackageId, "--tool-path", ToolFolder, "--version", Version, "--configfile", config],
                InstallTimeout,
                // A package cache of its own: a lossbench package of the same version cached by an
                // earlier install can never stand in for the one just packed.
                extraEnvironment: new() { ["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-packages") });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Configuration { get; }
    public string RepoRoot { get; }
    public string Dotnet { get; }
    /// <summary>The temporary folder holding everything this fixture and its tests make.</summary>
    public string Root { get; }
    public string PackageFolder { get; } = "";
    public string PackagePath { get; } = "";
    public string PackageId { get; } = "";
    public string Version { get; } = "";
    public string ToolFolder { get; } = "";
    /// <summary>HOME of the tool's runs, so that a user's ~/.lossbench/plugins cannot join in.</summary>
    public string Home { get; } = "";
    public ProcessRun? Pack { get; }
    public ProcessRun? Install { get; }

    /// <summary>Runs `dotnet &lt;arguments&gt;` (MSBuild, NuGet), failing the test with its output unless it succeeds.</summary>
    public ProcessRun RunDotnet(string what, IReadOnlyList<string> arguments, TimeSpan? timeout = null, string? hint = null,
                                Dictionary<string, string?>? extraEnvironment = null)
    {
        var environment = BaseEnvironment();
        foreach (var (key, value) in extraEnvironment ?? []) environment[key] = value;
        var run = ProcessRun.Start(Dotnet, arguments, RepoRoot, environment, timeout ?? BuildTimeout);
        if (run.TimedOut || run.ExitCode != 0) Assert.Fail($"{what} failed.{(hint is null ? "" : " " + hint)}\n{run.Describe()}");
        return run;
    }

    /// <summary>
    /// Runs `dotnet lossbench &lt;arguments&gt;` the way a user does after installing the tool: the
    /// tool folder first on PATH, so the dotnet CLI finds dotnet-lossbench there. Does not assert.
    /// </summary>
    public ProcessRun RunTool(params string[] arguments)
    {
        var environment = BaseEnvironment();
        environment["PATH"] = ToolFolder + Path.PathSeparator + environment.GetValueOrDefault("PATH");
        environment["HOME"] = Home;
        environment["LOSSBENCH_PLUGIN_PATH"] = null;
        return ProcessRun.Start(Dotnet, ["lossbench", .. arguments], Root, environment, RunTimeout);
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(Root); attempt++)
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Thread.Sleep(200 * (attempt + 1)); }
        }
    }

    /// <summary>
    /// This process's environment without what a parent `dotnet test` sets for its own MSBuild
    /// (MSBuild paths, node settings) and with no build servers left behind: a lingering build node
    /// would hold the captured output pipes open.
    /// </summary>
    private Dictionary<string, string?> BaseEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)) continue;
            environment[key] = (string?)entry.Value;
        }
        environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet);
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        return environment;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LossBench.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"LossBench.sln not found in {AppContext.BaseDirectory} or any folder above it");
    }

    /// <summary>The dotnet executable running these tests (so the same SDK packs and runs the tool), else the one on PATH.</summary>
    internal static string FindDotnet()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), Environment.ProcessPath }
            .Where(p => !string.IsNullOrEmpty(p) && Path.GetFileNameWithoutExtension(p) == "dotnet" && File.Exists(p))
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
                .Where(File.Exists));
        var dotnet = candidates.FirstOrDefault() ?? throw new InvalidOperationException("dotnet not found (DOTNET_HOST_PATH, this process, PATH)");
        // /usr/bin/dotnet is usually a link; DOTNET_ROOT must be the folder that holds the runtimes.
        return new FileInfo(dotnet!).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(dotnet!);
    }

    private static string PackageVersionOf(string nupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/'));
        using var stream = nuspec.Open();
        var document = System.Xml.Linq.XDocument.Load(stream);
        return document.Descendants().First(e => e.Name.LocalName == "version").Value.Trim();
    }
}
