using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using LossBench.Host.Matrix;
using LossBench.Host.Plugins;
using LossBench.Host.Options;
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
    /// <summary>More values than this on one entry is a typo (a sweep over a long list by mistake), not a benchmark anyone can run.</summary>
    public const int MaxSweepValues = 10_000;

    /// <summary>The most cells one benchmark may expand to (before include/exclude): far beyond any study anyone runs, far below what planning them would take in memory.</summary>
    public const long MaxCells = 100_000;

    private static readonly string[] TopLevelKeys =
        ["name", "seeds", "device", "threads", "datasets", "models", "losses", "augmentations", "evaluations", "training", "report", "include", "exclude", "slurm", "portable", "verify"];

    private static readonly string[] ReportKeys = ["baseline", "tables", "digits"];
    private static readonly string[] VerifyKeys = ["digits", "tolerance"];
    private static readonly string[] TableKeys = ["metric", "rows", "columns"];
    private static readonly string[] Optimizers = ["sgd", "adam", "adamw"];
    private static readonly string[] TrainMetrics = ["loss", "accuracy"];
    private static readonly string[] AxisNames = Enum.GetNames<Axis>().Select(n => n.ToLowerInvariant()).ToArray();

    private static readonly (string Key, PluginKind Kind, string? Default)[] Axes =
    [
        ("datasets", PluginKind.Dataset, null),
        ("models", PluginKind.Model, null),
        ("losses", PluginKind.Loss, null),
        ("augmentations", PluginKind.Augmentation, "none"),
        ("evaluations", PluginKind.Evaluation, "clean"),
    ];

    /// <summary>A results folder name: no separators, and not "." or ".." (which would leave results/).</summary>
    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._-]+$")]
    private static partial Regex FolderName();

    [GeneratedRegex("^(auto|cpu|cuda|cuda:[0-9]+)$")]
    private static partial Regex DeviceName();

    public static BenchmarkDefinition Load(string path, PluginCatalog catalog)
    {
        var full = Path.GetFullPath(path);
        return Build(YamlConfigReader.ReadFile(full), full, catalog);
    }

    /// <param name="yamlText">The YAML text.</param>
    /// <param name="fileName">The file it came from: locations name it, the default name is its name without extension.</param>
    public static BenchmarkDefinition Parse(string yamlText, string fileName, PluginCatalog catalog) =>
        Build(YamlConfigReader.Read(yamlText, fileName), fileName, catalog);

    private static BenchmarkDefinition Build(ConfigNode node, string file, PluginCatalog catalog)
    {
        if (node is not ConfigMapping root)
            throw new ConfigException(node.Location, "", $"a benchmark file is a mapping (name:, datasets:, models:, losses:, ...), got {node.Describe()}");
        CheckKeys(root, TopLevelKeys, "", "top-level key");

        var name = Name(root, file);
        var seeds = Seeds(root["seeds"]);
        var device = root["device"] is { } deviceNode ? Text(deviceNode, "device") : "auto";
        if (!DeviceName().IsMatch(device))
            throw new ConfigException(root["device"]!.Location, "device", $"expected auto, cpu, cuda or cuda:N, got '{device}'");
        var threads = Threads(root["threads"]);

        var axes = new Dictionary<string, IReadOnlyList<AxisValue>>();
        var references = new PluginReferenceBinder(catalog);
        foreach (var (key, kind, fallback) in Axes) axes[key] = AxisValues(root, key, kind, fallback, catalog, references);
        CheckCellCount(root, axes, seeds.Count);

        var training = Training(root["training"]);
        var report = Report(root["report"], axes["losses"], axes["evaluations"]);
        var named = new Dictionary<Axis, IReadOnlyList<AxisValue>>
        {
            [Axis.Dataset] = axes["datasets"], [Axis.Model] = axes["models"], [Axis.Loss] = axes["losses"], [Axis.Augmentation] = axes["augmentations"],
        };
        return new BenchmarkDefinition(name, file, seeds, device, threads,
            axes["datasets"], axes["models"], axes["losses"], axes["augmentations"], axes["evaluations"],
            training, report, Rules(root["include"], "include", named), Rules(root["exclude"], "exclude", named))
        {
            Portable = Portable(root["portable"]),
            SeedsWithoutBuild = Matrix.SeedBasis.Requested,
            Verify = Verify(root["verify"], report, axes["evaluations"]),
        };
    }

    private static bool Portable(ConfigNode? node) => node switch
    {
        null or ConfigScalar { IsNull: true } => false,
        ConfigScalar { IsQuoted: false, Text: "true" } => true,
        ConfigScalar { IsQuoted: false, Text: "false" } => false,
        _ => throw new ConfigException(node.Location, "portable", $"expected true or false, got {node.Describe()}"),
    };

    /// <summary>
    /// `verify: { digits: 3, tolerance: { clean.accuracy: 0.002 } }`: each tolerance names a metric
    /// of the report's tables (checked as a table's metric is, then against the tables, since a
    /// tolerance for a metric no table shows would never be used) and an absolute slack of at least 0.
    /// </summary>
    private static VerifySettings Verify(ConfigNode? node, ReportSettings report, IReadOnlyList<AxisValue> evaluations)
    {
        var mapping = node switch
        {
            null or ConfigScalar { IsNull: true } => ConfigMapping.Empty,
            ConfigMapping m => m,
            _ => throw new ConfigException(node.Location, "verify", $"expected a mapping (digits:, tolerance:), got {node.Describe()}"),
        };
        CheckKeys(mapping, VerifyKeys, "verify", "verify key");
        int? digits = mapping["digits"] is { } digitsNode ? Digits(digitsNode, "verify.digits") : null;
        var tolerances = new SortedDictionary<string, Tolerance>(StringComparer.Ordinal);
        switch (mapping["tolerance"])
        {
            case null or ConfigScalar { IsNull: true }:
                break;
            case ConfigMapping tolerance:
                var tabled = report.Tables.Select(t => t.Metric).Distinct().ToArray();
                foreach (var (metric, value) in tolerance.Entries)
                {
                    var path = $"verify.tolerance.{metric}";
                    var location = value.Location ?? tolerance.Location;
                    if (MetricProblem(metric, evaluations) is { } problem) throw new ConfigException(location, path, problem);
                    if (!tabled.Contains(metric))
                        throw new ConfigException(location, path, $"no table shows '{metric}'{NameSuggester.DidYouMean(metric, tabled)}; the tables show {(tabled.Length == 0 ? "nothing" : string.Join(", ", tabled))}");
                    if (value is not ConfigScalar { IsQuoted: false } scalar
                        || !double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var slack) || !double.IsFinite(slack) || slack < 0)
                        throw new ConfigException(location, path, $"expected a number of at least 0 (an absolute difference), got {value.Describe()}");
                    tolerances[metric] = new Tolerance(slack, location);
                }
                break;
            case var other:
                throw new ConfigException(other.Location, "verify.tolerance", $"expected a mapping of metric: slack (e.g. clean.accuracy: 0.002), got {other.Describe()}");
        }
        return new VerifySettings(digits, tolerances);
    }

    /// <summary>Every cell is planned (and held in memory) before anything runs: a product no one could run is refused first.</summary>
    private static void CheckCellCount(ConfigMapping root, IReadOnlyDictionary<string, IReadOnlyList<AxisValue>> axes, int seeds)
    {
        string[] matrix = ["datasets", "models", "losses", "augmentations"];
        // Each axis holds at most MaxSweepValues values, seeds at most MaxExpandedValues: the product fits a decimal.
        var cells = matrix.Aggregate((decimal)seeds, (product, key) => product * axes[key].Count);
        if (cells <= MaxCells) return;
        var factors = string.Join(" x ", matrix.Select(key => $"{axes[key].Count} {key}").Append($"{seeds} seeds"));
        throw new ConfigException(root.Location, "", string.Create(CultureInfo.InvariantCulture,
            $"the matrix is {factors} = {cells:N0} cells, more than the {MaxCells:N0} a benchmark may plan; sweep fewer values or split it into several benchmarks"));
    }

    private static string Name(ConfigMapping root, string file)
    {
        // The name is a folder name: at most 255 bytes on the usual file systems (ext4, XFS, NTFS, APFS).
        const int MaxFolderName = 255;
        if (root["name"] is { } node)
        {
            var name = Text(node, "name");
            if (!FolderName().IsMatch(name))
                throw new ConfigException(node.Location, "name", $"'{name}' cannot name a results folder: use letters, digits, '.', '_' and '-'");
            return name.Length <= MaxFolderName
                ? name
                : throw new ConfigException(node.Location, "name", $"'{name[..20]}...' is {name.Length} characters long, and a results folder name can have at most {MaxFolderName}: give a shorter name");
        }
        var fromFile = Path.GetFileNameWithoutExtension(file);
        return FolderName().IsMatch(fromFile)
            ? fromFile
            : throw new ConfigException(root.Location, "name", $"no name is given and the file name gives '{fromFile}', which cannot name a results folder; add `name:` with letters, digits, '.', '_' and '-'");
    }

    private static IReadOnlyList<ulong> Seeds(ConfigNode? node)
    {
        if (node is null) return [0];
        var items = node is ConfigSequence sequence ? sequence.Items.Select((item, i) => (item, $"seeds[{i}]")).ToArray() : [(node, "seeds")];
        if (items.Length == 0) throw new ConfigException(node.Location, "seeds", "the list is empty: give at least one seed");
        var seeds = new List<ulong>();
        var indexOf = new Dictionary<ulong, int>();
        foreach (var (item, path) in items)
        {
            if (item is not ConfigScalar { IsQuoted: false } scalar || !ulong.TryParse(scalar.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                throw new ConfigException(item.Location ?? node.Location, path, $"expected a non-negative integer, got {item.Describe()}");
            if (indexOf.TryGetValue(seed, out var first)) throw new ConfigException(item.Location, path, $"the seed {seed} is listed twice (also seeds[{first}]); each seed is one replicate");
            indexOf[seed] = seeds.Count;
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

    private static IReadOnlyList<AxisValue> AxisValues(ConfigMapping root, string key, PluginKind kind, string? fallback, PluginCatalog catalog, PluginReferenceBinder references)
    {
        var node = root[key];
        var what = PluginKinds.DisplayName(kind);
        if (node is null)
        {
            if (fallback is null)
                throw new ConfigException(root.Location, key, $"missing: list the {key} to compare, e.g. `{key}: [{catalog.OfKind(kind).FirstOrDefault()?.Name ?? "name"}]`");
            try
            {
                return Expand(new ConfigScalar(fallback, root.Location), kind, $"{key}[0]", catalog, references).ToArray();
            }
            catch (ConfigException e)
            {
                throw new ConfigException(root.Location, key, $"not given, so it defaults to [{fallback}], but {e.Problem}");
            }
        }
        // `models: mlp` and `models: { mlp: {...} }` are a list of one; any other non-list is an error in Expand.
        IReadOnlyList<(ConfigNode Entry, string Path)> entries = node switch
        {
            ConfigSequence sequence => sequence.Items.Select((item, i) => (item, $"{key}[{i}]")).ToArray(),
            ConfigScalar { IsNull: true } => [],
            _ => [(node, key)],
        };
        if (entries.Count == 0) throw new ConfigException(node.Location, key, $"the list is empty: give at least one {what}");
        var values = new List<AxisValue>();
        var labels = new Dictionary<string, AxisValue>(StringComparer.Ordinal);
        var identities = new Dictionary<string, AxisValue>(StringComparer.Ordinal);
        foreach (var (entry, path) in entries)
        {
            foreach (var value in Expand(entry, kind, path, catalog, references))
            {
                if (values.Count == MaxSweepValues)
                    throw new ConfigException(value.Location, value.Path, $"{key} has more than {MaxSweepValues} values (entries and their sweeps together); sweep fewer values or split the benchmark");
                if (labels.TryGetValue(value.Label, out var twin))
                {
                    throw new ConfigException(value.Location, value.Path, twin.Path == value.Path
                        ? $"the sweep gives '{value.Label}' twice; list each value once"
                        : $"'{value.Label}' is listed twice on {key} (also at {twin.Path}); give each entry different options");
                }
                // Cell ids hash the identity (options after defaults): two entries that agree there would be one cell under two labels.
                if (identities.TryGetValue(value.IdentityKey, out var same))
                {
                    throw new ConfigException(value.Location, value.Path,
                        $"'{value.Label}' is the same {what} as '{same.Label}' ({same.Path}) once defaults are applied; list it once");
                }
                identities[value.IdentityKey] = value;
                labels[value.Label] = value;
                values.Add(value);
            }
        }
        return values;
    }

    /// <summary>One entry (a name, or `name: {options}`) into its axis values, one per sweep combination.</summary>
    private static IReadOnlyList<AxisValue> Expand(ConfigNode entry, PluginKind kind, string path, PluginCatalog catalog, PluginReferenceBinder references)
    {
        var (name, options, location) = entry switch
        {
            ConfigScalar { IsNull: false } scalar => (scalar.Text, ConfigMapping.Empty, scalar.Location),
            ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value switch
            {
                ConfigMapping given => given,
                ConfigScalar { IsNull: true } => ConfigMapping.Empty,
                var other => throw new ConfigException(other.Location, $"{path}.{mapping.Entries[0].Key}",
                    $"the options of '{mapping.Entries[0].Key}' must be a mapping like {{ key: value }}, got {other.Describe()}"),
            }, mapping.Location),
            ConfigMapping { Entries.Count: > 1 } mapping => throw new ConfigException(mapping.Location, path,
                $"an entry is one plugin, but this one has the keys {string.Join(", ", mapping.Entries.Select(e => e.Key))}: " +
                $"indent the options under the plugin's name (`- {mapping.Entries[0].Key}: {{ {mapping.Entries[1].Key}: ... }}`), or give each plugin its own entry"),
            _ => throw new ConfigException(entry.Location, path, $"expected a {PluginKinds.DisplayName(kind)} name or `name: {{ options }}`, got {entry.Describe()}"),
        };
        PluginDescriptor plugin;
        try
        {
            plugin = catalog.Find(kind, name);
        }
        catch (PluginResolutionException e)
        {
            throw new ConfigException(location, path, e.Message + FailureNote(catalog, name));
        }
        var optionsPath = $"{path}.{name}";
        if (plugin.OptionsType is null && options.Entries.Count > 0)
        {
            var (key, value) = options.Entries[0];
            throw new ConfigException(value.Location ?? location, $"{optionsPath}.{key}", $"the {plugin.Key} takes no options");
        }
        var values = new List<AxisValue>();
        foreach (var variant in Sweep(plugin.OptionsType, options, optionsPath, catalog))
        {
            object? bound = null;
            if (plugin.OptionsType is not null)
            {
                try
                {
                    bound = OptionsBinder.Bind(plugin.OptionsType, variant, optionsPath, references);
                }
                catch (OptionsBindingException e)
                {
                    throw new ConfigException(e.Location ?? location, e.OptionPath, e.Problem);
                }
            }
            values.Add(new AxisValue(plugin, variant, bound, Label(name, variant), path, location));
        }
        return values;
    }

    /// <summary>A plugin that failed to load is not in the catalog: if a failure names it, say so rather than only "no such plugin".</summary>
    private static string FailureNote(PluginCatalog catalog, string name)
    {
        var failure = catalog.Failures.FirstOrDefault(f => f.ToString().Contains($"\"{name}\"", StringComparison.Ordinal) || f.ToString().Contains($"'{name}'", StringComparison.Ordinal));
        return failure is null ? "" : $"; a plugin of that name failed to load: {failure}";
    }

    /// <summary>
    /// The cartesian product of the swept options, first swept key varying slowest; unswept keys stay
    /// as written. Sweeps inside nested values are expanded too: inside a referenced plugin's options
    /// (<c>combo: { terms: [ { focal: { gamma: [1, 2] } } ] }</c> is two combinations), inside the
    /// records of a list, and in an inline reference.
    /// </summary>
    private static IReadOnlyList<ConfigMapping> Sweep(Type? optionsType, ConfigMapping options, string optionsPath, PluginCatalog catalog)
    {
        var inline = optionsType is null ? null : OptionsBinder.InlineReferenceOf(optionsType);
        var choices = new List<(string Key, IReadOnlyList<ConfigNode> Values)>();
        long count = 1;
        foreach (var (key, value) in options.Entries)
        {
            var keyPath = $"{optionsPath}.{key}";
            var property = PropertyOf(optionsType, key);
            IReadOnlyList<ConfigNode> values;
            if (property is null && inline is not null)
            {
                // The inline plugin of a record like { dice: { smooth: [1, 2] }, weight: 1 }.
                values = ReferenceVariants(OptionsBinder.ReferenceContractOf(inline.PropertyType)!, new ConfigMapping([new(key, value)], options.Location), optionsPath, catalog)
                    .Select(v => ((ConfigMapping)v).Entries[0].Value).ToArray();
            }
            else
            {
                IReadOnlyList<ConfigNode> top = IsSweep(optionsType, key, value) ? ((ConfigSequence)value).Items : [value];
                values = top.SelectMany(v => Variants(property?.PropertyType, v, keyPath, catalog)).ToArray();
            }
            if (values.Count == 0)
                throw new ConfigException(value.Location, keyPath, $"the sweep over '{key}' is empty: give at least one value");
            count *= values.Count;
            if (count > MaxSweepValues)
                throw new ConfigException(value.Location, keyPath, $"the sweep gives more than {MaxSweepValues} combinations; sweep fewer options or values");
            choices.Add((key, values));
        }
        var variants = new List<List<KeyValuePair<string, ConfigNode>>> { new() };
        foreach (var (key, values) in choices)
            variants = variants.SelectMany(v => values.Select(c => new List<KeyValuePair<string, ConfigNode>>(v) { new(key, c) })).ToList();
        return variants.Select(v => new ConfigMapping(v, options.Location)).ToArray();
    }

    /// <summary>The variants of one option value: a reference's or a nested record's inner sweeps, a list's items' (their product).</summary>
    private static IReadOnlyList<ConfigNode> Variants(Type? type, ConfigNode node, string path, PluginCatalog catalog)
    {
        if (type is null) return [node];
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (OptionsBinder.ReferenceContractOf(type) is { } contract) return ReferenceVariants(contract, node, path, catalog);
        if (node is ConfigSequence sequence && OptionTypes.ElementTypeOf(type) is { } element)
        {
            var items = sequence.Items.Select((item, i) => Variants(element, item, $"{path}[{i}]", catalog)).ToArray();
            if (items.All(i => i.Count == 1)) return [node];
            // Each item's variants are capped already; their product is checked before it is built.
            long combinations = 1;
            foreach (var item in items)
            {
                combinations *= item.Count;
                if (combinations > MaxSweepValues)
                    throw new ConfigException(sequence.Location, path, $"the sweeps inside this list give more than {MaxSweepValues} combinations; sweep fewer options or values");
            }
            IEnumerable<List<ConfigNode>> product = [[]];
            foreach (var item in items) product = product.SelectMany(p => item.Select(v => new List<ConfigNode>(p) { v })).ToArray();
            return product.Select(p => (ConfigNode)new ConfigSequence(p, sequence.Location)).ToArray();
        }
        if (node is ConfigMapping mapping && OptionTypes.IsNestedOptions(type))
            return Sweep(type, mapping, path, catalog);
        return [node];
    }

    /// <summary>A reference `name` or `name: { options }` with the sweeps in its options expanded (a name the catalog lacks is left for the binder to report).</summary>
    private static IReadOnlyList<ConfigNode> ReferenceVariants(Type contract, ConfigNode node, string path, PluginCatalog catalog)
    {
        if (node is not ConfigMapping { Entries.Count: 1 } mapping || mapping.Entries[0].Value is not ConfigMapping options) return [node];
        var name = mapping.Entries[0].Key;
        var kind = PluginKinds.All.FirstOrDefault(k => PluginKinds.ContractOf(k) == contract);
        var plugin = catalog.Plugins.FirstOrDefault(p => p.Kind == kind && p.Name == name);
        if (plugin is null) return [node];
        return Sweep(plugin.OptionsType, options, $"{path}.{name}", catalog)
            .Select(v => (ConfigNode)new ConfigMapping([new(name, v)], mapping.Location))
            .ToArray();
    }

    private static PropertyInfo? PropertyOf(Type? optionsType, string key) =>
        optionsType?.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => KebabCase.From(p.Name) == key);

    /// <summary>
    /// A list is a sweep where one value of the option is not a list: for a scalar option any list,
    /// for a list option a list of lists, for a mapping option a list of mappings. Options the
    /// plugin reads itself (ConfigNode) are never swept: the plugin decides what a list means there.
    /// </summary>
    private static bool IsSweep(Type? optionsType, string key, ConfigNode value)
    {
        if (value is not ConfigSequence sequence || optionsType is null) return false;
        var property = PropertyOf(optionsType, key);
        if (property is null) return false; // the binder reports the unknown option with a suggestion
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (typeof(ConfigNode).IsAssignableFrom(type)) return false;
        if (OptionsBinder.ReferenceContractOf(type) is not null) return true; // base: [mnist-10k, synthetic] is two data sets
        if (IsMappingType(type)) return sequence.Items.Count > 0 && sequence.Items.All(i => i is ConfigMapping);
        if (IsListType(type)) return sequence.Items.Count > 0 && sequence.Items.All(i => i is ConfigSequence);
        return true;
    }

    private static bool IsMappingType(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type) ||
        (type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyDictionary<,>) || d == typeof(IDictionary<,>))) ||
        (type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null);

    private static bool IsListType(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

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
        if (node is null or ConfigScalar { IsNull: true }) return TrainingSettings.Default;
        if (node is not ConfigMapping mapping) throw new ConfigException(node.Location, "training", $"expected a mapping (epochs:, batch-size:, optimizer:, ...), got {node.Describe()}");
        var options = Bind<TrainingOptions>(mapping, "training", mapping.Location);
        return new TrainingSettings(options.Epochs, options.BatchSize, Optimizer(options.Optimizer), options.Schedule,
            options.WarmupEpochs, options.EvalBatchSize, options.MaxEvalExamples) { Until = Until(options.Until), EvalEvery = options.EvalEvery };
    }

    private static TrainingUntil? Until(ConfigNode? node)
    {
        const string path = "training.until";
        if (node is null or ConfigScalar { IsNull: true }) return null;
        if (node is not ConfigMapping mapping)
            throw new ConfigException(node.Location, path, $"expected a mapping like {{ train-accuracy: 0.97 }}, got {node.Describe()}");
        var until = Bind<UntilOptions>(mapping, path, mapping.Location);
        return new TrainingUntil(until.TrainAccuracy!.Value, until.Measure);
    }

    private static OptimizerSettings Optimizer(ConfigNode? node)
    {
        const string path = "training.optimizer";
        if (node is null or ConfigScalar { IsNull: true }) return OptimizerSettings.Default;
        var (name, options, location) = node switch
        {
            ConfigScalar scalar => (scalar.Text, ConfigMapping.Empty, scalar.Location),
            ConfigMapping { Entries.Count: 1 } mapping => (mapping.Entries[0].Key, mapping.Entries[0].Value switch
            {
                ConfigMapping given => given,
                ConfigScalar { IsNull: true } => ConfigMapping.Empty,
                var other => throw new ConfigException(other.Location, $"{path}.{mapping.Entries[0].Key}", $"the optimizer's options must be a mapping like {{ lr: 0.05 }}, got {other.Describe()}"),
            }, mapping.Location),
            ConfigMapping { Entries.Count: > 1 } mapping => throw new ConfigException(mapping.Location, path,
                $"give one optimizer, got the keys {string.Join(", ", mapping.Entries.Select(e => e.Key))}"),
            _ => throw new ConfigException(node.Location, path, $"expected sgd, adam or adamw, or `{{ sgd: {{ lr: 0.05 }} }}`, got {node.Describe()}"),
        };
        var optionsPath = $"{path}.{name}";
        switch (name)
        {
            case "sgd":
                var sgd = Bind<SgdOptions>(options, optionsPath, location);
                return new OptimizerSettings(OptimizerKind.Sgd, sgd.Lr, sgd.Momentum, sgd.Nesterov, sgd.WeightDecay);
            case "adam" or "adamw":
                var adam = Bind<AdamOptions>(options, optionsPath, location);
                return new OptimizerSettings(name == "adam" ? OptimizerKind.Adam : OptimizerKind.AdamW, adam.Lr, WeightDecay: adam.WeightDecay,
                    Beta1: adam.Beta1, Beta2: adam.Beta2, Eps: adam.Eps);
            default:
                throw new ConfigException(location, path, $"unknown optimizer '{name}'{NameSuggester.DidYouMean(name, Optimizers)}; the optimizers are sgd, adam and adamw");
        }
    }

    private static ReportSettings Report(ConfigNode? node, IReadOnlyList<AxisValue> losses, IReadOnlyList<AxisValue> evaluations)
    {
        var mapping = node switch
        {
            null or ConfigScalar { IsNull: true } => ConfigMapping.Empty,
            ConfigMapping m => m,
            _ => throw new ConfigException(node.Location, "report", $"expected a mapping (baseline:, tables:, digits:), got {node.Describe()}"),
        };
        CheckKeys(mapping, ReportKeys, "report", "report key");
        return new ReportSettings(Baseline(mapping["baseline"], losses), Tables(mapping["tables"], evaluations), Digits(mapping["digits"], "report.digits"));
    }

    /// <summary>A loss label, or a loss name that has one value; null when written as null; else the first loss when there are two or more.</summary>
    private static string? Baseline(ConfigNode? node, IReadOnlyList<AxisValue> losses)
    {
        const string path = "report.baseline";
        if (node is null) return losses.Count >= 2 ? losses[0].Label : null;
        if (node is ConfigScalar { IsNull: true }) return null; // `baseline: ~` turns the paired differences off
        var given = Text(node, path);
        if (losses.Any(l => l.Label == given)) return given;
        var byName = losses.Where(l => l.Name == given).ToArray();
        if (byName.Length == 1) return byName[0].Label;
        var labels = losses.Select(l => l.Label).ToArray();
        throw new ConfigException(node.Location, path, byName.Length > 1
            ? $"'{given}' names {byName.Length} losses ({string.Join(", ", byName.Select(l => l.Label))}); give one of these labels"
            : $"'{given}' is not one of the losses{NameSuggester.DidYouMean(given, labels.Concat(losses.Select(l => l.Name)).Distinct())}; the losses are {string.Join(", ", labels)}");
    }

    private static int Digits(ConfigNode? node, string path)
    {
        if (node is null) return 4;
        if (node is not ConfigScalar { IsQuoted: false } scalar || !int.TryParse(scalar.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) || digits > 10)
            throw new ConfigException(node.Location, path, $"expected an integer from 0 to 10, got {node.Describe()}");
        return digits;
    }

    private static IReadOnlyList<TableSpec> Tables(ConfigNode? node, IReadOnlyList<AxisValue> evaluations)
    {
        if (node is null or ConfigScalar { IsNull: true })
        {
            // The accuracy of the first clean evaluation, by its label (clean, or clean(bins=10) when it has options).
            return evaluations.FirstOrDefault(e => e.Name == "clean") is { } clean ? [new TableSpec(clean.Label + ".accuracy", Axis.Loss, Axis.Augmentation)] : [];
        }
        if (node is not ConfigSequence sequence) throw new ConfigException(node.Location, "report.tables", $"expected a list of {{ metric, rows, columns }}, got {node.Describe()}");
        return sequence.Items.Select((item, i) => Table(item, $"report.tables[{i}]", evaluations)).ToArray();
    }

    private static TableSpec Table(ConfigNode node, string path, IReadOnlyList<AxisValue> evaluations)
    {
        if (node is not ConfigMapping mapping) throw new ConfigException(node.Location, path, $"expected {{ metric, rows, columns }}, got {node.Describe()}");
        CheckKeys(mapping, TableKeys, path, "table key");
        var metricNode = mapping["metric"] ?? throw new ConfigException(mapping.Location, path + ".metric", "missing: which metric, e.g. clean.accuracy");
        var metric = Text(metricNode, path + ".metric");
        if (MetricProblem(metric, evaluations) is { } problem) throw new ConfigException(metricNode.Location, path + ".metric", problem);
        var rows = AxisOf(mapping["rows"], path + ".rows", mapping.Location, Axis.Loss);
        var columns = AxisOf(mapping["columns"], path + ".columns", mapping.Location, Axis.Augmentation);
        if (rows == columns)
            throw new ConfigException(mapping["columns"]?.Location ?? mapping.Location, path + ".columns", $"rows and columns are both {AxisNames[(int)rows]}: give two different axes");
        return new TableSpec(metric, rows, columns);
    }

    /// <summary>
    /// Metrics are named &lt;evaluation label&gt;.&lt;name&gt; (or train.loss, train.accuracy). A
    /// label can hold dots inside its parentheses (fgsm(eps=0.1)), so the prefix ends at the first
    /// dot outside them. The name is checked against the evaluation's declared metrics
    /// (<see cref="LossBench.Sdk.Evaluations.IDeclaresMetrics{TOptions}"/>, e.g. clean's accuracy, nll
    /// and ece); an evaluation that declares none reports names only known once it has run, so any
    /// name is accepted there.
    /// </summary>
    private static string? MetricProblem(string metric, IReadOnlyList<AxisValue> evaluations)
    {
        var labels = evaluations.Select(e => e.Label).ToArray();
        var known = $"the evaluations are {string.Join(", ", labels)}, and train.loss and train.accuracy are always there";
        var dot = FirstDotOutsideParentheses(metric);
        if (dot <= 0 || dot == metric.Length - 1)
            return $"'{metric}' is not <evaluation>.<metric> (e.g. {labels.FirstOrDefault() ?? "clean"}.accuracy); {known}";
        var (prefix, rest) = (metric[..dot], metric[(dot + 1)..]);
        if (prefix == "train")
            return TrainMetrics.Contains(rest) ? null : $"the training metrics are train.loss and train.accuracy, not '{metric}'{NameSuggester.DidYouMean(rest, TrainMetrics)}";
        if (evaluations.FirstOrDefault(e => e.Label == prefix) is { } evaluation)
        {
            if (PluginTraits.Metrics(evaluation.Plugin, evaluation.BoundOptions) is not { } declared || declared.Contains(rest)) return null;
            // A shortened name (acc for accuracy) is nearer to a short one (ece) by edit distance: prefer the name it begins.
            var suggestion = declared.FirstOrDefault(d => rest.Length >= 2 && d.StartsWith(rest, StringComparison.OrdinalIgnoreCase)) ?? NameSuggester.Nearest(rest, declared);
            return $"the {evaluation.Label} evaluation reports {string.Join(", ", declared.Select(m => $"{prefix}.{m}"))}, not '{metric}'" +
                   (suggestion is null ? "" : $" (did you mean '{prefix}.{suggestion}'?)");
        }
        var named = evaluations.Where(e => e.Name == prefix).Select(e => e.Label).ToArray();
        if (named.Length > 0)
            return $"the {prefix} evaluation has options, so its metrics are named by its label: {string.Join(", ", named.Select(l => $"{l}.{rest}"))}";
        return $"no evaluation is labelled '{prefix}'{NameSuggester.DidYouMean(prefix, labels.Append("train"))}; {known}";
    }

    private static int FirstDotOutsideParentheses(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}': depth--; break;
                case '.' when depth == 0: return i;
            }
        }
        return -1;
    }

    private static Axis AxisOf(ConfigNode? node, string path, SourceLocation? fallback, Axis defaultAxis)
    {
        if (node is null) return defaultAxis;
        var text = Text(node, path);
        return AxisNames.Contains(text)
            ? Enum.Parse<Axis>(text, ignoreCase: true)
            : throw new ConfigException(node.Location ?? fallback, path, $"unknown axis '{text}'{NameSuggester.DidYouMean(text, AxisNames)}; the axes are {string.Join(", ", AxisNames)}");
    }

    private static IReadOnlyList<MatchRule> Rules(ConfigNode? node, string key, IReadOnlyDictionary<Axis, IReadOnlyList<AxisValue>> axes)
    {
        if (node is null or ConfigScalar { IsNull: true }) return [];
        if (node is not ConfigSequence sequence) throw new ConfigException(node.Location, key, $"expected a list of {{ axis: value }} rules, got {node.Describe()}");
        var rules = new List<MatchRule>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"{key}[{i}]";
            if (sequence.Items[i] is not ConfigMapping { Entries.Count: > 0 } mapping)
                throw new ConfigException(sequence.Items[i].Location, path, $"a rule is a mapping from axes ({string.Join(", ", AxisNames)}) to values, e.g. {{ loss: focal, augmentation: none }}");
            var conditions = new Dictionary<Axis, IReadOnlyList<string>>();
            foreach (var (axisName, value) in mapping.Entries)
            {
                var axisPath = $"{path}.{axisName}";
                if (!AxisNames.Contains(axisName))
                    throw new ConfigException(value.Location ?? mapping.Location, axisPath, $"unknown axis '{axisName}'{NameSuggester.DidYouMean(axisName, AxisNames)}; the axes are {string.Join(", ", AxisNames)}");
                var axis = Enum.Parse<Axis>(axisName, ignoreCase: true);
                IReadOnlyList<(ConfigNode Node, string Path)> items = value is ConfigSequence list
                    ? list.Items.Select((v, j) => (v, $"{axisPath}[{j}]")).ToArray()
                    : [(value, axisPath)];
                if (items.Count == 0) throw new ConfigException(value.Location, axisPath, "the list is empty: a rule with no values matches nothing");
                var known = axes[axis].SelectMany(v => new[] { v.Label, v.Name }).Distinct().ToArray();
                var values = new List<string>();
                foreach (var (item, itemPath) in items)
                {
                    var given = Text(item, itemPath);
                    if (!known.Contains(given))
                        throw new ConfigException(item.Location, itemPath, $"'{given}' is not on the {axisName} axis{NameSuggester.DidYouMean(given, known)}; it has {string.Join(", ", axes[axis].Select(v => v.Label))}");
                    values.Add(given);
                }
                conditions[axis] = values;
            }
            rules.Add(new MatchRule(conditions, path, mapping.Location));
        }
        return rules;
    }

    private static T Bind<T>(ConfigMapping mapping, string path, SourceLocation? fallback) where T : class
    {
        try
        {
            return OptionsBinder.Bind<T>(mapping, path);
        }
        catch (OptionsBindingException e)
        {
            throw new ConfigException(e.Location ?? mapping.Location ?? fallback, e.OptionPath, e.Problem);
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
