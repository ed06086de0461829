using LossBench.Sdk.Augmentations;
using LossBench.Sdk.Datasets;
using LossBench.Sdk.Evaluations;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Models;

namespace LossBench.Sdk.Plugins;

/// <summary>The mapping between plugin kinds, their contract interfaces and their names on the command line.</summary>
public static class PluginKinds
{
    public static IReadOnlyList<PluginKind> All { get; } = Enum.GetValues<PluginKind>();

    public static Type ContractOf(PluginKind kind) => kind switch
    {
        PluginKind.Dataset => typeof(IDataset),
        PluginKind.Model => typeof(IModel),
        PluginKind.Loss => typeof(ILoss),
        PluginKind.Augmentation => typeof(IAugmentation),
        PluginKind.Evaluation => typeof(IEvaluation),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a plugin kind"),
    };

    /// <summary>The kinds whose contract <paramref name="type"/> implements (a valid plugin has exactly one).</summary>
    public static IReadOnlyList<PluginKind> KindsOf(Type type) =>
        All.Where(kind => ContractOf(kind).IsAssignableFrom(type)).ToArray();

    /// <summary>"dataset", "model", "loss", "augmentation", "evaluation".</summary>
    public static string DisplayName(PluginKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>"datasets", "models", "losses", "augmentations", "evaluations".</summary>
    public static string PluralName(PluginKind kind)
    {
        var name = DisplayName(kind);
        return name.EndsWith('s') ? name + "es" : name + "s";
    }

    /// <summary>Parses a kind's display name, also accepting the plural ("losses").</summary>
    public static bool TryParse(string text, out PluginKind kind)
    {
        foreach (var candidate in All)
        {
            var name = DisplayName(candidate);
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase) || string.Equals(text, PluralName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
