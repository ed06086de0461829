namespace LossBench.Sdk.Plugins;

/// <summary>
/// A reference to another plugin inside a plugin's options: a combination's terms, a chain's
/// members, the base of a derived data set. Declare an option of this type and the host binds it
/// like an axis entry (<c>dice</c> or <c>{ dice: { smooth: 1 } }</c>): it finds the plugin, binds and
/// validates its options with their full YAML path, expands sweeps inside it, and makes its identity
/// part of the outer plugin's. Build the referenced plugin with <see cref="IPluginFactory"/>.
/// </summary>
/// <typeparam name="TContract">The kind of plugin referenced: <c>ILoss</c>, <c>IAugmentation</c>, <c>IDataset</c>, <c>IModel</c> or <c>IEvaluation</c>.</typeparam>
/// <param name="Name">The referenced plugin's name.</param>
/// <param name="Options">Its bound options record (defaults applied, validated), or null when it takes none.</param>
/// <param name="Identity">
/// Its canonical identity (plugin, version, content hash, options after defaults) as compact JSON,
/// made by the host: what makes two references the same.
/// </param>
public sealed record PluginReference<TContract>(string Name, object? Options, string Identity) where TContract : class;
