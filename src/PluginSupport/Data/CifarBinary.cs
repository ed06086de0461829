using LossBench.Torch;

namespace LossBench.PluginSupport.Data;

/// <summary>
/// Reads the binary versions of CIFAR-10 and CIFAR-100: a file is a sequence of records, each one or
/// more label bytes (CIFAR-10: the label; CIFAR-100: the coarse label, then the fine label) followed
/// by a 32x32 colour image as 3072 bytes: the red plane, the green plane, the blue plane, each row
/// by row. The format has no header or magic number, so a file is checked by its size (a whole
/// number of records) and its labels (below the number of classes); every error names the file.
/// </summary>
public static class CifarBinary
{
    public const int Side = 32;
    public const int Channels = 3;
    public const int ImageBytes = Channels * Side * Side;

    /// <summary>
    /// The images as float32 [N, 3, 32, 32] in [0, 1] (channels R, G, B) and the labels (the label
    /// byte at <paramref name="labelIndex"/> of each record) as int64 [N]. The tensors belong to the
    /// caller's dispose scope, if any.
    /// </summary>
    /// <param name="labelBytes">Label bytes per record: 1 for CIFAR-10, 2 for CIFAR-100.</param>
    /// <param name="labelIndex">Which label byte is the label (CIFAR-100: 0 coarse, 1 fine).</param>
    /// <param name="classes">Labels must be below this.</param>
    public static (Tensor Images, Tensor Labels) Read(string path, int labelBytes, int labelIndex, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(labelBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(labelIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(labelIndex, labelBytes);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the file is missing", path);
        var recordBytes = labelBytes + ImageBytes;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw Invalid(path, "the file is empty", recordBytes);
        if (bytes.Length % recordBytes != 0)
            throw Invalid(path,
                $"its size, {bytes.Length} bytes, is not a whole number of {recordBytes}-byte records " +
                $"({bytes.Length / recordBytes} records and {bytes.Length % recordBytes} bytes left over): the file is truncated or of another format",
                recordBytes);
        var count = bytes.Length / recordBytes;
        for (var i = 0; i < count; i++)
        {
            var label = bytes[i * recordBytes + labelIndex];
            if (label >= classes)
                throw new InvalidDataException($"{path}: the label {label} of record {i} is outside 0..{classes - 1}");
        }

        using var scope = torch.NewDisposeScope();
        var records = torch.from_bytes(bytes, [count, recordBytes], ScalarType.Byte);
        var images = records.narrow(1, labelBytes, ImageBytes).reshape([count, Channels, Side, Side]).to(ScalarType.Float32).div_(255.0);
        var labels = records.narrow(1, labelIndex, 1).reshape([count]).to(ScalarType.Int64);
        return (images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Class names from a names file (batches.meta.txt, fine_label_names.txt, coarse_label_names.txt):
    /// one name a line, blank lines ignored; there must be exactly <paramref name="classes"/>.
    /// </summary>
    public static IReadOnlyList<string> ReadClassNames(string path, int classes)
    {
        var names = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (names.Length != classes)
            throw new InvalidDataException($"{path}: expected {classes} class names, one a line, found {names.Length}");
        return names;
    }

    private static InvalidDataException Invalid(string path, string what, int recordBytes) =>
        new($"{path}: not a valid CIFAR binary file ({recordBytes}-byte records): {what}");
}
