using LossBench.Sdk.Options;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LossBench.Host.Config;

/// <summary>
/// Reads YAML into the SDK's plain <see cref="ConfigNode"/> tree, every node with its file, line
/// and column (1-based). Plain data only: explicit tags are refused on keys and values alike
/// (nothing in a benchmark file may name a type), duplicate keys are errors, anchors and aliases
/// are resolved, and the text must hold exactly one document.
/// </summary>
public static class YamlConfigReader
{
    /// <summary>
    /// Aliases share nodes, but labels, bindings and canonical forms walk them expanded: this cap
    /// keeps an alias bomb ("billion laughs") from exhausting memory. A benchmark file has hundreds.
    /// </summary>
    public const long MaxExpandedValues = 100_000;

    public static ConfigNode ReadFile(string path)
    {
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(null, "", $"cannot read {full}: {e.Message}");
        }
        return Read(text, full);
    }

    /// <param name="text">The YAML text.</param>
    /// <param name="file">The file name the locations carry.</param>
    public static ConfigNode Read(string text, string file) => new Reader(text, file).Document();

    /// <summary>One read: the parser, the anchors seen so far and the flow collections still open (for messages).</summary>
    private sealed class Reader(string text, string file)
    {
        private readonly Scanner scanner = new(new StringReader(text), skipComments: true);
        private readonly Dictionary<string, (ConfigNode Node, long Size)> anchors = new(StringComparer.Ordinal);
        private readonly Stack<(char Bracket, Mark Start)> openFlows = new();
        private long expanded;

        public ConfigNode Document()
        {
            var parser = new Parser(scanner);
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _)) throw new ConfigException(new SourceLocation(file, 1, 1), "", "the file is empty: a benchmark needs at least datasets:, models: and losses:");
                parser.Consume<DocumentStart>();
                var root = ReadNode(parser, "");
                parser.Consume<DocumentEnd>();
                if (!parser.Accept<StreamEnd>(out _))
                    throw new ConfigException(Location(parser.Current!.Start), "", "the file holds more than one YAML document (a second '---'); put the benchmark in one");
                return root;
            }
            catch (YamlException e)
            {
                // For a tab in the indentation YamlDotNet reports where the enclosing mapping began;
                // the scanner has stopped at the tab itself.
                var tab = e.Message.Contains(" tab ", StringComparison.Ordinal);
                var problem = "malformed YAML: " + Simplify(e.Message).TrimEnd('.') +
                              (tab ? " (indent with spaces: YAML does not allow tabs there)" : OpenFlowNote());
                throw new ConfigException(Location(tab ? scanner.CurrentPosition : e.Start), "", problem);
            }
            catch (InvalidOperationException e) when (e.TargetSite?.DeclaringType?.Assembly == typeof(Parser).Assembly)
            {
                // YamlDotNet's scanner gives up this way on some broken flow collections (an
                // unclosed '[' followed by a key on the next line) without a position of its own.
                var problem = openFlows.TryPeek(out var open)
                    ? $"malformed YAML: the '{open.Bracket}' at line {open.Start.Line}, column {open.Start.Column} is not closed (or a ',' is missing in it)"
                    : "malformed YAML: an unclosed flow collection ('[' or '{') or a key inside one";
                throw new ConfigException(Location(scanner.CurrentPosition), "", problem);
            }
        }

        private string OpenFlowNote() =>
            openFlows.TryPeek(out var open) ? $" (the '{open.Bracket}' at line {open.Start.Line}, column {open.Start.Column} is still open)" : "";

        private ConfigNode ReadNode(IParser parser, string path)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new ConfigException(Location(alias.Start), path, $"the alias *{alias.Value.Value} names no anchor before it");
                Count(target.Size, alias.Start, path);
                return target.Node;
            }
            var current = parser.Current!;
            CheckTag(current, path);
            var before = expanded;
            Count(1, current.Start, path);
            ConfigNode node;
            switch (current)
            {
                case Scalar scalar:
                    parser.MoveNext();
                    node = new ConfigScalar(scalar.Value, Location(scalar.Start), IsQuoted(scalar));
                    break;
                case SequenceStart start:
                {
                    // The parser reads one event ahead, so a bracket is open from before the move past
                    // '[' until before the move past ']': a scanner error in between happens inside it.
                    var flow = start.Style == SequenceStyle.Flow;
                    if (flow) openFlows.Push(('[', start.Start));
                    parser.MoveNext();
                    var items = new List<ConfigNode>();
                    while (parser.Current is not SequenceEnd) items.Add(ReadNode(parser, $"{path}[{items.Count}]"));
                    if (flow) openFlows.Pop();
                    parser.MoveNext();
                    node = new ConfigSequence(items, Location(start.Start));
                    break;
                }
                case MappingStart start:
                {
                    var flow = start.Style == MappingStyle.Flow;
                    if (flow) openFlows.Push(('{', start.Start));
                    parser.MoveNext();
                    node = ReadMapping(parser, path, Location(start.Start));
                    if (flow) openFlows.Pop();
                    parser.MoveNext();
                    break;
                }
                default:
                    throw new ConfigException(Location(current.Start), path, $"unexpected YAML {current.GetType().Name}");
            }
            if (current is NodeEvent { Anchor.IsEmpty: false } anchored) anchors[anchored.Anchor.Value] = (node, expanded - before);
            return node;
        }

        private ConfigMapping ReadMapping(IParser parser, string path, SourceLocation location)
        {
            var entries = new List<KeyValuePair<string, ConfigNode>>();
            var keys = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            // Stops at the MappingEnd without moving past it: the caller closes the bracket first.
            while (parser.Current is not MappingEnd)
            {
                var current = parser.Current!;
                if (current is not Scalar key)
                {
                    var what = current switch { AnchorAlias => "an alias", SequenceStart => "a list", MappingStart => "a mapping", _ => current.GetType().Name };
                    throw new ConfigException(Location(current.Start), path, $"a mapping key must be a plain name, not {what}");
                }
                var keyLocation = Location(key.Start);
                var keyPath = path.Length == 0 ? key.Value : path + "." + key.Value;
                CheckTag(key, keyPath);
                if (key.Value.Length == 0 && key.Style == ScalarStyle.Plain)
                    throw new ConfigException(keyLocation, path, "a mapping key is missing before the ':'");
                // YAML 1.1 merge keys are not part of the core schema YamlDotNet's parser implements;
                // left alone, "<<" would read as an unknown option.
                if (key.Value == "<<" && key.Style == ScalarStyle.Plain)
                    throw new ConfigException(keyLocation, keyPath, "merge keys (<<: *anchor) are not supported; write the keys out, or use an alias for the whole value");
                parser.MoveNext();
                if (keys.TryGetValue(key.Value, out var first))
                    throw new ConfigException(keyLocation, keyPath, $"the key '{key.Value}' is given twice (first at line {first.Line}, column {first.Column})");
                keys[key.Value] = keyLocation;
                entries.Add(new(key.Value, ReadNode(parser, keyPath)));
            }
            return new ConfigMapping(entries, location);
        }

        private void CheckTag(ParsingEvent current, string path)
        {
            if (current is NodeEvent { Tag.IsEmpty: false } tagged && !IsPlainTag(tagged.Tag.Value))
                throw new ConfigException(Location(current.Start), path, $"the tag {Shorten(tagged.Tag.Value)} is not allowed: a benchmark file holds plain values only");
        }

        private void Count(long values, Mark at, string path)
        {
            expanded += values;
            if (expanded > MaxExpandedValues)
                throw new ConfigException(Location(at), path, $"the file expands (through aliases) to more than {MaxExpandedValues} values; a benchmark file needs no such nesting");
        }

        private SourceLocation Location(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
    }

    /// <summary>The core schema's own tags (!!str, !!int...) only say what a plain value already is; '!' is YAML's "non-specific" tag (a string).</summary>
    private static bool IsPlainTag(string tag) =>
        tag is "!" or "tag:yaml.org,2002:str" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:bool"
            or "tag:yaml.org,2002:null" or "tag:yaml.org,2002:seq" or "tag:yaml.org,2002:map";

    /// <summary>Quoted and block scalars are text; so is a plain one tagged as a string (<c>!!str 2</c>, <c>! 2</c>).</summary>
    private static bool IsQuoted(Scalar scalar) =>
        scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value is "!" or "tag:yaml.org,2002:str");

    /// <summary>Writes the core schema's prefix back as the user wrote it (!!python/object, not tag:yaml.org,2002:python/object).</summary>
    private static string Shorten(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    /// <summary>YamlDotNet prefixes its messages with the position, which the location already gives.</summary>
    private static string Simplify(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
