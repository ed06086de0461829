using LossBench.PluginSupport.Data;
using LossBench.Torch;
using Xunit;

namespace LossBench.PluginSupport.Tests;

/// <summary>CIFAR binary records written by hand: pixel order (R, G, B planes, row by row), scaling, labels and every validation.</summary>
public sealed class CifarBinaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lossbench-cifar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A record: the label bytes, then 3072 pixel bytes where the byte of (c, y, x) is pixel(c, y, x).</summary>
    private static byte[] Record(byte[] labels, Func<int, int, int, byte> pixel)
    {
        var record = new List<byte>(labels);
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < 32; y++)
        for (var x = 0; x < 32; x++)
            record.Add(pixel(c, y, x));
        return record.ToArray();
    }

    private string Write(string name, params byte[][] records)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, records.SelectMany(r => r).ToArray());
        return path;
    }

    [Fact]
    public void Reads_planes_in_red_green_blue_order_scaled_to_the_unit_interval()
    {
        // Record 0: red plane 255, green 0, blue 51 except one marked pixel per plane.
        var first = Record([7], (c, y, x) => (y, x) == (3, 5) ? (byte)(10 + c) : (byte)(c switch { 0 => 255, 1 => 0, _ => 51 }));
        var second = Record([2], (c, y, x) => (byte)((y * 32 + x + c) % 256));
        var path = Write("data_batch_1.bin", first, second);

        var (images, labels) = CifarBinary.Read(path, labelBytes: 1, labelIndex: 0, classes: 10);
        using (images)
        using (labels)
        {
            Assert.Equal([2L, 3, 32, 32], images.shape);
            Assert.Equal(ScalarType.Float32, images.dtype);
            Assert.Equal([7L, 2L], labels.ToArray<long>());
            Assert.Equal(1f, images[0, 0, 0, 0].item<float>());
            Assert.Equal(0f, images[0, 1, 31, 31].item<float>());
            Assert.Equal(0.2f, images[0, 2, 17, 9].item<float>(), 1e-6f);
            Assert.Equal(10 / 255f, images[0, 0, 3, 5].item<float>(), 1e-6f);
            Assert.Equal(12 / 255f, images[0, 2, 3, 5].item<float>(), 1e-6f);
            // Row-major: (y, x) = (1, 2) is byte 34 of the plane.
            Assert.Equal(35 / 255f, images[1, 1, 1, 2].item<float>(), 1e-6f);
        }
    }

    [Fact]
    public void Cifar100_records_carry_coarse_then_fine_labels()
    {
        var path = Write("train.bin", Record([3, 42], (_, _, _) => 1), Record([19, 99], (_, _, _) => 2));
        var (coarseImages, coarse) = CifarBinary.Read(path, labelBytes: 2, labelIndex: 0, classes: 20);
        var (fineImages, fine) = CifarBinary.Read(path, labelBytes: 2, labelIndex: 1, classes: 100);
        using (coarseImages) using (coarse) using (fineImages) using (fine)
        {
            Assert.Equal([3L, 19L], coarse.ToArray<long>());
            Assert.Equal([42L, 99L], fine.ToArray<long>());
            Assert.Equal(2 / 255f, fineImages[1, 2, 31, 31].item<float>(), 1e-6f);
        }
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_the_record_arithmetic()
    {
        var record = Record([1], (_, _, _) => 0);
        var path = Write("data_batch_2.bin", record, record[..1000]);
        var error = Assert.Throws<InvalidDataException>(() => CifarBinary.Read(path, 1, 0, 10));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("4073 bytes", error.Message, StringComparison.Ordinal); // 3073 + 1000
        Assert.Contains("3073-byte records", error.Message, StringComparison.Ordinal);
        Assert.Contains("1000 bytes left over", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cifar100_file_read_as_cifar10_is_not_a_whole_number_of_records()
    {
        // Two 3074-byte records are 6148 bytes: two 3073-byte records and 2 bytes over.
        var path = Write("test_batch.bin", Record([1, 1], (_, _, _) => 0), Record([1, 1], (_, _, _) => 0));
        var error = Assert.Throws<InvalidDataException>(() => CifarBinary.Read(path, 1, 0, 10));
        Assert.Contains("2 bytes left over", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_and_a_label_out_of_range_are_named()
    {
        var empty = Write("empty.bin");
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => CifarBinary.Read(empty, 1, 0, 10)).Message, StringComparison.Ordinal);

        var path = Write("labels.bin", Record([9], (_, _, _) => 0), Record([10], (_, _, _) => 0));
        var error = Assert.Throws<InvalidDataException>(() => CifarBinary.Read(path, 1, 0, 10));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("label 10 of record 1 is outside 0..9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Class_names_are_read_one_a_line_and_counted()
    {
        var path = Path.Combine(_dir, "batches.meta.txt");
        File.WriteAllText(path, "a\nb\r\nc\n\n");
        Assert.Equal(["a", "b", "c"], CifarBinary.ReadClassNames(path, 3));
        var error = Assert.Throws<InvalidDataException>(() => CifarBinary.ReadClassNames(path, 10));
        Assert.Contains("expected 10 class names", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
