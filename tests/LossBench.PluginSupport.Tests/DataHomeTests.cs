using Xunit;
using LossBench.PluginSupport.Data;

namespace LossBench.PluginSupport.Tests;

public class DataHomeTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void TheExplicitVariableWinsOverTheXdgFolderAndHome() =>
        Assert.Equal("/data/sets", DataHome.Resolve(Environment(("LOSSBENCH_DATA", "/data/sets"), ("XDG_DATA_HOME", "/x"), ("HOME", "/home/u"))));

    [Fact]
    public void TheXdgDataFolderComesNext() =>
        Assert.Equal("/x/lossbench/data", DataHome.Resolve(Environment(("XDG_DATA_HOME", "/x"), ("HOME", "/home/u"))));

    [Fact]
    public void HomeIsTheFallback() =>
        Assert.Equal("/home/u/.local/share/lossbench/data", DataHome.Resolve(Environment(("HOME", "/home/u"))));

    [Fact]
    public void EmptyVariablesCountAsUnset() =>
        Assert.Equal("/home/u/.local/share/lossbench/data", DataHome.Resolve(Environment(("LOSSBENCH_DATA", ""), ("XDG_DATA_HOME", ""), ("HOME", "/home/u"))));
}
