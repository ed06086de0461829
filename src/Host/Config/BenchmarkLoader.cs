using System.Globalization;
using System.Text.RegularExpressions;
using LossBench.Host.Plugins;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Config;

/// <summary>
/// Reads benchmarks.yaml into a <see cref="BenchmarkDefinition"/>: plugins resolved in the
/// catalog, sweeps expanded (a list given for a scalar option, or a list of lists for a list
/// option, is one axis value per element; several swept options give their product), options bound
/// and validated. Every error is a <see cref="ConfigException"/> naming file, line, column and YAML
/// path, with the nearest name for a typo.
/// </summary>
public static partial class BenchmarkLoader
{
    private static readonly string[] TopLevelKeys =
        ["name", "seeds", "device", "threads", "datasets", "models", "losses", "augmentations", "evaluations", "training", "report", "include", "exclude"];

    private static readonly (string Key, PluginKind Kind, string? Default)[] Axes =
    [
        ("datasets", PluginKind.Dataset, null),
        ("models", PluginKind.Model, null),
        ("losses", PluginKind.Loss, null),
        ("augmentations", PluginKind.Augmentation, "none"),
        ("evaluations", PluginKind.Evaluation, "clean"),
    ];

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex FolderName();

    [GeneratedRegex("^(auto|cpu|cuda|cuda:[0-9]+)$")]
    private static partial Regex DeviceName();

    public static BenchmarkDefinition Load(string path, PluginCatalog catalog)
    {
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), full, catalog);
    }

    public static BenchmarkDefinition Parse(string yaml, string file, PluginCatalog catalog)
    {
        var node = YamlConfigReader.Read(yaml, file);
        if (node is not ConfigMapping root)
            throw new ConfigException(node.Location, "", "a benchmark file is a mapping (name:, datasets:, models:, losses:, ...)");
        CheckKeys(root, TopLevelKeys, "", "top-level key");

        var name = root["name"] is { } nameNode ? Text(nameNode, "name") : Path.GetFileNameWithoutExtension(file);
        if (!FolderName().IsMatch(name))
            throw new ConfigException(root["name"]?.Location ?? root.Location, "name", $"'{name}' cannot name a results folder: use letters, digits, '.', '_' and '-'");
        var seeds = Seeds(root["seeds"]);
        var device = root["device"] is { } deviceNode ? Text(deviceNode, "device") : "auto";
        if (!DeviceName().IsMatch(device))
            throw new ConfigException(root["device"]!.Location, "device", $"expected auto, cpu, cuda or cuda:N, got '{device}'");
        var threads = Threads(root["threads"]);

        var axes = new Dictionary<string, IReadOnlyList<AxisValue>>();
        foreach (var (key, kind, fallback) in Axes) axes[key] = AxisValues(root, key, kind, fallback, catalog);

        var training = Training(root["training"]);
        var report = Report(root["report"], root.Location, axes["losses"], axes["evaluations"]);
        var named = new Dictionary<Axis, IReadOnlyList<AxisValue>>
        {
            [Axis.Dataset] = axes["datasets"], [Axis.Model] = axes["models"], [Axis.Loss] = axes["losses"], [Axis.Augmentation] = axes["augmentations"],
        };
        return new BenchmarkDefinition(name, file, seeds, device, threads,
            axes["datasets"], axes["models"], axes["losses"], axes["augmentations"], axes["evaluations"],
            training, report, Rules(root["include"], "include", named), Rules(root["exclude"], "exclude", named));
    }

    private static IReadOnlyList<ulong> Seeds(ConfigNode? node)
    {
        if (node is null) return [0];
        var items = node is ConfigSequence sequence ? sequence.Items.Select((item, i) => (item, $"seeds[{i}]")).ToArray() : [(node, "seeds")];
        if (items.Length == 0) throw new ConfigException(node.Location, "seeds", "give at least one seed");
        var seeds = new List<ulong>();
        foreach (var (item, path) in items)
        {
            if (item is not ConfigScalar { IsQuoted: false } scalar || !ulong.TryParse(scalar.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                throw new ConfigException(item.Location ?? node.Location, path, $"expected a non-negative integer, got {item.Describe()}");
            if (seeds.Contains(seed)) throw new ConfigException(item.Location, path, $"the seed {seed} is listed twice");
            seeds.Add(seed);
        }
        return seeds;
    }

    private static int? Threads(ConfigNode? node)
    {
        if (node is null || node is ConfigScalar { Text: "auto" }) return null;
        if (node is ConfigScalar { IsQuoted: false } scalar && int.TryParse(scalar.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads >= 1)
            return threads;
        throw new ConfigException(node.Location, "threads", $"expected auto or an integer of at least 1, got {node.Describe()}");
    }

    private static IReadOnlyList<AxisValue> AxisValues(ConfigMapping root, string key, PluginKind kind, string? fallback, PluginCatalog catalog)
    {
        var node = root[key];
        if (node is null)
        {
            if (fallback is null)
                throw new ConfigException(root.Location, key, $"missing: list the {key} to compare, e.g. `{key}: [{catalog.OfKind(kind).FirstOrDefault()?.Name ?? "name"}]`");
            return Expand(new ConfigScalar(fallback, root.Location), kind, $"{key}[0]", catalog).ToArray();
        }
        var entries = node is ConfigSequence sequence ? sequence.Items : [node];
        if (entries.Count == 0) throw new ConfigException(node.Location, key, $"the list is empty: give at least one {PluginKinds.DisplayName(kind)}");
        var values = new List<AxisValue>();
        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var value in Expand(entries[i], kind, $"{key}[{i}]", catalog))
            {
                if (values.FirstOrDefault(v => v.Label == value.Label) is { } twin)
                    throw new ConfigException(value.Location, value.Path, $"'{value.Label}' is listed twice on {key} (also at {twin.Path}); give each entry different options");
                values.Add(value);
            }
        }
        return values;
    }

    /// <summary>One entry (a name, or `name: {options}`) into its axis values, one per sweep combination.</summary>
    private static IEnumerable<AxisValue> Expand(ConfigNode entry, PluginKind kind, string path, PluginCatalog catalog)
    {
        var (name, options, location) = entry switch
        {
            ConfigScalar { IsNull: false } scalar => (scalar.Text, ConfigMapping.Empty, scalar.Location),
            ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value switch
            {
                ConfigMapping given => given,
                ConfigScalar { IsNull: true } => ConfigMapping.Empty,
                var other => throw new ConfigException(other.Location, $"{path}.{mapping.Entries[0].Key}", $"the options of '{mapping.Entries[0].Key}' must be a mapping, got {other.Describe()}"),
            }, mapping.Location),
            _ => throw new ConfigException(entry.Location, path, $"expected a plugin name or `name: {{ options }}`, got {entry.Describe()}"),
        };
        PluginDescriptor plugin;
        try
        {
            plugin = catalog.Find(kind, name);
        }
        catch (PluginResolutionException e)
        {
            throw new ConfigException(location, path, e.Message);
        }
        var optionsPath = $"{path}.{name}";
        foreach (var variant in Sweep(plugin.OptionsType, options))
        {
            object? bound = null;
            if (plugin.OptionsType is null)
            {
                if (variant.Entries.Count > 0)
                    throw new ConfigException(variant.Entries[0].Value.Location ?? location, $"{optionsPath}.{variant.Entries[0].Key}", $"the {plugin.Key} takes no options");
            }
            else
            {
                try
                {
                    bound = OptionsBinder.Bind(plugin.OptionsType, variant, optionsPath);
                }
                catch (OptionsBindingException e)
                {
                    throw new ConfigException(e.Location ?? location, e.OptionPath, e.Problem);
                }
            }
            yield return new AxisValue(plugin, variant, bound, Label(name, variant), path, location);
        }
    }

    /// <summary>The cartesian product of the swept options, first swept key varying slowest; unswept keys stay as written.</summary>
    private static IReadOnlyList<ConfigMapping> Sweep(Type? optionsType, ConfigMapping options)
    {
        var variants = new List<List<KeyValuePair<string, ConfigNode>>> { new() };
        foreach (var (key, value) in options.Entries)
        {
            var choices = IsSweep(optionsType, key, value) ? ((ConfigSequence)value).Items : [value];
            if (choices.Count == 0) throw new ConfigException(value.Location, key, $"the sweep over '{key}' is empty");
            variants = variants.SelectMany(v => choices.Select(c => new List<KeyValuePair<string, ConfigNode>>(v) { new(key, c) })).ToList();
        }
        return variants.Select(v => new ConfigMapping(v, options.Location)).ToArray();
    }

    private static bool IsSweep(Type? optionsType, string key, ConfigNode value)
    {
        if (value is not ConfigSequence sequence || optionsType is null) return false;
        var property = optionsType.GetProperties().FirstOrDefault(p => KebabCase.From(p.Name) == key);
        if (property is null || property.PropertyType == typeof(ConfigNode)) return false;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var isList = type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type);
        return isList ? sequence.Items.Count > 0 && sequence.Items.All(i => i is ConfigSequence) : true;
    }

    /// <summary>name, or name(key=value,...) over the options given, as written.</summary>
    public static string Label(string name, ConfigMapping options) =>
        options.Entries.Count == 0 ? name : $"{name}({string.Join(",", options.Entries.Select(e => $"{e.Key}={Flow(e.Value)}"))})";

    private static string Flow(ConfigNode node) => node switch
    {
        ConfigScalar scalar => scalar.Text,
        ConfigSequence sequence => "[" + string.Join(", ", sequence.Items.Select(Flow)) + "]",
        ConfigMapping mapping => "{" + string.Join(", ", mapping.Entries.Select(e => $"{e.Key}: {Flow(e.Value)}")) + "}",
        _ => node.Describe(),
    };

    private static TrainingSettings Training(ConfigNode? node)
    {
        if (node is null) return TrainingSettings.Default;
        if (node is not ConfigMapping mapping) throw new ConfigException(node.Location, "training", $"expected a mapping (epochs:, batch-size:, optimizer:, ...), got {node.Describe()}");
        var options = Bind<TrainingOptions>(mapping, "training");
        return new TrainingSettings(options.Epochs, options.BatchSize, Optimizer(options.Optimizer, mapping.Location), options.Schedule,
            options.WarmupEpochs, options.EvalBatchSize, options.MaxEvalExamples);
    }

    private static OptimizerSettings Optimizer(ConfigNode? node, SourceLocation? fallback)
    {
        const string path = "training.optimizer";
        if (node is null) return OptimizerSettings.Default;
        var (name, options, location) = node switch
        {
            ConfigScalar { IsNull: false } scalar => (scalar.Text, ConfigMapping.Empty, scalar.Location),
            ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value as ConfigMapping
                ?? (mapping.Entries[0].Value is ConfigScalar { IsNull: true } ? ConfigMapping.Empty
                    : throw new ConfigException(mapping.Entries[0].Value.Location, $"{path}.{mapping.Entries[0].Key}", "the optimizer's options must be a mapping")), mapping.Location),
            _ => throw new ConfigException(node.Location ?? fallback, path, $"expected sgd, adam or adamw, or `{{ sgd: {{ lr: 0.05 }} }}`, got {node.Describe()}"),
        };
        var optionsPath = $"{path}.{name}";
        switch (name)
        {
            case "sgd":
                var sgd = Bind<SgdOptions>(options, optionsPath);
                return new OptimizerSettings(OptimizerKind.Sgd, sgd.Lr, sgd.Momentum, sgd.Nesterov, sgd.WeightDecay);
            case "adam" or "adamw":
                var adam = Bind<AdamOptions>(options, optionsPath);
                return new OptimizerSettings(name == "adam" ? OptimizerKind.Adam : OptimizerKind.AdamW, adam.Lr, WeightDecay: adam.WeightDecay,
                    Beta1: adam.Beta1, Beta2: adam.Beta2, Eps: adam.Eps);
            default:
                throw new ConfigException(location, path, $"unknown optimizer '{name}'{NameSuggester.DidYouMean(name, ["sgd", "adam", "adamw"])}; the optimizers are sgd, adam and adamw");
        }
    }

    private static ReportSettings Report(ConfigNode? node, SourceLocation? fallback, IReadOnlyList<AxisValue> losses, IReadOnlyList<AxisValue> evaluations)
    {
        var mapping = node switch
        {
            null => ConfigMapping.Empty,
            ConfigMapping m => m,
            _ => throw new ConfigException(node.Location, "report", $"expected a mapping (baseline:, tables:, digits:), got {node.Describe()}"),
        };
        CheckKeys(mapping, ["baseline", "tables", "digits"], "report", "report key");
        string? baseline = losses.Count >= 2 ? losses[0].Label : null;
        if (mapping["baseline"] is { } baselineNode)
        {
            var given = Text(baselineNode, "report.baseline");
            var byName = losses.Where(l => l.Name == given).ToArray();
            baseline = losses.Any(l => l.Label == given) ? given
                : byName.Length == 1 ? byName[0].Label
                : throw new ConfigException(baselineNode.Location, "report.baseline", byName.Length > 1
                    ? $"'{given}' names {byName.Length} losses ({string.Join(", ", byName.Select(l => l.Label))}); give one of these labels"
                    : $"'{given}' is not one of the losses{NameSuggester.DidYouMean(given, losses.Select(l => l.Label))}; the losses are {string.Join(", ", losses.Select(l => l.Label))}");
        }
        var digits = 4;
        if (mapping["digits"] is { } digitsNode)
        {
            if (digitsNode is not ConfigScalar { IsQuoted: false } d || !int.TryParse(d.Text, NumberStyles.None, CultureInfo.InvariantCulture, out digits) || digits > 10)
                throw new ConfigException(digitsNode.Location, "report.digits", $"expected an integer from 0 to 10, got {digitsNode.Describe()}");
        }
        var tables = new List<TableSpec>();
        if (mapping["tables"] is { } tablesNode)
        {
            if (tablesNode is not ConfigSequence sequence) throw new ConfigException(tablesNode.Location, "report.tables", $"expected a list of {{ metric, rows, columns }}, got {tablesNode.Describe()}");
            for (var i = 0; i < sequence.Items.Count; i++) tables.Add(Table(sequence.Items[i], $"report.tables[{i}]", evaluations));
        }
        else if (evaluations.Any(e => e.Label == "clean"))
        {
            tables.Add(new TableSpec("clean.accuracy", Axis.Loss, Axis.Augmentation));
        }
        return new ReportSettings(baseline, tables, digits);
    }

    private static TableSpec Table(ConfigNode node, string path, IReadOnlyList<AxisValue> evaluations)
    {
        if (node is not ConfigMapping mapping) throw new ConfigException(node.Location, path, $"expected {{ metric, rows, columns }}, got {node.Describe()}");
        CheckKeys(mapping, ["metric", "rows", "columns"], path, "table key");
        var metricNode = mapping["metric"] ?? throw new ConfigException(mapping.Location, path + ".metric", "missing: which metric, e.g. clean.accuracy");
        var metric = Text(metricNode, path + ".metric");
        var prefixes = evaluations.Select(e => e.Label).Append("train").ToArray();
        if (!prefixes.Any(p => metric.StartsWith(p + ".", StringComparison.Ordinal) && metric.Length > p.Length + 1))
        {
            var dot = metric.LastIndexOf('.');
            var prefix = dot > 0 ? metric[..dot] : metric;
            throw new ConfigException(metricNode.Location, path + ".metric",
                $"'{metric}' is not <evaluation>.<metric>{NameSuggester.DidYouMean(prefix, prefixes)}; the evaluations are {string.Join(", ", prefixes)}");
        }
        var rows = AxisOf(mapping["rows"], path + ".rows", mapping.Location, Axis.Loss);
        var columns = AxisOf(mapping["columns"], path + ".columns", mapping.Location, Axis.Augmentation);
        if (rows == columns) throw new ConfigException(mapping.Location, path, "rows and columns must be different axes");
        return new TableSpec(metric, rows, columns);
    }

    private static Axis AxisOf(ConfigNode? node, string path, SourceLocation? fallback, Axis defaultAxis)
    {
        if (node is null) return defaultAxis;
        var text = Text(node, path);
        var names = Enum.GetNames<Axis>().Select(n => n.ToLowerInvariant()).ToArray();
        return names.Contains(text)
            ? Enum.Parse<Axis>(text, ignoreCase: true)
            : throw new ConfigException(node.Location ?? fallback, path, $"unknown axis '{text}'{NameSuggester.DidYouMean(text, names)}; the axes are {string.Join(", ", names)}");
    }

    private static IReadOnlyList<MatchRule> Rules(ConfigNode? node, string key, IReadOnlyDictionary<Axis, IReadOnlyList<AxisValue>> axes)
    {
        if (node is null) return [];
        if (node is not ConfigSequence sequence) throw new ConfigException(node.Location, key, $"expected a list of {{ axis: value }} rules, got {node.Describe()}");
        var rules = new List<MatchRule>();
        var names = Enum.GetNames<Axis>().Select(n => n.ToLowerInvariant()).ToArray();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"{key}[{i}]";
            if (sequence.Items[i] is not ConfigMapping { Entries.Count: > 0 } mapping)
                throw new ConfigException(sequence.Items[i].Location, path, "a rule is a mapping from axes to values, e.g. { loss: focal, augmentation: mixup }");
            var conditions = new Dictionary<Axis, IReadOnlyList<string>>();
            foreach (var (axisName, value) in mapping.Entries)
            {
                var axisPath = $"{path}.{axisName}";
                if (!names.Contains(axisName))
                    throw new ConfigException(value.Location ?? mapping.Location, axisPath, $"unknown axis '{axisName}'{NameSuggester.DidYouMean(axisName, names)}; the axes are {string.Join(", ", names)}");
                var axis = Enum.Parse<Axis>(axisName, ignoreCase: true);
                var values = value is ConfigSequence list ? list.Items.Select((v, j) => Text(v, $"{axisPath}[{j}]")).ToArray() : [Text(value, axisPath)];
                var known = axes[axis].SelectMany(v => new[] { v.Label, v.Name }).Distinct().ToArray();
                foreach (var given in values.Where(v => !known.Contains(v)))
                    throw new ConfigException(value.Location, axisPath, $"'{given}' is not on the {axisName} axis{NameSuggester.DidYouMean(given, known)}; it has {string.Join(", ", axes[axis].Select(v => v.Label))}");
                conditions[axis] = values;
            }
            rules.Add(new MatchRule(conditions, path, mapping.Location));
        }
        return rules;
    }

    private static T Bind<T>(ConfigMapping mapping, string path) where T : class
    {
        try
        {
            return OptionsBinder.Bind<T>(mapping, path);
        }
        catch (OptionsBindingException e)
        {
            throw new ConfigException(e.Location ?? mapping.Location, e.OptionPath, e.Problem);
        }
    }

    private static string Text(ConfigNode node, string path) =>
        node is ConfigScalar { IsNull: false } scalar ? scalar.Text : throw new ConfigException(node.Location, path, $"expected a string, got {node.Describe()}");

    private static void CheckKeys(ConfigMapping mapping, IReadOnlyList<string> known, string path, string what)
    {
        foreach (var (key, value) in mapping.Entries)
            if (!known.Contains(key))
                throw new ConfigException(value.Location ?? mapping.Location, path.Length == 0 ? key : $"{path}.{key}",
                    $"unknown {what} '{key}'{NameSuggester.DidYouMean(key, known)}; known: {string.Join(", ", known)}");
    }
}
