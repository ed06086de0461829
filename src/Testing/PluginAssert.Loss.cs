using System.Globalization;
using LossBench.Host.Training;
using LossBench.Sdk.Losses;
using LossBench.Torch;
using static LossBench.Torch.torch;

namespace LossBench.Testing;

public static partial class PluginAssert
{
    /// <summary>Finite-difference step for the float64 gradient check.</summary>
    private const double Step = 1e-6;

    /// <summary>
    /// The loss contract, on the plugin built from <paramref name="optionsYaml"/> (see <see cref="Loss(ILoss, LossTraits?, string?)"/>),
    /// after <see cref="Valid{TPlugin}"/>; traits come from its options as the host reads them.
    /// </summary>
    public static void Loss<TLoss>(string? optionsYaml = null) where TLoss : class, ILoss
    {
        var loss = Build<TLoss>(optionsYaml, out var options);
        try
        {
            var traits = Declared<LossTraits>(typeof(TLoss), typeof(IDeclaresLossTraits<>), options)
                         ?? (typeof(IDeclaresLossTraits).IsAssignableFrom(typeof(TLoss))
                             ? (LossTraits)typeof(TLoss).GetProperty(nameof(IDeclaresLossTraits.Traits))!.GetValue(null)!
                             : LossTraits.Default);
            Loss(loss, traits, NameOf(typeof(TLoss)));
        }
        finally
        {
            (loss as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// A loss's contract:
    /// <list type="number">
    /// <item>one floating-point scalar with a gradient (the host's own check, with its message), and a finite gradient;</item>
    /// <item>finite value and gradient on extreme logits (|z| in the thousands: softmax saturates);</item>
    /// <item>the gradient equal to central finite differences, in float64;</item>
    /// <item>the one-hot fast path (<see cref="LossInput.TargetsAreOneHot"/>) equal to the general path, value and gradient;</item>
    /// <item>unless <see cref="LossTraits.HardLabelsOnly"/>: mixed targets accepted, and read (the value changes with them).</item>
    /// </list>
    /// </summary>
    public static void Loss(ILoss loss, LossTraits? traits = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        traits ??= LossTraits.Default;
        name ??= NameOf(loss.GetType());
        using var scope = NewDisposeScope();

        // 1. A scalar with a gradient.
        var input = Input(traits, ScalarType.Float32, logitScale: 1, seed: 0);
        var value = Compute(loss, input, name, "a batch of 8 examples and 4 classes");
        CheckFiniteWithGradient(value, input, name, "a batch of 8 examples and 4 classes");

        // 2. Extreme logits.
        foreach (var scale in new[] { 1e3, 1e4 })
        {
            var extreme = Input(traits, ScalarType.Float32, logitScale: scale, seed: 1);
            var what = $"extreme logits (standard normal times {scale.ToString("0e0", CultureInfo.InvariantCulture)})";
            CheckFiniteWithGradient(Compute(loss, extreme, name, what), extreme, name, what);
        }

        // 3. Gradient against central finite differences in float64.
        CheckGradient(loss, traits, name);

        // 4. One-hot fast path against the general path.
        var oneHot = Input(traits, ScalarType.Float64, logitScale: 2, seed: 3);
        var general = oneHot with { Logits = oneHot.Logits.detach().clone().requires_grad_(), TargetsAreOneHot = false };
        var fast = Compute(loss, oneHot, name, "float64 logits");
        var slow = Compute(loss, general, name, "float64 logits with TargetsAreOneHot = false");
        var fastValue = fast.item<double>();
        var slowValue = slow.item<double>();
        if (!Close(fastValue, slowValue, 1e-9, 1e-7))
            throw Fail(name, "one-hot fast path", $"with TargetsAreOneHot = true it returned {Format(fastValue)}, with the same one-hot targets and TargetsAreOneHot = false {Format(slowValue)}: the two paths must agree");
        var fastGradient = autograd.grad([fast], [oneHot.Logits])[0]!.ToArray<double>();
        var slowGradient = autograd.grad([slow], [general.Logits])[0]!.ToArray<double>();
        for (var i = 0; i < fastGradient.Length; i++)
            if (!Close(fastGradient[i], slowGradient[i], 1e-9, 1e-7))
                throw Fail(name, "one-hot fast path", $"the gradient differs between the two paths at logit {i}: {Format(fastGradient[i])} vs {Format(slowGradient[i])}");

        // 5. Mixed targets.
        if (!traits.HardLabelsOnly)
        {
            var plain = Input(traits, ScalarType.Float32, logitScale: 1, seed: 4);
            var mixed = TestData.Mixed(plain with { Logits = plain.Logits.detach().clone().requires_grad_() });
            var what = "mixed targets (mixup, lambda 0.7)";
            var mixedValue = Compute(loss, mixed, name, what);
            CheckFiniteWithGradient(mixedValue, mixed, name, what);
            var plainValue = Compute(loss, plain, name, "one-hot targets").item<float>();
            if (plainValue == mixedValue.item<float>())
                throw Fail(name, what, $"returned {Format(plainValue)}, the same as for the one-hot targets of the same labels: the loss reads the labels only. " +
                                       "Read TargetProbs, or declare HardLabelsOnly (IDeclaresLossTraits) so that the host never pairs it with mixup or cutmix");
        }
    }

    private static LossInput Input(LossTraits traits, ScalarType dtype, double logitScale, ulong seed) =>
        TestData.LossInput(batch: 8, classes: 4, seed: seed, logitScale: logitScale, dtype: dtype, biasProbs: traits.NeedsBiasModel, teacherProbs: traits.NeedsTeacher);

    private static Tensor Compute(ILoss loss, LossInput input, string name, string what)
    {
        Tensor value;
        try
        {
            value = loss.Compute(input);
        }
        catch (Exception e) when (e is not PluginContractException and not OutOfMemoryException)
        {
            var hint = input.Logits.dtype == ScalarType.Float64 ? " (this check runs in float64: create constants with the input's dtype, e.g. torch.full_like or .to(logits.dtype))" : "";
            throw Fail(name, what, $"Compute threw {e.GetType().Name}: {e.Message}{hint}");
        }
        try
        {
            LossContract.Check(value, name);
        }
        catch (Host.Training.PluginContractException e)
        {
            throw Fail(name, what, e.Message);
        }
        return value;
    }

    private static void CheckFiniteWithGradient(Tensor value, LossInput input, string name, string what)
    {
        var number = value.to(ScalarType.Float64).item<double>();
        if (!double.IsFinite(number)) throw Fail(name, what, $"the loss is {Format(number)}");
        var gradient = autograd.grad([value], [input.Logits], allow_unused: true)[0];
        if (gradient is null) throw Fail(name, what, "the loss does not depend on the logits (no gradient reaches them)");
        if (!gradient.isfinite().all().item<bool>()) throw Fail(name, what, "the gradient with respect to the logits is not finite (NaN or infinite entries)");
    }

    private static void CheckGradient(ILoss loss, LossTraits traits, string name)
    {
        const string what = "gradient against central finite differences (float64, step 1e-6)";
        var input = TestData.LossInput(batch: 4, classes: 3, seed: 2, logitScale: 1.5, dtype: ScalarType.Float64,
            biasProbs: traits.NeedsBiasModel, teacherProbs: traits.NeedsTeacher);
        var analytic = autograd.grad([Compute(loss, input, name, what)], [input.Logits])[0]!.ToArray<double>();
        var logits = input.Logits.detach().ToArray<double>();
        var shape = input.Logits.shape;
        for (var i = 0; i < logits.Length; i++)
        {
            using var step = NewDisposeScope();
            var plus = (double[])logits.Clone();
            var minus = (double[])logits.Clone();
            plus[i] += Step;
            minus[i] -= Step;
            var up = Compute(loss, input with { Logits = tensor(plus, shape, ScalarType.Float64).requires_grad_() }, name, what).item<double>();
            var down = Compute(loss, input with { Logits = tensor(minus, shape, ScalarType.Float64).requires_grad_() }, name, what).item<double>();
            var numeric = (up - down) / (2 * Step);
            if (!Close(analytic[i], numeric, 1e-6, 1e-4))
                throw Fail(name, what, $"at logit [{i / shape[1]}, {i % shape[1]}] autograd gives {Format(analytic[i])}, finite differences {Format(numeric)}");
        }
    }

    private static bool Close(double actual, double expected, double absolute, double relative) =>
        Math.Abs(actual - expected) <= absolute + relative * Math.Abs(expected);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
