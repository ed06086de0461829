using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace LossBench.Host.Plugins;

/// <summary>
/// SHA-256 of what a plugin assembly does: its PE image with the fields a deterministic build
/// derives from debug information or the build location blanked (the COFF time stamp, the PE
/// checksum, the debug directory and the data it points to: PDB path and id, and the module
/// version id), followed by its deps.json (which pins its private dependencies). Changing code
/// changes it; building the same source in another folder, or moving a comment, does not.
/// </summary>
public static class AssemblyContentHash
{
    public static string Of(string assemblyPath)
    {
        var image = File.ReadAllBytes(assemblyPath);
        Normalize(image);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(image);
        var deps = Path.ChangeExtension(assemblyPath, ".deps.json");
        if (File.Exists(deps)) hash.AppendData(File.ReadAllBytes(deps));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Blanks the build-location- and debug-dependent fields in place (an image that is not a managed PE is hashed as it is).</summary>
    internal static void Normalize(byte[] image)
    {
        using var reader = new PEReader(new MemoryStream(image, writable: false));
        PEHeaders headers;
        try
        {
            headers = reader.PEHeaders;
        }
        catch (BadImageFormatException)
        {
            return;
        }
        // COFF header: Machine(2) NumberOfSections(2) TimeDateStamp(4); the PE optional header's CheckSum at 64.
        Blank(image, headers.CoffHeaderStartOffset + 4, 4);
        if (headers.PEHeaderStartOffset > 0) Blank(image, headers.PEHeaderStartOffset + 64, 4);
        if (headers.PEHeader is { DebugTableDirectory: { Size: > 0 } debugTable } && headers.TryGetDirectoryOffset(debugTable, out var tableOffset))
        {
            foreach (var entry in reader.ReadDebugDirectory())
                if (entry.DataPointer > 0) Blank(image, entry.DataPointer, entry.DataSize);
            Blank(image, tableOffset, debugTable.Size);
        }
        if (!reader.HasMetadata) return;
        var metadata = reader.GetMetadataReader();
        var mvid = metadata.GetModuleDefinition().Mvid;
        if (mvid.IsNil) return;
        // The module version id: the index-th 16-byte entry of the #GUID heap.
        var heapOffset = headers.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.Guid);
        var index = MetadataTokens.GetHeapOffset(mvid);
        Blank(image, heapOffset + (index - 1) * 16, 16);
    }

    private static void Blank(byte[] image, int offset, int length)
    {
        if (offset < 0 || length <= 0 || offset + length > image.Length) return;
        Array.Clear(image, offset, length);
    }
}
