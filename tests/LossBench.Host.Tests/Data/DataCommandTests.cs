using System.CommandLine;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LossBench.Host.Cli;
using LossBench.Host.Data;
using YamlDotNet.RepresentationModel;

namespace LossBench.Host.Tests.Data;

public sealed class DataCommandTests : IDisposable
{
    private readonly LocalFileServer _server = new();
    private readonly TemporaryRoot _root = new();
    private readonly Dictionary<string, byte[]> _files = DataFixtures.IdxSet(seed: 11);

    public void Dispose()
    {
        _server.Dispose();
        _root.Dispose();
    }

    /// <summary>A catalog whose one data set's publisher address answers nothing, so every file must come from the mirror.</summary>
    private DataCatalog Catalog => new([DataFixtures.IdxSource("fake", _files, new Uri("http://127.0.0.1:9/unreachable/"))]);

    private Uri Mirror(string folder = "mirror/")
    {
        foreach (var (name, content) in _files) _server.Serve($"{folder}fake/{name}", content);
        return new Uri(_server.BaseAddress, folder);
    }

    private (int Code, string Output, string Error) Run(Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { DataCommand.Create(output, error, Catalog, DataFixtures.Fast, environment, DownloadProgress.Silent) };
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private (int Code, string Output, string Error) Run(params string[] args) => Run(_ => null, args);

    [Fact]
    public void GetNamesTheFolderAndTheBenchmarkEntryThatReadsIt()
    {
        var mirror = Mirror();
        var folder = Path.Combine(_root.Path, "fake");

        var (code, output, error) = Run("data", "get", "fake", "--dir", _root.Path, "--mirror", mirror.ToString());

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains($"fake: from the mirror {mirror} into {folder}", output);
        Assert.Contains($"fake is ready in {folder} (4 files, ", output);
        Assert.Contains($"To use it, add this entry to a benchmark's datasets:{Environment.NewLine}  - idx: {{ dir: {folder} }}", output);
        Assert.Equal(4, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.StartsWith("/mirror/fake/", r.Path, StringComparison.Ordinal));
        foreach (var (name, content) in _files) Assert.Equal(content, File.ReadAllBytes(Path.Combine(folder, name)));
    }

    [Fact]
    public void TheEntryIsValidYamlForAFolderWithSpacesCommasAndQuotes()
    {
        var root = Path.Combine(_root.Path, "my data, 'v2' #1");

        var (code, output, _) = Run("data", "get", "fake", "--dir", root, "--mirror", Mirror().ToString());

        Assert.Equal(0, code);
        var entry = output.Split(Environment.NewLine).Single(l => l.StartsWith("  - ", StringComparison.Ordinal));
        var yaml = new YamlStream();
        yaml.Load(new StringReader("datasets:\n" + entry + "\n"));
        var item = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["datasets"]).Children[0];
        var options = (YamlMappingNode)item["idx"];
        Assert.Equal(Path.Combine(root, "fake"), ((YamlScalarNode)options["dir"]).Value);
        Assert.True(File.Exists(Path.Combine(root, "fake", DataFixtures.IdxNames[0])));
    }

    [Fact]
    public void TheMirrorVariableAndTheDataHomeAreUsedWhenNoOptionsAreGiven()
    {
        var mirror = Mirror("env-mirror/");
        var environment = new Dictionary<string, string> { [DataCommand.MirrorVariable] = mirror.ToString(), [PluginSupport.Data.DataHome.Variable] = _root.Path };

        var (code, output, _) = Run(environment.GetValueOrDefault, "data", "get", "fake");

        Assert.Equal(0, code);
        Assert.Contains($"fake is ready in {Path.Combine(_root.Path, "fake")}", output);
        Assert.All(_server.Requests, r => Assert.StartsWith("/env-mirror/fake/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondGetSaysTheDataSetIsThereAndDownloadsNothing()
    {
        var mirror = Mirror().ToString();
        Run("data", "get", "fake", "--dir", _root.Path, "--mirror", mirror);

        var (code, output, _) = Run("data", "get", "fake", "--dir", _root.Path, "--mirror", mirror);

        Assert.Equal(0, code);
        Assert.Contains($"fake is already complete in {Path.Combine(_root.Path, "fake")} (4 files", output);
        Assert.Contains("--force downloads it again", output);
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public void ATamperedFileFailsTheCommandNamingFileAndChecksums()
    {
        var mirror = Mirror();
        var name = DataFixtures.IdxNames[2];
        var tampered = (byte[])_files[name].Clone();
        tampered[^5] ^= 0x42;
        _server.Serve($"mirror/fake/{name}", tampered);

        var (code, _, error) = Run("data", "get", "fake", "--dir", _root.Path, "--mirror", mirror.ToString());

        Assert.Equal(1, code);
        Assert.Contains($"error: fake: {name} could not be downloaded and verified", error);
        Assert.Contains($"expected MD5 {Convert.ToHexStringLower(MD5.HashData(_files[name]))}, got {Convert.ToHexStringLower(MD5.HashData(tampered))}", error);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "fake")));
        Assert.DoesNotContain(_root.Entries(), e => e.EndsWith(name, StringComparison.Ordinal) || e.EndsWith(name + FileDownloader.PartialSuffix, StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownDataSetOrABadMirrorIsAUsageError()
    {
        var (unknownCode, _, unknown) = Run("data", "get", "mnsit", "--dir", _root.Path);
        Assert.Equal(2, unknownCode);
        Assert.Contains("unknown data set 'mnsit'; lossbench data get knows fake", unknown);

        var (mirrorCode, _, badMirror) = Run("data", "get", "fake", "--dir", _root.Path, "--mirror", "/srv/data");
        Assert.Equal(2, mirrorCode);
        Assert.Contains("--mirror '/srv/data' is not an http:// or https:// address", badMirror);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void TheBuiltInCatalogIsListedWithSizesSourcesAndWhatIsHere()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Directory.CreateDirectory(Path.Combine(_root.Path, "cifar10"));
        File.WriteAllText(Path.Combine(_root.Path, "cifar10", DataSetManifest.FileName), "{}");

        var code = CliApp.Run(["data", "list", "--dir", _root.Path], output, error, new CliEnvironment(null, null, null));

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains($"data root {_root.Path}", text);
        // The publishers' sizes in bytes, summed by hand: MNIST 9,912,422 + 28,881 + 1,648,877 + 4,542; CIFAR-10 170,052,171.
        Assert.Matches(@"\n  mnist +11\.6 MB  not downloaded", text);
        Assert.Matches($@"\n  cifar10 +170\.1 MB  downloaded: {Regex.Escape(Path.Combine(_root.Path, "cifar10"))}", text);
        foreach (var name in new[] { "fashion-mnist", "kmnist", "cifar100" }) Assert.Contains($"\n  {name} ", text);
        Assert.Contains("from http://yann.lecun.com/exdb/mnist/, then https://ossci-datasets.s3.amazonaws.com/mnist/", text);
        Assert.Contains("from https://www.cs.toronto.edu/~kriz/", text);
    }

    [Fact]
    public void GetWithoutANameListsTheDataSets()
    {
        var (code, output, _) = Run("data", "get", "--dir", _root.Path);

        Assert.Equal(0, code);
        Assert.Contains("  fake ", output);
        Assert.Contains("not downloaded", output);
        Assert.Empty(_server.Requests);
    }
}
