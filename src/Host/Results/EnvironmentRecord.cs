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
    string Device)
{
    /// <summary>The OpenBLAS kernel set the matrix products ran on (e.g. Haswell), or null when unknown (older records, another BLAS).</summary>
    public string? Blas { get; init; }

    /// <summary>True when the cell ran in portable mode (<see cref="Torch.Native.PortableEnvironment"/>); null (not written) otherwise.</summary>
    public bool? Portable { get; init; }
}
