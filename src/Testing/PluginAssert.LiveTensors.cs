using static LossBench.Torch.torch;

namespace LossBench.Testing;

public static partial class PluginAssert
{
    /// <summary>
    /// Serialises the checks that count libtorch's live tensors (a process-wide number), so that two
    /// of them never count each other's tensors.
    /// </summary>
    private static readonly object LiveTensorCount = new();

    /// <summary>
    /// How many more tensors libtorch holds after <paramref name="action"/> than before it, counted
    /// without collecting garbage afterwards (a tensor left to the finalizer counts); 0 or less when
    /// none. A leak repeats on every call, while tensors of a test running beside this one come and
    /// go, so the action runs up to three times and a single clean run settles it.
    /// </summary>
    private static long LeakedTensors(Action action)
    {
        lock (LiveTensorCount)
        {
            long leaked = 0;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = live_tensors;
                action();
                leaked = live_tensors - before;
                if (leaked <= 0) return leaked;
            }
            return leaked;
        }
    }
}
