using LossBench.Sdk.Losses;
using LossBench.Sdk.Plugins;
using LossBench.Torch;

// Compiled into Fixture.HostPackage and Fixture.HostPackageOld: one plugin name each, one source.
namespace Fixture.HostPackage;

#if OLD_MATHNET
[Plugin("host-package-old", Summary = "test fixture: uses MathNet.Numerics 4 without shipping it")]
#else
[Plugin("host-package", Summary = "test fixture: uses MathNet.Numerics 5 without shipping it")]
#endif
public sealed class HostPackageLoss : ILoss
{
    /// <summary>The version of the MathNet.Numerics this plugin actually runs with.</summary>
    public static string MathNetVersion => typeof(MathNet.Numerics.SpecialFunctions).Assembly.GetName().Version!.ToString();

    public LossTraits Traits => LossTraits.Default;

    public Tensor Compute(LossInput input) => input.Logits.sum() * MathNet.Numerics.SpecialFunctions.Gamma(1.0);
}
