using System.Reflection;

namespace LossBench.Tool.Tests;

/// <summary>
/// What a plugin author has, made once for <see cref="TemplateFlowTests"/> and <see cref="PackageTests"/>:
/// every package of the solution packed into one local feed (<c>dotnet pack LossBench.sln --no-build</c>:
/// the test command builds the solution first), the tool installed from that feed, and an empty home
/// of its own (HOME, DOTNET_CLI_HOME, NUGET_PACKAGES) so that `dotnet new install` and
/// ~/.lossbench/plugins never touch the user's. Restores are offline: the NuGet config names only
/// the feed, with the machine's package cache as a read-only fallback folder for xunit and the like.
/// The templates are installed from the feed into that home.
/// The author's commands run with PATH cut down to sh, the dotnet folder and the tool: no cmake, no
/// compiler, nothing from the repository.
/// </summary>
public sealed class AuthoringKit : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    public AuthoringKit()
    {
        Configuration = typeof(AuthoringKit).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Release";
        RepoRoot = FindRepoRoot();
        Dotnet = InstalledTool.FindDotnet();
        Root = Directory.CreateTempSubdirectory("lbauthor-").FullName;
        try
        {
            Feed = Path.Combine(Root, "feed");
            Home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
            Work = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
            ToolFolder = Path.Combine(Root, "tools");
            MinimalBin = Directory.CreateDirectory(Path.Combine(Root, "bin")).FullName;
            File.CreateSymbolicLink(Path.Combine(MinimalBin, "sh"), "/bin/sh");

            var started = DateTime.UtcNow;
            Pack = Run("packing the solution", RepoRoot,
                ["pack", Path.Combine(RepoRoot, "LossBench.sln"), "--no-build", "-c", Configuration, "--nologo", "-o", Feed,
                 "-p:PublishDir=" + Path.Combine(Root, "publish") + Path.DirectorySeparatorChar,
                 "-p:NuspecOutputPath=" + Path.Combine(Root, "nuspec") + Path.DirectorySeparatorChar,
                 "-nodeReuse:false"], PackTimeout, fullPath: true);
            PackSeconds = (DateTime.UtcNow - started).TotalSeconds;
            Version = File.ReadAllText(Path.Combine(RepoRoot, "Directory.Build.props")) is var props &&
                      System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>") is { Success: true } m
                ? m.Groups[1].Value
                : throw new InvalidOperationException("no <Version> in Directory.Build.props");

            NuGetConfig = Path.Combine(Work, "NuGet.Config");
            File.WriteAllText(NuGetConfig,
                $"""
                 <?xml version="1.0" encoding="utf-8"?>
                 <configuration>
                   <packageSources>
                     <clear />
                     <add key="lossbench-local" value="{Feed}" />
                   </packageSources>
                   <fallbackPackageFolders>
                     <add key="machine-cache" value="{MachinePackageCache()}" />
                   </fallbackPackageFolders>
                 </configuration>
                 """);
            // `dotnet tool install` needs the usual PATH (it is the user's setup, not the author's flow).
            Run("installing the tool", Work, ["tool", "install", "lossbench", "--tool-path", ToolFolder, "--version", Version, "--configfile", NuGetConfig],
                StepTimeout, fullPath: true);
            // The author's first command, once for every test of the collection (a second install of the same package fails).
            started = DateTime.UtcNow;
            Run("installing the templates", Work, ["new", "install", Path.Combine(Feed, $"LossBench.Templates.{Version}.nupkg")]);
            TemplatesInstallSeconds = (DateTime.UtcNow - started).TotalSeconds;
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
    public string Root { get; }
    public string Feed { get; } = "";
    public string Home { get; } = "";
    public string Work { get; } = "";
    public string ToolFolder { get; } = "";
    public string MinimalBin { get; } = "";
    public string NuGetConfig { get; } = "";
    public string Version { get; } = "";
    public ProcessRun? Pack { get; }
    public double PackSeconds { get; }
    /// <summary>How long `dotnet new install LossBench.Templates` took (part of the author's flow).</summary>
    public double TemplatesInstallSeconds { get; }

    /// <summary>The PATH of the author's commands: sh, the tool, dotnet; nothing else.</summary>
    public string MinimalPath => string.Join(Path.PathSeparator, MinimalBin, ToolFolder, Path.GetDirectoryName(Dotnet));

    /// <summary>Runs `dotnet &lt;arguments&gt;` in <paramref name="directory"/> as the author (minimal PATH unless <paramref name="fullPath"/>); fails the test unless it succeeds.</summary>
    public ProcessRun Run(string what, string directory, IReadOnlyList<string> arguments, TimeSpan? timeout = null, bool fullPath = false)
    {
        var run = ProcessRun.Start(Dotnet, arguments, directory, Environment(fullPath), timeout ?? StepTimeout);
        if (run.TimedOut || run.ExitCode != 0) Assert.Fail($"{what} failed.\n{run.Describe()}");
        return run;
    }

    /// <summary>Runs `dotnet lossbench &lt;arguments&gt;` as the author; does not assert.</summary>
    public ProcessRun Tool(string directory, params string[] arguments) =>
        ProcessRun.Start(Dotnet, ["lossbench", .. arguments], directory, Environment(fullPath: false), StepTimeout);

    /// <summary>
    /// This process's environment without what a parent `dotnet test` sets for its own MSBuild, with a
    /// home, CLI home and package cache of this fixture, no build servers, and no way to find libtorch's
    /// build files (Torch_DIR, LIBTORCH_DIR, CPATH and the like are removed).
    /// </summary>
    public Dictionary<string, string?> Environment(bool fullPath)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
                key.StartsWith("NUGET", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) ||
                key is "Torch_DIR" or "LIBTORCH_DIR" or "CPATH" or "C_INCLUDE_PATH" or "CPLUS_INCLUDE_PATH" or "CMAKE_PREFIX_PATH" or "LOSSBENCH_PLUGIN_PATH")
                continue;
            environment[key] = (string?)entry.Value;
        }
        environment["HOME"] = Home;
        environment["DOTNET_CLI_HOME"] = Home;
        environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet);
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["UseSharedCompilation"] = "false";
        if (!fullPath) environment["PATH"] = MinimalPath;
        return environment;
    }

    public void Dispose()
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(Root); attempt++)
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Thread.Sleep(200 * (attempt + 1)); }
        }
    }

    /// <summary>The machine's NuGet package folder (where the solution's own restore put xunit and the rest), read only here.</summary>
    private static string MachinePackageCache() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LossBench.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"LossBench.sln not found in {AppContext.BaseDirectory} or any folder above it");
    }
}
