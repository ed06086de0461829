using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LossBench.Host.Matrix;

/// <summary>
/// Derives the seeds of a cell from the benchmark seed and the axis values they must depend on,
/// and nothing else. That is what makes seeds paired: for one seed, every loss in a row starts
/// from the same weights (init: seed, dataset, model) and sees the same batches in the same order
/// (data order: seed, dataset) with the same augmentation draws (seed, dataset, augmentation), so a
/// difference between two losses is a paired comparison.
/// </summary>
public static class SeedDerivation
{
    public static ulong Init(ulong seed, string dataset, string model) => Derive("init", seed, dataset, model);

    public static ulong DataOrder(ulong seed, string dataset) => Derive("data-order", seed, dataset);

    public static ulong Augmentation(ulong seed, string dataset, string augmentation) => Derive("augmentation", seed, dataset, augmentation);

    public static ulong Evaluation(ulong seed, string cellId, string evaluation) => Derive("evaluation", seed, cellId, evaluation);

    /// <summary>The first 8 bytes (little-endian) of SHA-256 over the purpose and parts, kept to 63 bits.</summary>
    public static ulong Derive(string purpose, ulong seed, params string[] parts)
    {
        var text = "lossbench\n" + purpose + "\n" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + string.Join("\n", parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return BinaryPrimitives.ReadUInt64LittleEndian(hash) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }
}
