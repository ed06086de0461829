using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using LossBench.Host.Plugins;

namespace LossBench.Host.Tests;

/// <summary>
/// The plugin content hash (part of every identity) sees the code and ignores what a deterministic
/// build derives from the build folder and debug information: the COFF time stamp, the PE checksum,
/// the debug directory and what it points to (PDB path and id), the module version id, and the
/// layout shift a longer PDB path causes.
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

    private const string Source = """
        namespace Fixture.Layout;

        public static class Weights
        {
            // A static array initialiser: its data sits behind a FieldRVA address in the image.
            private static ReadOnlySpan<byte> Table => [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];

            public static double Of(double value) => FACTOR * value + Table[3];
        }
        """;

    /// <summary>Builds the source above as a library in folder (a deterministic build, its PDB path recorded in the DLL) and returns the DLL.</summary>
    private static string Build(string folder, string factor)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Fixture.Layout.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Deterministic>true</Deterministic>
                <DebugType>portable</DebugType>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Weights.cs"), Source.Replace("FACTOR", factor));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in new[] { "build", "-c", "Release", "--nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-o", Path.Combine(folder, "out") })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("CI");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet build in {folder} failed:\n{output}\n{error.Result}");
        return Path.Combine(folder, "out", "Fixture.Layout.dll");
    }

    [Fact]
    public void The_same_source_built_in_folders_of_different_lengths_hashes_the_same_and_changed_code_does_not()
    {
        var near = Build(Path.Combine(_folder, "a"), "2");
        var far = Build(Path.Combine(_folder, "a-folder-whose-name-is-much-longer-than-the-first-one", "and-deeper"), "2");
        var changed = Build(Path.Combine(_folder, "b"), "3");
        // The premise: the longer PDB path moves what follows it, so the images differ in size or bytes.
        Assert.NotEqual(Convert.ToHexString(File.ReadAllBytes(near)), Convert.ToHexString(File.ReadAllBytes(far)));
        Assert.Equal(AssemblyContentHash.Of(near), AssemblyContentHash.Of(far));
        Assert.NotEqual(AssemblyContentHash.Of(near), AssemblyContentHash.Of(changed));
    }
}
