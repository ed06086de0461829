using System.Text.Json.Serialization;

namespace LossBench.Host.Results;

/// <summary>Where a cell's per-example predictions are stored and what they hash to.</summary>
/// <param name="File">The safetensors file, relative to the benchmark's results folder (<c>predictions/&lt;id&gt;.safetensors</c>).</param>
/// <param name="Sha256">SHA-256 (lower-case hex) of the file as written; <see cref="PredictionStore.Read(ResultStore, CellRecord)"/> checks it before reading.</param>
public sealed record PredictionsRecord(string File, [property: JsonPropertyName("sha256")] string Sha256);
