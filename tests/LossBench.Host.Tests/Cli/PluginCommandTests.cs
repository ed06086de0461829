using System.IO.Compression;
using LossBench.Host.Cli;

namespace LossBench.Host.Tests.Cli;

/// <summary>
/// `lossbench plugin install|list|remove` against a home folder of the test's own: a plugin folder or
/// package lands whole in ~/.lossbench/plugins/&lt;name&gt;/ after its plugins were checked to load; what
/// would not load, is no plugin package, or takes a built-in's name is refused (exit 2) and leaves
/// nothing behind.
/// </summary>
public sealed class PluginCommandTests : IDisposable
{
    private readonly PluginLayout _layout = new();
    private readonly string _home = Directory.CreateTempSubdirectory("lbhome-").FullName;

    private string Installed => Path.Combine(_home, ".lossbench", "plugins");

    /// <summary>A tool folder whose plugins/ holds the built-in losses (their names are reserved).</summary>
    private string ToolFolder
    {
        get
        {
            var tool = Path.Combine(_layout.Root, "tool");
            if (!Directory.Exists(tool)) _layout.Add("LossBench.Plugins.Losses", Path.Combine("tool", "plugins", "LossBench.Plugins.Losses"));
            return tool;
        }
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error, new CliEnvironment(ToolFolder, _home, null, _home));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Installs_a_plugin_folder_lists_it_and_removes_it()
    {
        var source = _layout.Add("Fixture.PrivateDependency");
        var (code, output, error) = Run("plugin", "install", source);
        Assert.True(code == 0, error);
        var folder = Path.Combine(Installed, "Fixture.PrivateDependency");
        Assert.Contains($"installed Fixture.PrivateDependency in {folder}", output);
        Assert.Contains("private-dependency  [loss]", output);
        Assert.True(File.Exists(Path.Combine(folder, "Fixture.PrivateDependency.dll")));

        (code, output, _) = Run("plugin", "list");
        Assert.Equal(0, code);
        Assert.Contains("installed plugins (1)", output);
        Assert.Contains("private-dependency  [loss]", output);
        // Discovery finds it where every run looks.
        Assert.Contains($"from {folder} (~/.lossbench/plugins)", Run("list", "loss").Output);

        (code, output, _) = Run("plugin", "install", source);
        Assert.Equal(0, code);
        Assert.Contains("replaced Fixture.PrivateDependency", output);

        (code, output, _) = Run("plugin", "remove", "Fixture.PrivateDependency");
        Assert.Equal(0, code);
        Assert.Contains("removed Fixture.PrivateDependency", output);
        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.Combine(_home, ".lossbench")), p => Path.GetFileName(p) != "plugins");
    }

    [Fact]
    public void Installs_a_plugin_package_under_its_package_id()
    {
        var source = _layout.Add("Fixture.PrivateDependency");
        var package = Path.Combine(_layout.Root, "Contoso.Private.1.2.0.nupkg");
        using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
        {
            WriteEntry(zip, "Contoso.Private.nuspec", "<?xml version=\"1.0\"?><package><metadata><id>Contoso.Private</id><version>1.2.0</version></metadata></package>");
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                zip.CreateEntryFromFile(file, "lossbench-plugin/" + Path.GetRelativePath(source, file).Replace('\\', '/'));
        }
        var (code, output, error) = Run("plugin", "install", package);
        Assert.True(code == 0, error);
        Assert.Contains("installed Contoso.Private", output);
        Assert.True(File.Exists(Path.Combine(Installed, "Contoso.Private", "Fixture.PrivateDependency.dll")));
    }

    [Fact]
    public void Refuses_a_plugin_that_would_not_load_and_leaves_nothing_behind()
    {
        var (code, _, error) = Run("plugin", "install", _layout.Add("Fixture.Broken"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("error: not installed: the plugin in it would not load:", error);
        Assert.Contains("Fixture_Bad_Name", error);
        AssertNothingInstalled();
    }

    [Fact]
    public void Refuses_a_plugin_that_takes_a_built_in_name()
    {
        var (code, _, error) = Run("plugin", "install", _layout.Add("LossBench.Plugins.Losses", "my-losses"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("is a built-in", error);
        AssertNothingInstalled();
    }

    [Fact]
    public void Refuses_what_is_no_plugin_package_or_does_not_exist()
    {
        var notPlugin = Path.Combine(_layout.Root, "Other.1.0.0.nupkg");
        using (var zip = ZipFile.Open(notPlugin, ZipArchiveMode.Create))
        {
            WriteEntry(zip, "Other.nuspec", "<?xml version=\"1.0\"?><package><metadata><id>Other</id><version>1.0.0</version></metadata></package>");
            WriteEntry(zip, "lib/net10.0/Other.dll", "not an assembly");
        }
        var (code, _, error) = Run("plugin", "install", notPlugin);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{notPlugin} is not a LossBench plugin package: it has no lossbench-plugin/ folder", error);

        var climbing = Path.Combine(_layout.Root, "Climb.1.0.0.nupkg");
        using (var zip = ZipFile.Open(climbing, ZipArchiveMode.Create))
        {
            WriteEntry(zip, "Climb.nuspec", "<?xml version=\"1.0\"?><package><metadata><id>Climb</id><version>1.0.0</version></metadata></package>");
            WriteEntry(zip, "lossbench-plugin/../../escaped.dll", "x");
        }
        (code, _, error) = Run("plugin", "install", climbing);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("points outside the plugin folder", error);
        Assert.False(File.Exists(Path.Combine(_home, ".lossbench", "escaped.dll")));

        var missing = Path.Combine(_layout.Root, "nothing-here");
        (code, _, error) = Run("plugin", "install", missing);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{missing} does not exist", error);
        AssertNothingInstalled();
    }

    [Fact]
    public void Remove_of_a_name_not_installed_says_which_are()
    {
        Assert.Equal(0, Run("plugin", "install", _layout.Add("Fixture.PrivateDependency")).Code);
        var (code, _, error) = Run("plugin", "remove", "Fixture.PrivateDependenc");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no plugin is installed as 'Fixture.PrivateDependenc'", error);
        Assert.Contains("Fixture.PrivateDependency", error);
    }

    private void AssertNothingInstalled()
    {
        var lossbench = Path.Combine(_home, ".lossbench");
        var left = Directory.Exists(lossbench) ? Directory.GetFileSystemEntries(lossbench, "*", SearchOption.AllDirectories) : [];
        Assert.True(left.All(p => p == Installed), "left behind: " + string.Join(", ", left));
    }

    private static void WriteEntry(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    public void Dispose()
    {
        _layout.Dispose();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
