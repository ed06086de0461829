using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using LossBench.Torch.Serialization;

namespace LossBench.Torch.Tests;

/// <summary>The safetensors writer and reader: bit-identical round trips and the published layout.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lossbench-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Round_trip_is_bit_identical_for_every_dtype()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            // Values whose bits are easy to lose: NaN, -0, infinities, subnormals, extremes.
            ["f32"] = torch.tensor([float.NaN, -0f, float.PositiveInfinity, float.Epsilon, 1e-38f, 3.14159f], [2, 3]),
            ["f64"] = torch.tensor([double.NegativeInfinity, -0.0, double.Epsilon, Math.PI]),
            ["i64"] = torch.tensor([long.MinValue, long.MaxValue, 0L, -1L], [4, 1]),
            ["i32"] = torch.tensor([int.MinValue, 7, int.MaxValue]),
            ["u8"] = torch.tensor(new byte[] { 0, 128, 255 }),
            ["bool"] = torch.tensor([true, false, true]),
            ["scalar"] = torch.tensor(2.5),
            ["empty"] = torch.zeros([0, 4]),
        };
        var path = Path.Combine(_dir, "all.safetensors");

        SafeTensors.Save(tensors, path, new Dictionary<string, string> { ["format"] = "pt" });
        var loaded = SafeTensors.Load(path, out var metadata);

        Assert.Equal("pt", metadata["format"]);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, original) in tensors)
        {
            var copy = loaded[name];
            Assert.Equal(original.dtype, copy.dtype);
            Assert.Equal(original.shape, copy.shape);
            Assert.Equal(original.ToBytes(), copy.ToBytes());
        }
    }

    [Fact]
    public void File_layout_matches_the_published_format()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor([1f, 2f, 3f, 4f, 5f, 6f], [2, 3]);
        var b = torch.tensor([-7L, 8L]);
        var path = Path.Combine(_dir, "layout.safetensors");

        SafeTensors.Save(new Dictionary<string, Tensor> { ["layer.weight"] = a, ["counter"] = b }, path);

        var bytes = File.ReadAllBytes(path);
        var n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.True(8 + n <= bytes.Length);
        Assert.Equal(0, (8 + n) % 8); // data section starts 8-byte aligned
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd(' '));
        var root = header.RootElement;

        var weight = root.GetProperty("layer.weight");
        Assert.Equal("F32", weight.GetProperty("dtype").GetString());
        Assert.Equal([2L, 3L], weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var counter = root.GetProperty("counter");
        Assert.Equal("I64", counter.GetProperty("dtype").GetString());
        Assert.Equal([2L], counter.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));

        // Each tensor's bytes sit at its data_offsets, little-endian and row-major.
        var data = bytes.AsSpan((int)(8 + n));
        var w = weight.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var c = counter.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(24, w[1] - w[0]);
        Assert.Equal(16, c[1] - c[0]);
        for (var i = 0; i < 6; i++)
            Assert.Equal(i + 1f, BinaryPrimitives.ReadSingleLittleEndian(data[(w[0] + 4 * i)..]));
        Assert.Equal(-7L, BinaryPrimitives.ReadInt64LittleEndian(data[c[0]..]));
        Assert.Equal(8L, BinaryPrimitives.ReadInt64LittleEndian(data[(c[0] + 8)..]));
        Assert.Equal(data.Length, Math.Max(w[1], c[1])); // nothing after the last tensor
    }

    [Fact]
    public void Reads_a_file_assembled_by_hand()
    {
        // Built byte by byte from the format description, independently of the writer.
        var header = Encoding.UTF8.GetBytes("{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}");
        var file = new byte[8 + header.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        BinaryPrimitives.WriteDoubleLittleEndian(file.AsSpan(8 + header.Length), 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(file.AsSpan(16 + header.Length), -4.0);
        var path = Path.Combine(_dir, "hand.safetensors");
        File.WriteAllBytes(path, file);

        var loaded = SafeTensors.Load(path);
        using var x = loaded["x"];
        Assert.Equal([0.25, -4.0], x.ToArray<double>());
    }

    [Fact]
    public void Corrupt_files_are_refused_with_the_file_name()
    {
        var path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path)).Message);

        var header = Encoding.UTF8.GetBytes("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}");
        var truncated = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(truncated, (ulong)header.Length);
        header.CopyTo(truncated, 8);
        File.WriteAllBytes(path, truncated);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains("data_offsets", error.Message);
    }

    [Fact]
    public void Module_save_and_load_restore_every_parameter_and_buffer()
    {
        var path = Path.Combine(_dir, "model.safetensors");
        using var a = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.Linear(2 * 4 * 4, 3));
        using (var scope = torch.NewDisposeScope())
        {
            a.train();
            a.forward(torch.rand([4, 1, 6, 6])); // moves the batch-norm running statistics off their defaults
        }
        a.save(path);
        using var b = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.Linear(2 * 4 * 4, 3));
        b.load(path);

        var sa = a.state_dict();
        var sb = b.state_dict();
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var key in sa.Keys) Assert.Equal(sa[key].ToBytes(), sb[key].ToBytes());
        Assert.Contains("1.running_mean", sa.Keys);
    }
}
