using LossBench.Plugins.Attacks.Geometry;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>The geometry evaluations' options bind from YAML names, keep their documented defaults and reject bad values by path.</summary>
public sealed class GeometryOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var deepfool = OptionsBinder.Bind<DeepFoolOptions>(null, "evaluations[0].deepfool");
        Assert.Equal((200, DeepFoolNorm.L2, 0.02, 50, 10), (deepfool.Examples, deepfool.Norm, deepfool.Overshoot, deepfool.MaxIterations, deepfool.Candidates));
        var curvature = OptionsBinder.Bind<CurvatureOptions>(null, "evaluations[0].curvature");
        Assert.Equal((100, HessianVectorProduct.Auto, 0.1, 20, 5, 10), (curvature.Examples, curvature.Hvp, curvature.Step, curvature.LanczosSteps, curvature.TopK, curvature.Probes));
        var detect = OptionsBinder.Bind<DetectOptions>(null, "evaluations[0].detect");
        Assert.Equal((200, DetectAttack.Deepfool, 0.1, 16, true, 0.05), (detect.Examples, detect.Attack, detect.Radius, detect.Probes, detect.Clip, detect.FalsePositiveRate));
        var connectivity = OptionsBinder.Bind<ConnectivityOptions>(null, "evaluations[0].connectivity");
        Assert.Equal((200, 50, 32, 4, 20), (connectivity.Examples, connectivity.Pairs, connectivity.Samples, connectivity.Depth, connectivity.PushSteps));
    }

    [Fact]
    public void Enumerations_bind_from_their_yaml_names()
    {
        Assert.Equal(DeepFoolNorm.Linf, OptionsBinder.Bind<DeepFoolOptions>(ConfigMapping.Of(("norm", "linf")), "evaluations[0].deepfool").Norm);
        Assert.Equal(HessianVectorProduct.FiniteDifference,
            OptionsBinder.Bind<CurvatureOptions>(ConfigMapping.Of(("hvp", "finite-difference")), "evaluations[0].curvature").Hvp);
        Assert.Equal(HessianVectorProduct.DoubleBackward,
            OptionsBinder.Bind<CurvatureOptions>(ConfigMapping.Of(("hvp", "double-backward")), "evaluations[0].curvature").Hvp);
        Assert.Equal(DetectAttack.Deepfool, OptionsBinder.Bind<DetectOptions>(ConfigMapping.Of(("attack", "deepfool")), "evaluations[0].detect").Attack);
        Assert.Equal(DetectAttack.Pgd, OptionsBinder.Bind<DetectOptions>(ConfigMapping.Of(("attack", "pgd")), "evaluations[0].detect").Attack);
    }

    [Theory]
    [InlineData(typeof(DeepFoolEvaluation))]
    [InlineData(typeof(CurvatureEvaluation))]
    [InlineData(typeof(DetectEvaluation))]
    [InlineData(typeof(ConnectivityEvaluation))]
    public void The_plugins_have_the_shape_the_host_loads(Type plugin) =>
        new PluginContractTests().Has_the_shape_the_host_loads(plugin.AssemblyQualifiedName!);

    [Fact]
    public void Bad_values_are_named_by_their_path()
    {
        Expect.BindingFails<DeepFoolOptions>(ConfigMapping.Of(("norm", "l3")), "evaluations[0].deepfool", "evaluations[0].deepfool.norm", "l3");
        Expect.BindingFails<DetectOptions>(ConfigMapping.Of(("attack", "cw")), "evaluations[1].detect", "evaluations[1].detect.attack", "cw");
        Expect.BindingFails<CurvatureOptions>(ConfigMapping.Of(("top-k", 0)), "evaluations[0].curvature", "evaluations[0].curvature.top-k", "between 1 and 1000");
        Expect.BindingFails<CurvatureOptions>(ConfigMapping.Of(("subspace-norms", new[] { 1.0, 1.0 })), "evaluations[0].curvature", "evaluations[0].curvature.subspace-norms", "twice");
        Expect.BindingFails<ConnectivityOptions>(ConfigMapping.Of(("examples", 1)), "evaluations[0].connectivity", "evaluations[0].connectivity.examples");
    }
}
