using System.Reflection;
using System.Text.RegularExpressions;

namespace LossBench.Torch.Tests;

/// <summary>The C# bindings and the C header describe the same entry points.</summary>
public sealed partial class NativeBindingTests
{
    [GeneratedRegex(@"LB_API\s+[\w\s\*]+?\b(lb_\w+)\s*\(")]
    private static partial Regex ApiDeclaration();

    [GeneratedRegex(@"#define (LB_\w+_OPS)\(X\)((?:[^\n]*\\\n)*[^\n]*)")]
    private static partial Regex OperationList();

    private static string Header()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "native", "include", "lossbench_torch.h"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir!.FullName, "native", "include", "lossbench_torch.h"));
    }

    [Fact]
    public void Every_header_entry_point_has_a_binding_and_the_library_exports_it()
    {
        var header = Header();
        var names = ApiDeclaration().Matches(header).Select(m => m.Groups[1].Value).ToHashSet();
        foreach (Match list in OperationList().Matches(header))
        {
            var suffix = list.Groups[1].Value == "LB_SCALAR_OPS" ? "_scalar" : "";
            foreach (Match op in Regex.Matches(list.Groups[2].Value, @"X\((\w+)\)")) names.Add("lb_tensor_" + op.Groups[1].Value + suffix);
        }
        Assert.True(names.Count > 250, $"parsed only {names.Count} entry points from the header");

        var bindings = typeof(Tensor).Assembly.GetType("LossBench.Torch.Native.LibTorch")!
            .GetMethods(BindingFlags.Static | BindingFlags.NonPublic).Select(m => m.Name).ToHashSet();
        Assert.Empty(names.Where(n => !bindings.Contains(n)).Order());
        Assert.Empty(bindings.Where(b => b.StartsWith("lb_", StringComparison.Ordinal) && !names.Contains(b)).Order());

        // And the shared library really exports each one (a missing symbol would only fail at first call).
        var library = System.Runtime.InteropServices.NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "liblossbench_torch.so"));
        Assert.Empty(names.Where(n => !System.Runtime.InteropServices.NativeLibrary.TryGetExport(library, n, out _)).Order());
    }
}
