namespace LossBench.Testing;

/// <summary>
/// Options that the host would refuse: the message is the host's own, word for word, as `lossbench
/// run` prints it after "error: " (the YAML's line and column, the option path, what was expected
/// and what was found).
/// </summary>
public sealed class PluginOptionsException(string message, Exception inner) : Exception(message, inner);
