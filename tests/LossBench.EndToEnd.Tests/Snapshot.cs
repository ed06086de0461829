using System.Reflection;
using System.Runtime.CompilerServices;

namespace LossBench.EndToEnd.Tests;

/// <summary>
/// Approval testing in the style of Verify: the expected text lives in
/// <c>&lt;TestClass&gt;.&lt;name&gt;.verified.&lt;ext&gt;</c> in the test project's folder (recorded in the
/// assembly at build time, because CI builds map source paths away). On a
/// mismatch the actual text is written to <c>.received.&lt;ext&gt;</c> next to it and the test fails
/// with the first differing lines; review it and rename it, or run with
/// <c>LOSSBENCH_ACCEPT_SNAPSHOTS=1</c> to accept every received text.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "LOSSBENCH_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, string extension, [CallerFilePath] string sourceFile = "")
    {
        var directory = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SnapshotDirectory").Value!;
        var testClass = Path.GetFileNameWithoutExtension(sourceFile.Replace('\\', '/').Split('/')[^1]);
        var stem = Path.Combine(directory, $"{testClass}.{name}");
        var verified = $"{stem}.verified.{extension}";
        var received = $"{stem}.received.{extension}";
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no snapshot {verified} yet; the actual text is in {received} (review it, then rename it or set {AcceptVariable}=1)"
            : $"{Path.GetFileName(verified)} differs from the actual text (in {received}):\n{FirstDifference(expected, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right) return $"line {i + 1}:\n- {left}\n+ {right}";
        }
        return "(line endings or trailing text)";
    }
}
