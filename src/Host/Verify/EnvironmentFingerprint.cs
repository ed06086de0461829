using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LossBench.Host.Results;

namespace LossBench.Host.Verify;

/// <summary>
/// What can change a table's last digits without any change to the benchmark: libtorch's version
/// and build, the CPU kernels ATen dispatched to, the OpenBLAS kernels, libtorch's thread count, the
/// device and portable mode. Read from the cell records the tables come from (a reused cell keeps
/// the environment it was computed in), so it describes the numbers rather than this process. The
/// CPU model is left out on purpose: two CPUs running the same kernels give the same numbers, which
/// is what portable mode is for.
/// </summary>
public static class EnvironmentFingerprint
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(IReadOnlyList<CellRecord> cells)
    {
        var fields = new (string Name, Func<EnvironmentRecord, string> Value)[]
        {
            ("libtorch", e => Version(e.Libtorch)),
            ("libtorch build", e => BuildHash(e.LibtorchBuild)),
            ("cpu capability", e => Capability(e.Libtorch)),
            ("blas", e => e.Blas ?? "unknown"),
            ("threads", e => e.Threads.ToString(CultureInfo.InvariantCulture)),
            ("device", e => e.Device),
            ("portable", e => e.Portable == true ? "on" : "off"),
        };
        return fields.Select(f => new KeyValuePair<string, string>(f.Name, Distinct(cells, f.Value))).ToArray();
    }

    /// <summary>The values of the cells, sorted and comma-separated (one value when they agree; "none" without cells).</summary>
    private static string Distinct(IReadOnlyList<CellRecord> cells, Func<EnvironmentRecord, string> value)
    {
        var values = cells.Select(c => value(c.Environment)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return values.Length == 0 ? "none" : string.Join(", ", values);
    }

    /// <summary>"1.13.1 (AVX2)" is version 1.13.1 with ATen's AVX2 kernels.</summary>
    private static string Version(string libtorch) => libtorch.IndexOf(" (", StringComparison.Ordinal) is var at and > 0 ? libtorch[..at] : libtorch;

    private static string Capability(string libtorch) =>
        libtorch.IndexOf(" (", StringComparison.Ordinal) is var at and > 0 && libtorch.EndsWith(')') ? libtorch[(at + 2)..^1] : "unknown";

    /// <summary>
    /// The build configuration (at::show_config) is a page of text; its hash names it. The line of
    /// the CPU capability in use is left out: it is an entry of its own, and it is what differs
    /// between machines with one build.
    /// </summary>
    private static string BuildHash(string build)
    {
        var lines = build.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !l.Contains("CPU capability usage", StringComparison.Ordinal));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines).Trim())))[..12];
    }
}
