using System.Security.Cryptography;
using LossBench.Host.Results;
using LossBench.Torch;

namespace LossBench.Host.Training;

/// <summary>
/// Cached weights (weights/&lt;id&gt;.safetensors) are loaded only when their SHA-256 is the one the
/// cell's record holds: another cell's weights copied over them, or a flipped byte, would otherwise
/// load without complaint and give another cell's, or meaningless, numbers under status ok. Bytes
/// that fail are moved to quarantine/ with the reason and the caller retrains.
/// </summary>
public static class CachedWeights
{
    /// <summary>Lower-case hex SHA-256 of a file's content.</summary>
    public static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Why weights hashing to <paramref name="sha256"/> are not the ones <paramref name="training"/> records, or null when they are.</summary>
    public static string? Problem(TrainingRecord training, string sha256) => training.WeightsSha256 switch
    {
        null => "its cell record holds no weights hash (written before weights were hashed), so the file cannot be verified",
        var expected when !string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase) =>
            $"its SHA-256 is {sha256}, and its cell record holds {expected} (damaged, or another cell's weights)",
        _ => null,
    };

    /// <summary>
    /// The bytes of cell <paramref name="cellId"/>'s weights when they verify against
    /// <paramref name="training"/>; otherwise null, with the file moved to quarantine/ and
    /// <paramref name="message"/> told which file, why, and <paramref name="then"/> (what happens instead).
    /// Null too, without a message, when there is no file.
    /// </summary>
    public static byte[]? ReadVerified(ResultStore store, string cellId, TrainingRecord training, string label, string then, Action<string> message)
    {
        var path = store.WeightsPath(cellId);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { return null; }
        // The bytes checked are the bytes loaded: nothing can change between the check and the load.
        var problem = Problem(training, Sha256(bytes));
        if (problem is null) return bytes;
        string? moved;
        try { moved = store.Quarantine(path, problem); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            message($"{label}: {store.Relative(path)} could not be moved to quarantine ({e.Message}): {problem}; {then}");
            return null;
        }
        message($"{label}: quarantined {store.Relative(path)}: {problem}" + (moved is null ? "" : $" (moved to {store.Relative(moved)})") + $"; {then}");
        return null;
    }

    /// <summary>Loads verified safetensors bytes into <paramref name="model"/> (all names, all shapes must match).</summary>
    public static void Load(Module model, byte[] bytes, string source)
    {
        var loaded = LossBench.Torch.Serialization.SafeTensors.Load(bytes, source, out _);
        try
        {
            model.load_state_dict(loaded);
        }
        finally
        {
            foreach (var tensor in loaded.Values) tensor.Dispose();
        }
    }
}
