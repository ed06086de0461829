using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

namespace Fixture.PrivateDependency;

[Plugin("private-dependency", Summary = "test fixture: uses YamlDotNet 13 and a private library")]
public sealed class PrivateDependencyLoss : ILoss
{
    /// <summary>The version of the YamlDotNet this plugin actually runs with.</summary>
    public static string YamlDotNetVersion => typeof(YamlDotNet.Serialization.Deserializer).Assembly.GetName().Version!.ToString();

    /// <summary>The load context YamlDotNet came from.</summary>
    public static string YamlDotNetContext =>
        System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(YamlDotNet.Serialization.Deserializer).Assembly)!.Name ?? "";

    /// <summary>Parses YAML with the private YamlDotNet and uses the private library: both must load.</summary>
    public static double ParseAndScale(string yaml) =>
        Fixture.Helper.Scale.Of(new YamlDotNet.Serialization.Deserializer().Deserialize<double>(yaml));


    public Tensor Compute(LossInput input) => input.Logits.sum();
}
