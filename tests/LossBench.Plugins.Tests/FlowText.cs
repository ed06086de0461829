
namespace LossBench.Plugins.Tests;

/// <summary>The flow style the plugin tests write entries in: lists [..], mappings { k: v }, scalars (the host reads real YAML).</summary>
internal static class FlowText
{
    /// <summary>Parses the flow style used in the tests: lists [..], mappings { k: v }, scalars.</summary>
    public static ConfigNode Parse(string text)
    {
        var position = 0;
        var node = Parse(text, ref position);
        return node;
    }

    private static ConfigNode Parse(string text, ref int i)
    {
        Skip(text, ref i);
        if (text[i] == '[')
        {
            i++;
            var items = new List<ConfigNode>();
            while (true)
            {
                Skip(text, ref i);
                if (text[i] == ']') { i++; return new ConfigSequence(items); }
                items.Add(Parse(text, ref i));
                Skip(text, ref i);
                if (text[i] == ',') i++;
            }
        }
        if (text[i] == '{')
        {
            i++;
            var entries = new List<KeyValuePair<string, ConfigNode>>();
            while (true)
            {
                Skip(text, ref i);
                if (text[i] == '}') { i++; return new ConfigMapping(entries); }
                var key = Scalar(text, ref i);
                Skip(text, ref i);
                i++; // ':'
                entries.Add(new(key, Parse(text, ref i)));
                Skip(text, ref i);
                if (text[i] == ',') i++;
            }
        }
        return new ConfigScalar(Scalar(text, ref i));
    }

    private static string Scalar(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && text[i] is not (',' or ']' or '}' or ':')) i++;
        return text[start..i].Trim();
    }

    private static void Skip(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }
}
