namespace LossBench.Host.Results;

/// <summary>Where a cell ran: enough to tell two results' machines and builds apart.</summary>
public sealed record EnvironmentRecord(
    string Tool,
    string Libtorch,
    string LibtorchBuild,
    string Dotnet,
    string Os,
    string Cpu,
    int Threads,
    string Device);
