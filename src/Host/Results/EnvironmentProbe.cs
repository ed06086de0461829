using System.Runtime.InteropServices;
using LossBench.Torch;

namespace LossBench.Host.Results;

/// <summary>Collects the environment every cell records.</summary>
public static class EnvironmentProbe
{
    public static EnvironmentRecord Current(string device) => new(
        Tool: "lossbench " + Cli.CliApp.Version,
        Libtorch: torch.version + " (" + torch.cpu_capability + ")",
        LibtorchBuild: torch.build_config.Trim(),
        Dotnet: ".NET " + Environment.Version,
        Os: RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture,
        Cpu: CpuModel() + $" ({Environment.ProcessorCount} logical)",
        Threads: torch.get_num_threads(),
        Device: device)
    {
        Blas = torch.blas_core,
        Portable = LossBench.Torch.Native.PortableEnvironment.Active ? true : null,
    };

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
