using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LossBench.Host.Matrix;

/// <summary>
/// Derives the seeds of a cell from the benchmark seed and the identities (<see cref="Config.AxisValue.IdentityKey"/>,
/// never the labels) of the axis values they must depend on, and nothing else. That is what makes seeds paired: for one seed, every loss in a row starts
/// from the same weights (init: seed, dataset, model) and sees the same batches in the same order
/// (data order: seed, dataset) with the same augmentation draws (seed, dataset, augmentation), so a
/// difference between two losses is a paired comparison.
/// </summary>
public static class SeedDerivation
{
    public static ulong Init(ulong seed, string datasetIdentity, string modelIdentity) => Derive("init", seed, datasetIdentity, modelIdentity);

    public static ulong DataOrder(ulong seed, string datasetIdentity) => Derive("data-order", seed, datasetIdentity);

    public static ulong Augmentation(ulong seed, string datasetIdentity, string augmentationIdentity) => Derive("augmentation", seed, datasetIdentity, augmentationIdentity);

    public static ulong Evaluation(ulong seed, string cellId, string evaluationIdentity) => Derive("evaluation", seed, cellId, evaluationIdentity);

    /// <summary>The first 8 bytes (little-endian) of SHA-256 over the purpose and parts, kept to 63 bits.</summary>
    public static ulong Derive(string purpose, ulong seed, params string[] parts)
    {
        var text = "lossbench\n" + purpose + "\n" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + string.Join("\n", parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return BinaryPrimitives.ReadUInt64LittleEndian(hash) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }
}
