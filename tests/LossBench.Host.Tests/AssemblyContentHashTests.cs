using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using LossBench.Host.Plugins;

namespace LossBench.Host.Tests;

/// <summary>
/// The plugin content hash (part of every identity) sees the code and ignores what a deterministic
/// build derives from the build folder and debug information: the COFF time stamp, the PE checksum,
/// the debug directory and what it points to (PDB path and id), and the module version id.
/// </summary>
public sealed class AssemblyContentHashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lossbench-hash-").FullName;

    private static string PluginAssembly => Path.Combine(AppContext.BaseDirectory, "plugins", "LossBench.Plugins.Losses", "LossBench.Plugins.Losses.dll");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Variant(string name, Action<byte[], PEReader, MetadataReader> change)
    {
        var bytes = File.ReadAllBytes(PluginAssembly);
        using (var reader = new PEReader(new MemoryStream(File.ReadAllBytes(PluginAssembly))))
            change(bytes, reader, reader.GetMetadataReader());
        var path = Path.Combine(_folder, name + ".dll");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Build_stamps_and_debug_identifiers_do_not_change_it()
    {
        var original = AssemblyContentHash.Of(Variant("original", (_, _, _) => { }));
        var stamped = Variant("stamped", (bytes, reader, _) => bytes[reader.PEHeaders.CoffHeaderStartOffset + 4] ^= 0xFF);
        var checksum = Variant("checksum", (bytes, reader, _) => bytes[reader.PEHeaders.PEHeaderStartOffset + 64] ^= 0xFF);
        var pdbPath = Variant("pdb-path", (bytes, reader, _) =>
        {
            var codeView = reader.ReadDebugDirectory().First(e => e.Type == DebugDirectoryEntryType.CodeView);
            bytes[codeView.DataPointer + codeView.DataSize - 2] ^= 0x20; // a letter of the recorded PDB path
        });
        var mvid = Variant("mvid", (bytes, reader, metadata) =>
        {
            var index = MetadataTokens.GetHeapOffset(metadata.GetModuleDefinition().Mvid);
            bytes[reader.PEHeaders.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.Guid) + (index - 1) * 16] ^= 0xFF;
        });
        Assert.Equal(original, AssemblyContentHash.Of(stamped));
        Assert.Equal(original, AssemblyContentHash.Of(checksum));
        Assert.Equal(original, AssemblyContentHash.Of(pdbPath));
        Assert.Equal(original, AssemblyContentHash.Of(mvid));
    }

    [Fact]
    public void A_change_to_the_code_or_its_metadata_changes_it()
    {
        var original = AssemblyContentHash.Of(Variant("original", (_, _, _) => { }));
        // One character of a name in the #Strings heap (a type or member name: what the code is).
        var renamed = Variant("renamed", (bytes, reader, metadata) =>
        {
            var offset = reader.PEHeaders.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.String) + 1;
            bytes[offset] ^= 0x01;
        });
        // One byte of the first method body's IL.
        var recoded = Variant("recoded", (bytes, reader, metadata) =>
        {
            var method = metadata.MethodDefinitions.Select(metadata.GetMethodDefinition).First(m => m.RelativeVirtualAddress != 0);
            var body = reader.GetMethodBody(method.RelativeVirtualAddress);
            Assert.True(reader.PEHeaders.TryGetDirectoryOffset(new DirectoryEntry(method.RelativeVirtualAddress, body.Size), out var offset));
            bytes[offset + body.Size - 1] ^= 0x01;
        });
        Assert.NotEqual(original, AssemblyContentHash.Of(renamed));
        Assert.NotEqual(original, AssemblyContentHash.Of(recoded));
    }
}
