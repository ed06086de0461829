using LossBench.Sdk.Options;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LossBench.Host.Config;

/// <summary>
/// Reads YAML into the SDK's plain <see cref="ConfigNode"/> tree, every node with its file, line
/// and column. Plain data only: explicit tags are refused (nothing in a benchmark file may name a
/// type), duplicate keys are errors, anchors and aliases are resolved.
/// </summary>
public static class YamlConfigReader
{
    public static ConfigNode Read(string text, string file)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            var parser = new Parser(scanner);
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) throw new ConfigException(new SourceLocation(file, 1, 1), "", "the file is empty");
            parser.Consume<DocumentStart>();
            var anchors = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
            var root = ReadNode(parser, file, anchors, "");
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw new ConfigException(Location(parser.Current!.Start, file), "", "the file holds more than one YAML document; put the benchmark in one");
            return root;
        }
        catch (YamlException e)
        {
            throw new ConfigException(Location(e.Start, file), "", "malformed YAML: " + Simplify(e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some broken flow collections (an unclosed '[' before a key).
            throw new ConfigException(Location(scanner.CurrentPosition, file), "", "malformed YAML: an unclosed flow collection ('[' or '{') or a key inside one");
        }
    }

    private static ConfigNode ReadNode(IParser parser, string file, Dictionary<string, ConfigNode> anchors, string path)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new ConfigException(Location(alias.Start, file), path, $"the alias *{alias.Value.Value} names no anchor");
        }
        var current = parser.Current!;
        if (current is NodeEvent { Tag.IsEmpty: false } tagged && !IsImplicitTag(tagged))
            throw new ConfigException(Location(current.Start, file), path, $"the tag {tagged.Tag.Value} is not allowed: a benchmark file holds plain values only");
        ConfigNode node;
        string? anchor = (current as NodeEvent)?.Anchor.IsEmpty == false ? ((NodeEvent)current).Anchor.Value : null;
        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                node = new ConfigScalar(scalar.Value, Location(scalar.Start, file), scalar.Style is not ScalarStyle.Plain);
                break;
            case SequenceStart start:
            {
                parser.MoveNext();
                var items = new List<ConfigNode>();
                while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, file, anchors, $"{path}[{items.Count}]"));
                node = new ConfigSequence(items, Location(start.Start, file));
                break;
            }
            case MappingStart start:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<string, ConfigNode>>();
                var lines = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (parser.Current is not Scalar key)
                        throw new ConfigException(Location(parser.Current!.Start, file), path, "a mapping key must be a plain name, not a list or mapping");
                    parser.MoveNext();
                    var keyLocation = Location(key.Start, file);
                    var keyPath = path.Length == 0 ? key.Value : path + "." + key.Value;
                    if (lines.TryGetValue(key.Value, out var first))
                        throw new ConfigException(keyLocation, keyPath, $"the key '{key.Value}' appears twice (first at line {first.Line})");
                    lines[key.Value] = keyLocation;
                    entries.Add(new(key.Value, ReadNode(parser, file, anchors, keyPath)));
                }
                node = new ConfigMapping(entries, Location(start.Start, file));
                break;
            }
            default:
                throw new ConfigException(Location(current.Start, file), path, $"unexpected YAML {current.GetType().Name}");
        }
        if (anchor is not null) anchors[anchor] = node;
        return node;
    }

    /// <summary>The core schema's own tags (!!str, !!int...) only say what a plain scalar already is.</summary>
    private static bool IsImplicitTag(NodeEvent node) =>
        node.Tag.Value is "tag:yaml.org,2002:str" or "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float" or "tag:yaml.org,2002:bool"
            or "tag:yaml.org,2002:null" or "tag:yaml.org,2002:seq" or "tag:yaml.org,2002:map" or "!";

    private static SourceLocation Location(Mark mark, string file) => new(file, (int)mark.Line, (int)mark.Column);

    /// <summary>YamlDotNet prefixes its messages with the position, which the location already gives.</summary>
    private static string Simplify(string message)
    {
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }
}
