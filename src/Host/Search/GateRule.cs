using System.Globalization;

namespace LossBench.Host.Search;

/// <summary>How the early-stop gate's threshold is set.</summary>
public enum GateKind
{
    /// <summary>No gate: every candidate trains to the end.</summary>
    None,

    /// <summary>A fixed training accuracy.</summary>
    Absolute,

    /// <summary>A fraction of cross-entropy's training accuracy at the gate epoch under the same augmentation.</summary>
    Relative,
}

/// <summary>
/// The surrogate's early-stop gate, as written under `surrogate.gate`: `{ relative: 0.5 }` (half of
/// cross-entropy's training accuracy after gate-epochs, measured once per augmentation), `{ absolute:
/// 0.2 }` or a bare number (the same as absolute), 0 for none. A fixed number cannot suit every
/// augmentation: a hard one (mixup, RandAugment) slows cross-entropy itself below a threshold that is
/// easy without augmentation, and the gate then rewards fast starters instead of removing broken losses.
/// </summary>
public sealed record GateRule(GateKind Kind, double Value)
{
    /// <summary>The reference whose training accuracy a relative gate is a fraction of.</summary>
    public const string Reference = "cross-entropy";

    public static GateRule None { get; } = new(GateKind.None, 0);

    public static GateRule Relative(double fraction) => new(GateKind.Relative, fraction);

    public static GateRule Absolute(double accuracy) => accuracy == 0 ? None : new(GateKind.Absolute, accuracy);

    /// <summary>Reads a `gate:` value; null when it is not one of the accepted forms or out of [0, 1], with the reason.</summary>
    public static GateRule? TryParse(ConfigNode? node, out string? problem)
    {
        problem = null;
        const string Forms = "give { relative: fraction of cross-entropy's training accuracy }, { absolute: accuracy }, a number (absolute) or 0 (no gate)";
        switch (node)
        {
            case null or ConfigScalar { IsNull: true }:
                return None;
            case ConfigScalar scalar when TryNumber(scalar.Text, out var accuracy, out problem):
                return Absolute(accuracy);
            case ConfigScalar:
                return null;
            case ConfigMapping mapping when mapping.Entries.Count == 1:
                var (key, value) = (mapping.Entries[0].Key, mapping.Entries[0].Value);
                if (key is not ("relative" or "absolute"))
                {
                    problem = $"unknown gate kind '{key}': {Forms}";
                    return null;
                }
                if (value is not ConfigScalar number || !TryNumber(number.Text, out var x, out problem))
                {
                    problem ??= $"{key}: expected a number in [0, 1], got {value.Describe()}";
                    return null;
                }
                return key == "relative" ? (x == 0 ? None : Relative(x)) : Absolute(x);
            default:
                problem = $"expected one gate, got {node.Describe()}: {Forms}";
                return null;
        }
    }

    private static bool TryNumber(string text, out double value, out string? problem)
    {
        problem = null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            problem = $"expected a number in [0, 1], got '{text}'";
            return false;
        }
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            problem = $"'{text}' is outside [0, 1]";
            return false;
        }
        return true;
    }

    /// <summary>
    /// The training accuracy a candidate must reach: the fixed one, or the fraction of the reference's
    /// measured accuracy. Null for no gate.
    /// </summary>
    public double? Threshold(double? referenceAccuracy) => Kind switch
    {
        GateKind.None => null,
        GateKind.Absolute => Value,
        _ => Value * (referenceAccuracy ?? throw new InvalidOperationException(
            $"the relative gate needs {Reference}'s training accuracy after the gate epochs, and its reference run gave none (it failed or stopped before then)")),
    };

    /// <summary>As in the settings fingerprint of a saved search (an absolute gate as the number alone, as earlier states wrote it).</summary>
    public override string ToString() => Kind switch
    {
        GateKind.None => "0",
        GateKind.Absolute => Value.ToString("R", CultureInfo.InvariantCulture),
        _ => "relative " + Value.ToString("R", CultureInfo.InvariantCulture),
    };
}
