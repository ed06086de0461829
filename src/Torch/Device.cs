using System.Globalization;

namespace LossBench.Torch;

/// <summary>Where a tensor lives: <c>cpu</c> or <c>cuda[:N]</c>.</summary>
public sealed record Device(DeviceType Type, int Index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return CPU;
        if (s == "cuda") return new Device(DeviceType.CUDA, 0);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) &&
            int.TryParse(s.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            return new Device(DeviceType.CUDA, index);
        throw new ArgumentException($"unknown device '{text}': expected cpu, cuda or cuda:N", nameof(text));
    }

    public override string ToString() => Type switch
    {
        DeviceType.CPU => "cpu",
        _ => Index < 0 ? "cuda" : $"cuda:{Index}",
    };
}
