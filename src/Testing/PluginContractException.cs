using Xunit.Sdk;

namespace LossBench.Testing;

/// <summary>
/// A plugin broke its contract: thrown by every <see cref="PluginAssert"/> check, with a message
/// that names the plugin, the check and what was found. An xunit assertion failure, so a test
/// runner shows it as a failed assertion rather than an error in the test.
/// </summary>
public sealed class PluginContractException(string message) : XunitException(message);
