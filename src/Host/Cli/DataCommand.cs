using System.CommandLine;
using System.Net.Http.Headers;
using LossBench.Host.Data;
using LossBench.PluginSupport.Data;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench data get &lt;name&gt;` downloads a data set from its publisher into the data root
/// (<see cref="DataHome"/>, or <c>--dir</c>), verifies the publisher's checksums, unpacks it and
/// prints the benchmark entry that reads it; `lossbench data list` (or `data get` without a name)
/// shows what it can download. Exit codes: 0 ready, 1 the download or its verification failed,
/// 2 an unknown data set or a bad option, 3 the data folder cannot be written, 130 interrupted (run
/// the command again to resume); see <see cref="ExitCodes"/>.
/// </summary>
public static class DataCommand
{
    /// <summary>The environment variable that names a local mirror, like <c>--mirror</c>.</summary>
    public const string MirrorVariable = "LOSSBENCH_DATA_MIRROR";

    public static Command Create(TextWriter output, TextWriter error) =>
        Create(output, error, DataCatalog.BuiltIn, DownloadSettings.Default, Environment.GetEnvironmentVariable,
            LiveDisplay.IsAvailableOnError(error) ? new DownloadProgress(error) : DownloadProgress.Silent);

    /// <summary>The command over any catalog, retry settings and environment (tests serve their own files).</summary>
    public static Command Create(TextWriter output, TextWriter error, DataCatalog catalog, DownloadSettings settings,
        Func<string, string?> environment, DownloadProgress progress)
    {
        var name = new Argument<string?>("name")
        {
            Description = $"The data set: {string.Join(", ", catalog.Sources.Select(s => s.Name))}. Without it, lists them.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var getDirectory = DirectoryOption();
        var mirror = new Option<string?>("--mirror")
        {
            Description = $"Download from a local mirror instead of the publishers: each file from URL/<name>/<file> (default: ${MirrorVariable}).",
            HelpName = "URL",
        };
        var force = new Option<bool>("--force") { Description = "Download and unpack again even when the data set is already complete." };
        var get = new Command("get", "Download a data set from its publisher, verify its checksums, unpack it, and print the benchmark entry that reads it.")
        {
            name, getDirectory, mirror, force,
        };
        get.SetAction(async (parse, cancellation) =>
        {
            var root = parse.GetValue(getDirectory) ?? DataHome.Resolve(environment);
            if (parse.GetValue(name) is not { } requested)
            {
                List(catalog, root, output);
                return 0;
            }
            if (catalog.Find(requested) is not { } source)
            {
                error.WriteLine($"error: unknown data set '{requested}'; lossbench data get knows {string.Join(", ", catalog.Sources.Select(s => s.Name))}");
                return 2;
            }
            if (!TryMirror(parse.GetValue(mirror), environment, out var mirrorAddress, out var mirrorProblem))
            {
                error.WriteLine($"error: {mirrorProblem}");
                return 2;
            }
            return await Get(source, root, mirrorAddress, parse.GetValue(force), settings, progress, output, error, cancellation);
        });

        var listDirectory = DirectoryOption();
        var list = new Command("list", "List the data sets lossbench data get can download, with their size, source and whether they are here.") { listDirectory };
        list.SetAction(parse =>
        {
            List(catalog, parse.GetValue(listDirectory) ?? DataHome.Resolve(environment), output);
            return 0;
        });

        var data = new Command("data", "Download the publishers' data sets (MNIST, Fashion-MNIST, KMNIST, CIFAR-10, CIFAR-100) into the data folder.") { get, list };
        data.SetAction(_ =>
        {
            List(catalog, DataHome.Resolve(environment), output);
            return 0;
        });
        return data;
    }

    private static Option<string?> DirectoryOption() => new("--dir")
    {
        Description = $"The data root; the data set's folder is DIR/<name> (default: ${DataHome.Variable}, else $XDG_DATA_HOME/lossbench/data, else ~/.local/share/lossbench/data).",
        HelpName = "DIR",
    };

    private static bool TryMirror(string? option, Func<string, string?> environment, out Uri? mirror, out string problem)
    {
        var (text, origin) = option is not null ? (option, "--mirror") : (environment(MirrorVariable), "$" + MirrorVariable);
        mirror = null;
        problem = "";
        if (string.IsNullOrEmpty(text)) return true;
        if (Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
        {
            mirror = address;
            return true;
        }
        problem = $"{origin} '{text}' is not an http:// or https:// address";
        return false;
    }

    public static async Task<int> Get(DataSource source, string root, Uri? mirror, bool force, DownloadSettings settings, DownloadProgress progress,
        TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("lossbench", CliApp.Version.Split('+')[0]));
        var installer = new DataSetInstaller(new FileDownloader(http, settings, progress), output);
        var folder = DataSetInstaller.FolderOf(root, source);
        try
        {
            output.WriteLine($"{source.Name}: {(mirror is null ? $"from {source.Homepage}" : $"from the mirror {mirror}")} into {folder}");
            var result = await installer.InstallAsync(source, root, mirror, force, cancellation);
            var size = DataSize.Format(result.Files.Sum(f => new FileInfo(Path.Combine(result.Folder, f)).Length));
            output.WriteLine(result.AlreadyPresent
                ? $"{source.Name} is already complete in {result.Folder} ({result.Files.Count} files, {size}; each checked against {DataSetManifest.FileName}); --force downloads it again."
                : $"{source.Name} is ready in {result.Folder} ({result.Files.Count} files, {size}).");
            output.WriteLine("To use it, add this entry to a benchmark's datasets:");
            output.WriteLine($"  - {source.EntryFor(result.Folder)}");
            return 0;
        }
        // A folder that cannot be written (read-only, disk full) is the environment's problem: exit 3 from CommandFailure.
        catch (Exception e) when (e is DataSetException || (e is IOException && !CommandFailure.IsEnvironment(e)))
        {
            error.WriteLine($"error: {source.Name}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine($"{source.Name}: interrupted; run the same command again to resume the download.");
            return ExitCodes.Interrupted;
        }
    }

    public static void List(DataCatalog catalog, string root, TextWriter output)
    {
        var fullRoot = Path.GetFullPath(root);
        output.WriteLine($"data sets for `lossbench data get <name>` (data root {fullRoot}; --dir or ${DataHome.Variable} changes it):");
        var width = catalog.Sources.Max(s => s.Name.Length);
        foreach (var source in catalog.Sources)
        {
            var folder = DataSetInstaller.FolderOf(fullRoot, source);
            var state = File.Exists(Path.Combine(folder, DataSetManifest.FileName)) ? $"downloaded: {folder}" : "not downloaded";
            output.WriteLine($"  {source.Name.PadRight(width)}  {DataSize.Format(source.TotalSize),9}  {state}");
            output.WriteLine($"  {"".PadRight(width)}  {source.Summary}");
            output.WriteLine($"  {"".PadRight(width)}  from {string.Join(", then ", source.BaseAddresses)}");
        }
    }
}
