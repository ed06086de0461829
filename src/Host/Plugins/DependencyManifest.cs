using System.Text.Json;

namespace LossBench.Host.Plugins;

/// <summary>
/// Checks a plugin's <c>.deps.json</c> before the runtime's native dependency resolver reads it.
/// That resolver trusts the file: a member it expects that is missing or of another JSON type
/// (<c>{}</c>, <c>{"targets":{}}</c>, a library without <c>sha512</c>, an asset that is not an
/// object) aborts the whole process (<c>std::logic_error</c>, or a segmentation fault) instead of
/// failing the one folder. So every member the resolver reads is checked here, with the shape the
/// SDK writes, and the file must describe the plugin's own assembly.
/// </summary>
public static class DependencyManifest
{
    private static readonly string[] AssetKinds = ["runtime", "resources", "native"];

    /// <summary>What is wrong with <paramref name="depsPath"/> as the manifest of <paramref name="mainAssemblyPath"/>, or null when the resolver may read it.</summary>
    public static string? Problem(string depsPath, string mainAssemblyPath)
    {
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(depsPath);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (Exception e) when (e is JsonException or ArgumentException or System.Text.DecoderFallbackException)
        {
            return $"it is not valid JSON ({e.Message})";
        }
        using (document)
        {
            try
            {
                Check(document.RootElement, Path.GetFileNameWithoutExtension(mainAssemblyPath));
                return null;
            }
            catch (ManifestException e)
            {
                return e.Message;
            }
        }
    }

    private static void Check(JsonElement root, string mainName)
    {
        Object(root, "the file");
        var targetName = root.TryGetProperty("runtimeTarget", out var runtimeTarget) switch
        {
            false => throw new ManifestException("it has no \"runtimeTarget\" (expected \"runtimeTarget\": { \"name\": \".NETCoreApp,Version=v10.0\" })"),
            true when runtimeTarget.ValueKind == JsonValueKind.String => runtimeTarget.GetString(),
            true when runtimeTarget.ValueKind == JsonValueKind.Object => Object(runtimeTarget, "\"runtimeTarget\"").TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : throw new ManifestException("\"runtimeTarget\" has no string \"name\""),
            _ => throw new ManifestException($"\"runtimeTarget\" is {Describe(runtimeTarget)}, not an object with a \"name\""),
        };
        if (string.IsNullOrEmpty(targetName)) throw new ManifestException("\"runtimeTarget\" names no target");

        if (!root.TryGetProperty("targets", out var targets)) throw new ManifestException("it has no \"targets\"");
        Object(targets, "\"targets\"");
        if (!targets.TryGetProperty(targetName, out var target))
            throw new ManifestException($"\"targets\" has no entry for its runtime target \"{targetName}\"");
        var describesMain = false;
        foreach (var package in Object(target, $"targets[\"{targetName}\"]").EnumerateObject())
        {
            var where = $"targets[\"{targetName}\"][\"{package.Name}\"]";
            Object(package.Value, where);
            foreach (var kind in AssetKinds)
            {
                if (!package.Value.TryGetProperty(kind, out var files)) continue;
                foreach (var file in Object(files, $"{where}.{kind}").EnumerateObject())
                    Object(file.Value, $"{where}.{kind}[\"{file.Name}\"]");
            }
            if (package.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
            {
                foreach (var file in Object(runtimeTargets, $"{where}.runtimeTargets").EnumerateObject())
                {
                    var fileWhere = $"{where}.runtimeTargets[\"{file.Name}\"]";
                    Object(file.Value, fileWhere);
                    RequiredString(file.Value, "assetType", fileWhere);
                    RequiredString(file.Value, "rid", fileWhere);
                }
            }
            if (package.Name.StartsWith(mainName + "/", StringComparison.Ordinal) &&
                package.Value.TryGetProperty("runtime", out var runtime) && runtime.TryGetProperty(mainName + ".dll", out _))
                describesMain = true;
        }
        if (!describesMain)
            throw new ManifestException($"it does not describe {mainName}.dll (no targets[\"{targetName}\"][\"{mainName}/<version>\"] whose \"runtime\" lists {mainName}.dll)");

        if (!root.TryGetProperty("libraries", out var libraries)) throw new ManifestException("it has no \"libraries\"");
        foreach (var library in Object(libraries, "\"libraries\"").EnumerateObject())
        {
            var where = $"libraries[\"{library.Name}\"]";
            Object(library.Value, where);
            RequiredString(library.Value, "type", where);
            RequiredString(library.Value, "sha512", where);
            if (library.Value.TryGetProperty("serviceable", out var serviceable) && serviceable.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new ManifestException($"{where}.serviceable is {Describe(serviceable)}, not true or false");
            foreach (var optional in (string[])["path", "hashPath", "runtimeStoreManifestName"])
                if (library.Value.TryGetProperty(optional, out var value) && value.ValueKind != JsonValueKind.String)
                    throw new ManifestException($"{where}.{optional} is {Describe(value)}, not a string");
        }

        if (root.TryGetProperty("runtimes", out var runtimes))
            foreach (var rid in Object(runtimes, "\"runtimes\"").EnumerateObject())
            {
                if (rid.Value.ValueKind != JsonValueKind.Array)
                    throw new ManifestException($"runtimes[\"{rid.Name}\"] is {Describe(rid.Value)}, not a list of runtime identifiers");
                if (rid.Value.EnumerateArray().Any(fallback => fallback.ValueKind != JsonValueKind.String))
                    throw new ManifestException($"runtimes[\"{rid.Name}\"] holds something other than strings");
            }
    }

    /// <summary>The element when it is an object whose members are named once each (the resolver and System.Text.Json disagree on which duplicate wins).</summary>
    private static JsonElement Object(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ManifestException($"{where} is {Describe(element)}, not an object");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
            if (!names.Add(member.Name))
                throw new ManifestException($"{where} has \"{member.Name}\" twice");
        return element;
    }

    private static void RequiredString(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value)) throw new ManifestException($"{where} has no \"{name}\"");
        if (value.ValueKind != JsonValueKind.String) throw new ManifestException($"{where}.{name} is {Describe(value)}, not a string");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private sealed class ManifestException(string message) : Exception(message);
}
