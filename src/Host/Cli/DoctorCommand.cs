using System.CommandLine;
using System.Runtime.InteropServices;
using LossBench.Host.Plugins;
using LossBench.Torch;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench doctor`: what this installation runs on (tool, .NET, OS, libtorch and its build
/// configuration, devices, threads) and what each plugin folder gave. Exits 1 when libtorch does not
/// load or a plugin failed or conflicts, so scripts can check an installation.
/// </summary>
public static class DoctorCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output)
    {
        var command = new Command("doctor", "Check the installation: libtorch, devices, threads, plugin folders and what loaded from each.");
        command.SetAction(parse => Run(environment.SearchPath(parse.GetValue(plugins) ?? []), output));
        return command;
    }

    public static int Run(PluginSearchPath searchPath, TextWriter output)
    {
        var healthy = true;
        output.WriteLine($"lossbench {CliApp.Version}");
        output.WriteLine($"  .NET {Environment.Version}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPU(s)");
        output.WriteLine($"  tool folder {AppContext.BaseDirectory}");
        try
        {
            output.WriteLine($"libtorch {torch.version}, CPU capability {torch.cpu_capability}");
            var cuda = torch.cuda.is_available();
            output.WriteLine($"  devices: cpu{(cuda ? ", cuda x" + torch.cuda.device_count() : " (this libtorch build has no usable CUDA device)")}");
            output.WriteLine($"  BLAS: {DescribeBlas()}");
            output.WriteLine($"  threads: {torch.get_num_threads()} (OMP_NUM_THREADS={Environment.GetEnvironmentVariable("OMP_NUM_THREADS") ?? "unset"})");
            output.WriteLine("  build configuration:");
            foreach (var line in torch.build_config.Split('\n', StringSplitOptions.RemoveEmptyEntries)) output.WriteLine("    " + line.Trim());
        }
        catch (Exception e) when (e is DllNotFoundException or TorchException or EntryPointNotFoundException or TypeInitializationException)
        {
            healthy = false;
            output.WriteLine($"libtorch: NOT LOADED: {e.Message}");
        }

        using var services = PluginServices.Build(searchPath);
        var catalog = (PluginCatalog)services.GetService(typeof(PluginCatalog))!;
        output.WriteLine("plugin folders, in search order:");
        foreach (var (directory, origin, _) in searchPath.Roots())
        {
            var exists = Directory.Exists(directory);
            output.WriteLine($"  {Path.GetFullPath(directory)} ({PluginSearchPath.Describe(origin)}){(exists ? "" : ": not present")}");
        }
        if (string.IsNullOrEmpty(searchPath.EnvironmentValue)) output.WriteLine($"  ${PluginSearchPath.EnvironmentVariable}: unset");
        foreach (var folder in catalog.Folders)
        {
            var loaded = catalog.Plugins.Where(p => p.Folder.Path == folder.Path).Select(p => $"{p.Name} ({Sdk.Plugins.PluginKinds.DisplayName(p.Kind)})").ToArray();
            var failed = catalog.Failures.Count(f => f.Folder == folder.Path);
            var warned = catalog.Warnings.Count(w => w.Folder == folder.Path);
            output.WriteLine($"    {folder.Path}: {(loaded.Length == 0 ? "nothing loaded" : string.Join(", ", loaded))}" +
                             $"{(failed == 0 ? "" : $"; {failed} failure(s)")}{(warned == 0 ? "" : $"; {warned} warning(s)")}");
        }
        foreach (var failure in catalog.Failures)
        {
            healthy = false;
            output.WriteLine($"  FAILED {failure}");
        }
        // A warning is not a failure: the plugin loads, but should be rebuilt.
        foreach (var warning in catalog.Warnings) output.WriteLine($"  WARNING {warning}");
        foreach (var conflict in catalog.Conflicts)
        {
            healthy = false;
            output.WriteLine($"  ERROR {conflict.Message}");
        }
        output.WriteLine(healthy ? "ok" : "problems found (see above)");
        return healthy ? 0 : 1;
    }

    /// <summary>Which OpenBLAS kernels run the matrix products, and who chose them.</summary>
    private static string DescribeBlas()
    {
        if (torch.blas_core is not { } core) return "not OpenBLAS (see BLAS_INFO in the build configuration)";
        var set = Environment.GetEnvironmentVariable(BlasKernels.EnvironmentVariable);
        var who = BlasKernels.Chosen is not null ? $"LossBench's choice for this CPU; set {BlasKernels.EnvironmentVariable} to override"
            : set is not null ? $"{BlasKernels.EnvironmentVariable}={set} in the environment"
            : "OpenBLAS's own choice";
        return $"OpenBLAS, {core} kernels ({who}); {DescribeBlasWorkers()}";
    }

    /// <summary>How long OpenBLAS's idle workers spin before sleeping, as OpenBLAS reads it (the C library's environment), and who chose it.</summary>
    private static string DescribeBlasWorkers()
    {
        var variable = BlasWorkerWait.EnvironmentVariable;
        return BlasWorkerWait.InCLibraryEnvironment() is not { } value ? $"idle workers spin OpenBLAS's default time ({variable} unset)"
            : BlasWorkerWait.Chosen is not null ? $"idle workers spin 2^{value} cycles ({variable}, LossBench's choice; set it to override)"
            : $"idle workers spin 2^{value} cycles ({variable}={value} in the environment)";
    }
}
