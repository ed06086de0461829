using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Search;

/// <summary>
/// Reads a search file with the benchmark file's YAML reader and binds it to <see cref="SearchOptions"/>
/// with the options binder: unknown keys, wrong types and out-of-range values are errors naming file,
/// line, column and key. Plugin entries (data set, model, augmentations, references) are resolved
/// later, by the plugin factory, with the same kind of error.
/// </summary>
public static class SearchConfigLoader
{
    public static SearchOptions Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ArgumentException($"{full} is a directory: give a search file (see benchmarks/search.yaml)");
        if (!File.Exists(full)) throw new FileNotFoundException($"{full} does not exist: give a search file (see benchmarks/search.yaml)", full);
        return Bind(YamlConfigReader.ReadFile(full), full);
    }

    public static SearchOptions Parse(string yamlText, string fileName) => Bind(YamlConfigReader.Read(yamlText, fileName), fileName);

    private static SearchOptions Bind(ConfigNode node, string file)
    {
        if (node is ConfigScalar { IsNull: true }) return new SearchOptions();
        if (node is not ConfigMapping mapping)
            throw new ConfigException(node.Location ?? new SourceLocation(file, 1, 1), "", $"a search file is a mapping (seed:, population:, surrogate:, ...), got {node.Describe()}");
        try
        {
            return OptionsBinder.Bind<SearchOptions>(mapping, "search");
        }
        catch (OptionsBindingException e)
        {
            throw new ConfigException(e.Location ?? mapping.Location ?? new SourceLocation(file, 1, 1), e.OptionPath, e.Problem);
        }
    }
}
