using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace LossBench.Host.Plugins;

/// <summary>
/// SHA-256 of what a plugin assembly does, followed by its deps.json (which pins its private
/// dependencies). "What it does" is read through the metadata, not from the PE image as laid out:
/// the metadata block (module version id blanked, and the method-body and field-data addresses
/// blanked because they are layout), every method body in row order, every field's initial data
/// and the managed resources. What a build derives from its folder or its debug information (the
/// COFF time stamp, the PE checksum, the debug directory, the PDB path and, through the PDB path's
/// length, the position of everything after it) is not hashed. Changing code changes the hash;
/// building the same source in another folder, with or without a CI build's path map, does not.
/// </summary>
public static class AssemblyContentHash
{
    public static string Of(string assemblyPath)
    {
        var image = File.ReadAllBytes(assemblyPath);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!TryAppendManagedContent(hash, image)) hash.AppendData(image);
        var deps = Path.ChangeExtension(assemblyPath, ".deps.json");
        if (File.Exists(deps)) hash.AppendData(File.ReadAllBytes(deps));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Appends the layout-independent content of a managed PE; false (nothing appended) for anything else.</summary>
    private static bool TryAppendManagedContent(IncrementalHash hash, byte[] image)
    {
        using var reader = new PEReader(new MemoryStream(image, writable: false));
        MetadataReader metadata;
        CorHeader corHeader;
        int metadataStart;
        try
        {
            if (!reader.HasMetadata || reader.PEHeaders.CorHeader is null) return false;
            metadata = reader.GetMetadataReader();
            corHeader = reader.PEHeaders.CorHeader;
            metadataStart = reader.PEHeaders.MetadataStartOffset;
        }
        catch (BadImageFormatException)
        {
            return false;
        }

        hash.AppendData(BitConverter.GetBytes((int)corHeader.Flags));
        hash.AppendData(MetadataWithoutLayout(image, metadataStart, reader.PEHeaders.MetadataSize, metadata));
        foreach (var handle in metadata.MethodDefinitions)
        {
            var rva = metadata.GetMethodDefinition(handle).RelativeVirtualAddress;
            if (rva == 0) continue;
            var size = reader.GetMethodBody(rva).Size;
            hash.AppendData(Section(reader, rva, size));
        }
        foreach (var handle in metadata.FieldDefinitions)
        {
            var field = metadata.GetFieldDefinition(handle);
            var rva = field.GetRelativeVirtualAddress();
            if (rva == 0) continue;
            hash.AppendData(Section(reader, rva, FieldDataSize(metadata, field) ?? reader.GetSectionData(rva).Length));
        }
        if (corHeader.ResourcesDirectory.Size > 0)
            hash.AppendData(Section(reader, corHeader.ResourcesDirectory.RelativeVirtualAddress, corHeader.ResourcesDirectory.Size));
        return true;
    }

    /// <summary>
    /// The metadata block with the module version id and the address columns (MethodDef.RVA and
    /// FieldRVA.RVA, the first four bytes of their rows) blanked: those addresses move whenever
    /// anything before them in the image changes size, while the bodies they point to are hashed
    /// separately, in row order.
    /// </summary>
    internal static byte[] MetadataWithoutLayout(byte[] image, int metadataStart, int metadataSize, MetadataReader metadata)
    {
        var block = image.AsSpan(metadataStart, metadataSize).ToArray();
        var mvid = metadata.GetModuleDefinition().Mvid;
        if (!mvid.IsNil)
        {
            // The module version id: the index-th 16-byte entry of the #GUID heap.
            var index = MetadataTokens.GetHeapOffset(mvid);
            Array.Clear(block, metadata.GetHeapMetadataOffset(HeapIndex.Guid) + (index - 1) * 16, 16);
        }
        BlankFirstColumn(block, metadata, TableIndex.MethodDef);
        BlankFirstColumn(block, metadata, TableIndex.FieldRva);
        return block;
    }

    private static void BlankFirstColumn(byte[] block, MetadataReader metadata, TableIndex table)
    {
        var rows = metadata.GetTableRowCount(table);
        if (rows == 0) return;
        var start = metadata.GetTableMetadataOffset(table);
        var rowSize = metadata.GetTableRowSize(table);
        for (var row = 0; row < rows; row++) Array.Clear(block, start + row * rowSize, 4);
    }

    private static byte[] Section(PEReader reader, int rva, int size)
    {
        var data = reader.GetSectionData(rva);
        return data.GetContent(0, Math.Min(size, data.Length)).ToArray();
    }

    /// <summary>
    /// The size of a field's initial data (static array initialisers and the like), from its type:
    /// a primitive's width or an explicit-size value type's declared size. Null when the type says
    /// nothing about its size; the caller then hashes the rest of the section, which is still
    /// deterministic for one build but no longer layout-independent.
    /// </summary>
    private static int? FieldDataSize(MetadataReader metadata, FieldDefinition field)
    {
        var signature = metadata.GetBlobReader(field.Signature);
        if (signature.ReadSignatureHeader().Kind != SignatureKind.Field) return null;
        var code = signature.ReadSignatureTypeCode();
        switch (code)
        {
            case SignatureTypeCode.Boolean or SignatureTypeCode.SByte or SignatureTypeCode.Byte: return 1;
            case SignatureTypeCode.Char or SignatureTypeCode.Int16 or SignatureTypeCode.UInt16: return 2;
            case SignatureTypeCode.Int32 or SignatureTypeCode.UInt32 or SignatureTypeCode.Single: return 4;
            case SignatureTypeCode.Int64 or SignatureTypeCode.UInt64 or SignatureTypeCode.Double: return 8;
        }
        if (code != SignatureTypeCode.TypeHandle) return null;
        var type = signature.ReadTypeHandle();
        if (type.Kind != HandleKind.TypeDefinition) return null;
        var layout = metadata.GetTypeDefinition((TypeDefinitionHandle)type).GetLayout();
        return layout.Size > 0 ? layout.Size : null;
    }
}
