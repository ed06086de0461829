using LossBench.Sdk.Options;

namespace LossBench.Sdk.Losses;

/// <summary>
/// Builds other loss plugins, for losses made of losses (a weighted combination): take it in the
/// constructor and the host provides it.
/// </summary>
public interface ILossFactory
{
    /// <summary>
    /// The loss an entry names: a plugin name (<c>dice</c>) or a one-key mapping of a name to its
    /// options (<c>{ focal: { gamma: 1 } }</c>). Errors are <see cref="OptionsBindingException"/>s
    /// that name <paramref name="path"/> and the entry's location.
    /// </summary>
    ILoss Create(ConfigNode entry, string path);
}
