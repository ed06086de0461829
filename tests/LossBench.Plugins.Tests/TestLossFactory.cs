using LossBench.Plugins.Losses;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;

namespace LossBench.Plugins.Tests;

/// <summary>An <see cref="ILossFactory"/> over the built-in losses, for testing composite losses without the host.</summary>
internal sealed class TestLossFactory : ILossFactory
{
    public ILoss Create(ConfigNode entry, string path)
    {
        var mapping = (ConfigMapping)entry;
        var (name, value) = mapping.Entries[0];
        var options = value as ConfigMapping;
        return name switch
        {
            "bce" => new BceLoss(),
            "dice" => new DiceLoss(OptionsBinder.Bind<OverlapOptions>(options, path)),
            "focal" => new FocalLoss(OptionsBinder.Bind<FocalOptions>(options, path)),
            "gce" => new GceLoss(OptionsBinder.Bind<GceOptions>(options, path)),
            _ => throw new OptionsBindingException(path, entry.Location, $"no loss plugin is named '{name}'"),
        };
    }

    /// <summary>Parses the flow style used in the tests: lists [..], mappings { k: v }, scalars.</summary>
    public static ConfigNode ParseFlow(string text)
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
