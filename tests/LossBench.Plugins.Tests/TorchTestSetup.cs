using System.Runtime.CompilerServices;
using LossBench.Torch;

namespace LossBench.Plugins.Tests;

/// <summary>
/// Pins libtorch to one intra-op thread before any test runs: results are then bit-for-bit
/// repeatable (libtorch's reductions depend on the thread count) and the cores of a CI runner
/// are left to xunit's parallel test collections.
/// </summary>
internal static class TorchTestSetup
{
#pragma warning disable CA2255 // a module initializer runs once, before the first test of the assembly
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void PinThreads() => torch.set_num_threads(1);
}
