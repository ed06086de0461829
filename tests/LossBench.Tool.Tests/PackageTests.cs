using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace LossBench.Tool.Tests;

/// <summary>
/// The packages `dotnet pack LossBench.sln` makes for plugin authors: what each holds and depends on,
/// one version for all (Directory.Build.props), and the same bytes when packed again.
/// </summary>
[Collection(AuthoringCollection.Name)]
public sealed class PackageTests(AuthoringKit kit)
{
    private static readonly string[] Packages =
        ["LossBench.Sdk", "LossBench.Torch", "LossBench.Torch.Native.linux-x64", "LossBench.Plugin.Sdk", "LossBench.Testing", "LossBench.Templates", "lossbench"];

    [Fact]
    public void One_command_packs_every_package_at_the_one_version()
    {
        foreach (var id in Packages)
            Assert.True(File.Exists(PathOf(id)), $"{id}.{kit.Version}.nupkg is not in the feed: {string.Join(", ", Directory.GetFiles(kit.Feed).Select(Path.GetFileName))}");
    }

    [Fact]
    public void Torch_is_managed_only_and_the_native_shim_is_its_own_runtime_package()
    {
        var torch = Entries("LossBench.Torch");
        Assert.Contains("lib/net10.0/LossBench.Torch.dll", torch);
        Assert.DoesNotContain(torch, e => e.EndsWith(".so", StringComparison.Ordinal));
        Assert.Equal(["runtimes/linux-x64/native/liblossbench_torch.so"], Entries("LossBench.Torch.Native.linux-x64").Where(e => !IsPackageMetadata(e)));
        Assert.Equal([("LossBench.Torch", kit.Version)], Dependencies("LossBench.Sdk"));
        Assert.Empty(Dependencies("LossBench.Torch"));
    }

    [Fact]
    public void Plugin_sdk_is_an_msbuild_sdk_that_references_the_packages_of_its_own_version()
    {
        var entries = Entries("LossBench.Plugin.Sdk");
        Assert.Contains("Sdk/Sdk.props", entries);
        Assert.Contains("Sdk/Sdk.targets", entries);
        Assert.Contains("MSBuildSdk", Nuspec("LossBench.Plugin.Sdk").Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => (string?)e.Attribute("name")));
        Assert.Contains($"<LossBenchVersion>{kit.Version}</LossBenchVersion>", Read("LossBench.Plugin.Sdk", "Sdk/LossBench.Plugin.Sdk.Version.props"));
    }

    [Fact]
    public void Testing_compiles_against_the_kit_alone_and_brings_the_engine_to_run_tests()
    {
        var entries = Entries("LossBench.Testing");
        Assert.Equal(["ref/net10.0/LossBench.Testing.dll"], entries.Where(e => e.StartsWith("ref/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)));
        Assert.Contains("lib/net10.0/lossbench.dll", entries);
        Assert.Contains("build/LossBench.Testing.targets", entries);
        var dependencies = Dependencies("LossBench.Testing");
        foreach (var id in new[] { "LossBench.Sdk", "LossBench.Torch", "LossBench.Torch.Native.linux-x64" })
            Assert.Contains((id, kit.Version), dependencies);
        Assert.DoesNotContain(dependencies, d => d.Id == "lossbench");
    }

    [Fact]
    public void Templates_hold_the_five_kinds_with_the_versions_written_in()
    {
        var entries = Entries("LossBench.Templates");
        foreach (var kind in new[] { "loss", "augmentation", "evaluation", "dataset", "model" })
        {
            Assert.Contains($"\"shortName\": \"lossbench-{kind}\"", Read("LossBench.Templates", $"content/{kind}/.template.config/template.json"));
            var plugin = Read("LossBench.Templates", $"content/{kind}/LossBenchPlugin1/LossBenchPlugin1.csproj");
            Assert.Contains($"Sdk=\"LossBench.Plugin.Sdk/{kit.Version}\"", plugin);
            Assert.Contains($"Include=\"LossBench.Testing\" Version=\"{kit.Version}\"", Read("LossBench.Templates", $"content/{kind}/LossBenchPlugin1.Tests/LossBenchPlugin1.Tests.csproj"));
        }
        foreach (var entry in entries.Where(e => e.EndsWith(".csproj", StringComparison.Ordinal)))
            Assert.DoesNotContain("__", Read("LossBench.Templates", entry));
    }

    [Fact]
    public void Packing_again_gives_the_same_bytes()
    {
        var again = Path.Combine(kit.Root, "repack");
        foreach (var project in new[] { "src/Sdk/LossBench.Sdk.csproj", "src/PluginSdk/LossBench.Plugin.Sdk.csproj", "templates/LossBench.Templates.csproj" })
            kit.Run("packing " + project + " again", kit.RepoRoot,
                ["pack", Path.Combine(kit.RepoRoot, project), "--no-build", "-c", kit.Configuration, "--nologo", "-o", again,
                 "-p:NuspecOutputPath=" + Path.Combine(kit.Root, "nuspec-again") + Path.DirectorySeparatorChar, "-nodeReuse:false"], fullPath: true);
        foreach (var id in new[] { "LossBench.Sdk", "LossBench.Plugin.Sdk", "LossBench.Templates" })
            Assert.True(Hash(PathOf(id)) == Hash(Path.Combine(again, $"{id}.{kit.Version}.nupkg")), $"{id} differs when packed again");
    }

    private string PathOf(string id) => Path.Combine(kit.Feed, $"{id}.{kit.Version}.nupkg");

    private string[] Entries(string id)
    {
        using var zip = ZipFile.OpenRead(PathOf(id));
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    private string Read(string id, string entry)
    {
        using var zip = ZipFile.OpenRead(PathOf(id));
        using var reader = new StreamReader((zip.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException($"{id} has no {entry}")).Open());
        return reader.ReadToEnd();
    }

    private XDocument Nuspec(string id) => XDocument.Parse(Read(id, id + ".nuspec"));

    private (string Id, string Version)[] Dependencies(string id) =>
        Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!)).ToArray();

    private static bool IsPackageMetadata(string entry) =>
        entry.EndsWith(".nuspec", StringComparison.Ordinal) || entry.StartsWith("_rels/", StringComparison.Ordinal) ||
        entry.StartsWith("package/", StringComparison.Ordinal) || entry == "[Content_Types].xml";

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
