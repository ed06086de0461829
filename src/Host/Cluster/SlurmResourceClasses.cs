using System.Globalization;
using LossBench.Host.Matrix;
using YamlDotNet.RepresentationModel;

namespace LossBench.Host.Cluster;

/// <summary>
/// Per-axis Slurm resources from the benchmark file's <c>slurm:</c> section, e.g.
/// <code>slurm: { wide-resnet: { gpus-per-task: 1, partition: gpu } }</code>: a key names an axis
/// value (its label or plugin name: a data set, model, loss or augmentation), and every cell with
/// that value belongs to the key's resource class; `slurm submit` gives each class its own job
/// array with those resources (over the command line's). A cell matching no key is in class
/// <see cref="Default"/>; one matching several takes the first in file order.
/// </summary>
public sealed class SlurmResourceClasses
{
    public const string Default = "default";
    private static readonly string[] Keys = ["partition", "time", "cpus-per-task", "gpus-per-task", "mem", "max-parallel"];
    private readonly List<(string Key, YamlMappingNode Resources)> _classes;

    private SlurmResourceClasses(List<(string, YamlMappingNode)> classes) => _classes = classes;

    public static SlurmResourceClasses None { get; } = new([]);

    public bool IsEmpty => _classes.Count == 0;

    /// <summary>The slurm: section of <paramref name="benchmarkFile"/> (none when absent), checked: unknown keys and bad values name the file and line.</summary>
    public static SlurmResourceClasses Read(string benchmarkFile)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(benchmarkFile)) stream.Load(reader);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("slurm"), out var section))
            return None;
        if (section is not YamlMappingNode mapping) throw Error(benchmarkFile, section, "slurm: expected a mapping of axis values to resources, e.g. slurm: { wide-resnet: { gpus-per-task: 1 } }");
        var classes = new List<(string, YamlMappingNode)>();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (name == Default) throw Error(benchmarkFile, key, $"slurm: '{Default}' names the cells no key matches; give resources for those on the command line");
            if (value is not YamlMappingNode resources) throw Error(benchmarkFile, value, $"slurm.{name}: expected a mapping of resources ({string.Join(", ", Keys)})");
            foreach (var (resourceKey, resourceValue) in resources.Children)
            {
                var resource = ((YamlScalarNode)resourceKey).Value ?? "";
                if (!Keys.Contains(resource)) throw Error(benchmarkFile, resourceKey, $"slurm.{name}: unknown resource '{resource}'; known: {string.Join(", ", Keys)}");
                if (resource is "cpus-per-task" or "gpus-per-task" or "max-parallel"
                    && !(resourceValue is YamlScalarNode { Value: { } number } && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1))
                    throw Error(benchmarkFile, resourceValue, $"slurm.{name}.{resource}: expected a whole number of at least 1");
            }
            classes.Add((name, resources));
        }
        return new SlurmResourceClasses(classes);
    }

    /// <summary>The class of <paramref name="cell"/>: the first key naming one of its axis values, else <see cref="Default"/>.</summary>
    public string ClassOf(Cell cell)
    {
        var values = new[] { cell.Dataset, cell.Model, cell.Loss, cell.Augmentation };
        foreach (var (key, _) in _classes)
            if (values.Any(v => v.Label == key || v.Name == key)) return key;
        return Default;
    }

    /// <summary><paramref name="request"/> with class <paramref name="name"/>'s resources over it.</summary>
    public SlurmRequest Apply(string name, SlurmRequest request)
    {
        var resources = _classes.FirstOrDefault(c => c.Key == name).Resources;
        if (resources is null) return request;
        string? Get(string key) => resources.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
        int? Number(string key) => Get(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
        return request with
        {
            Partition = Get("partition") ?? request.Partition,
            Time = Get("time") ?? request.Time,
            CpusPerTask = Number("cpus-per-task") ?? request.CpusPerTask,
            GpusPerTask = Number("gpus-per-task") ?? request.GpusPerTask,
            Mem = Get("mem") ?? request.Mem,
            MaxParallel = Number("max-parallel") ?? request.MaxParallel,
        };
    }

    private static ArgumentException Error(string file, YamlNode node, string message) =>
        new($"{file}:{node.Start.Line}:{node.Start.Column}: {message}");
}
