using System.Text.Json.Serialization;

namespace LossBench.Host.Results;

/// <summary>How a cell trained: per-epoch curves, steps, time, and where its weights are cached.</summary>
/// <param name="Epochs">One entry per completed epoch.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="Seconds">Wall time of training (not data loading, not evaluation).</param>
/// <param name="WeightsFile">The trained weights (safetensors), relative to the benchmark's results folder, or null when none were kept (diverged).</param>
public sealed record TrainingRecord(IReadOnlyList<EpochRecord> Epochs, long Steps, double Seconds, string? WeightsFile)
{
    /// <summary>
    /// SHA-256 (lower-case hex) of the weights file as it was written, checked before the file is
    /// ever loaded again (<see cref="Training.CachedWeights"/>). Null when no weights were kept, and
    /// in records written before hashes were recorded: their weights are never loaded.
    /// </summary>
    [JsonPropertyName("weights-sha256")]
    public string? WeightsSha256 { get; init; }

    /// <summary>Where training stopped under <c>training.until</c>; null (not written) without it.</summary>
    public UntilRecord? Until { get; init; }
}
