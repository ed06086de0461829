using LossBench.Sdk.Options;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LossBench.Host.Config;

/// <summary>
/// Reads YAML into the SDK's plain <see cref="ConfigNode"/> tree, every node with its file, line
/// and column (1-based). Plain data only: explicit tags are refused on keys and values alike
/// (nothing in a benchmark file may name a type), duplicate keys are errors, anchors and aliases
/// are resolved, and the text must hold exactly one document.
/// <para>
/// A benchmark file is a few kilobytes of shallow lists and mappings, so the reader refuses what
/// no benchmark needs before it costs memory or stack: files over <see cref="MaxFileBytes"/>,
/// nesting deeper than <see cref="MaxDepth"/> (every consumer of the tree walks it recursively),
/// scalars longer than <see cref="MaxScalarLength"/>, and more than <see cref="MaxExpandedValues"/>
/// values (counted with aliases expanded).
/// </para>
/// </summary>
public static class YamlConfigReader
{
    /// <summary>
    /// Aliases share nodes, but labels, bindings and canonical forms walk them expanded: this cap
    /// keeps an alias bomb ("billion laughs") from exhausting memory. A benchmark file has hundreds.
    /// </summary>
    public const long MaxExpandedValues = 100_000;

    /// <summary>The largest benchmark file read (1 MiB); the shipped ones are under 4 KB. Also keeps a device file such as /dev/zero from being read forever.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>
    /// How deeply lists and mappings may nest (the top-level mapping is level 1; an alias counts as
    /// deep as what it stands for). The deepest shipped benchmark nests 7 levels; recursion over
    /// tens of thousands of levels would exhaust the stack and end the process.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>The longest scalar (key or value), in characters: labels, paths and identities copy values, so one huge value costs many times its size.</summary>
    public const int MaxScalarLength = 64 * 1024;

    public static ConfigNode ReadFile(string path) => Read(ReadText(path), Path.GetFullPath(path));

    /// <summary>A benchmark file's text, read no further than the cap (for whoever rewrites a benchmark before reading it, like `search --transfer`).</summary>
    public static string ReadText(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return ReadBounded(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(null, "", $"cannot read {full}: {e.Message}");
        }
    }

    /// <summary>The file's text (UTF-8 unless a byte-order mark says otherwise), read no further than one byte past the cap.</summary>
    private static string ReadBounded(string full)
    {
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[MaxFileBytes + 1];
        var length = 0;
        int read;
        // A device or pipe has no length to ask for in advance: count what it gives.
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0) length += read;
        if (length > MaxFileBytes)
            throw new ConfigException(null, "", $"{full} is larger than {MaxFileBytes / 1024 / 1024} MiB ({MaxFileBytes} bytes), the most a benchmark file may hold; is it the right file?");
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <param name="text">The YAML text.</param>
    /// <param name="file">The file name the locations carry.</param>
    public static ConfigNode Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxFileBytes)
            throw new ConfigException(null, "", $"{file} holds {text.Length} characters, more than the {MaxFileBytes} a benchmark file may hold; is it the right file?");
        return new Reader(text, file).Document();
    }

    /// <summary>One read: the parser, the anchors seen so far and the flow collections still open (for messages).</summary>
    private sealed class Reader(string text, string file)
    {
        private readonly Scanner scanner = new(new StringReader(text), skipComments: true);
        private readonly Dictionary<string, (ConfigNode Node, long Size, int Height)> anchors = new(StringComparer.Ordinal);
        private readonly Stack<(char Bracket, Mark Start)> openFlows = new();
        private long expanded;
        private bool aliased;

        public ConfigNode Document()
        {
            var parser = new Parser(scanner);
            try
            {
                parser.Consume<StreamStart>();
                if (parser.Accept<StreamEnd>(out _)) throw new ConfigException(new SourceLocation(file, 1, 1), "", "the file is empty: a benchmark needs at least datasets:, models: and losses:");
                parser.Consume<DocumentStart>();
                var root = ReadNode(parser, "", 0, out _);
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

        /// <param name="depth">How many lists and mappings enclose the node.</param>
        /// <param name="height">0 for a scalar, else 1 + the height of its deepest item (of what an alias stands for, for an alias).</param>
        private ConfigNode ReadNode(IParser parser, string path, int depth, out int height)
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    throw new ConfigException(Location(alias.Start), path, $"the alias *{alias.Value.Value} names no anchor before it");
                if (depth + target.Height > MaxDepth)
                    throw new ConfigException(Location(alias.Start), path,
                        $"the alias *{alias.Value.Value} stands for {target.Height} levels of lists and mappings, which here nest deeper than {MaxDepth} levels; a benchmark file needs a handful");
                aliased = true;
                Count(target.Size, alias.Start, path);
                height = target.Height;
                return target.Node;
            }
            var current = parser.Current!;
            CheckTag(current, path);
            if (current is SequenceStart or MappingStart && depth + 1 > MaxDepth)
                throw new ConfigException(Location(current.Start), path, $"lists and mappings nest deeper than {MaxDepth} levels here; a benchmark file needs a handful");
            var before = expanded;
            Count(1, current.Start, path);
            ConfigNode node;
            switch (current)
            {
                case Scalar scalar:
                    CheckLength(scalar, path);
                    parser.MoveNext();
                    node = new ConfigScalar(scalar.Value, Location(scalar.Start), IsQuoted(scalar));
                    height = 0;
                    break;
                case SequenceStart start:
                {
                    // The parser reads one event ahead, so a bracket is open from before the move past
                    // '[' until before the move past ']': a scanner error in between happens inside it.
                    var flow = start.Style == SequenceStyle.Flow;
                    if (flow) openFlows.Push(('[', start.Start));
                    parser.MoveNext();
                    var items = new List<ConfigNode>();
                    height = 1;
                    while (parser.Current is not SequenceEnd)
                    {
                        items.Add(ReadNode(parser, $"{path}[{items.Count}]", depth + 1, out var itemHeight));
                        height = Math.Max(height, 1 + itemHeight);
                    }
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
                    node = ReadMapping(parser, path, Location(start.Start), depth + 1, out height);
                    if (flow) openFlows.Pop();
                    parser.MoveNext();
                    break;
                }
                default:
                    throw new ConfigException(Location(current.Start), path, $"unexpected YAML {current.GetType().Name}");
            }
            if (current is NodeEvent { Anchor.IsEmpty: false } anchored) anchors[anchored.Anchor.Value] = (node, expanded - before, height);
            return node;
        }

        /// <param name="depth">The mapping's own level (1 for the top-level mapping).</param>
        private ConfigMapping ReadMapping(IParser parser, string path, SourceLocation location, int depth, out int height)
        {
            height = 1;
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
                CheckLength(key, path);
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
                entries.Add(new(key.Value, ReadNode(parser, keyPath, depth, out var valueHeight)));
                height = Math.Max(height, 1 + valueHeight);
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
            {
                throw new ConfigException(Location(at), path, aliased
                    ? $"the file expands (through its aliases) to more than {MaxExpandedValues} values; a benchmark file has hundreds"
                    : $"the file holds more than {MaxExpandedValues} values (scalars, lists and mappings); a benchmark file has hundreds");
            }
        }

        private void CheckLength(Scalar scalar, string path)
        {
            if (scalar.Value.Length > MaxScalarLength)
                throw new ConfigException(Location(scalar.Start), path, $"a value of {scalar.Value.Length} characters is longer than the {MaxScalarLength} a benchmark file allows");
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
