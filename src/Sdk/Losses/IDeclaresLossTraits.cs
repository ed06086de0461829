namespace LossBench.Sdk.Losses;

/// <summary>
/// A loss whose traits differ from <see cref="LossTraits.Default"/> declares them as a function of
/// its options alone, so the host knows them when it plans a benchmark without constructing the
/// plugin. A loss that references other losses (<see cref="Plugins.PluginReference{TContract}"/>)
/// gets their traits added by the host; it declares only its own.
/// </summary>
/// <typeparam name="TOptions">The plugin's options record.</typeparam>
public interface IDeclaresLossTraits<in TOptions>
{
    static abstract LossTraits TraitsOf(TOptions options);
}

/// <summary>A loss without options whose traits differ from <see cref="LossTraits.Default"/> (bce: its prediction link).</summary>
public interface IDeclaresLossTraits
{
    static abstract LossTraits Traits { get; }
}
