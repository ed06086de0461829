namespace LossBench.Host.Training;

/// <summary>A plugin broke its contract (a loss that is not a differentiable scalar): the message names the plugin and what it did.</summary>
public sealed class PluginContractException(string message) : Exception(message);
