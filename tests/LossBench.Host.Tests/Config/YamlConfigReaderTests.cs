using LossBench.Host.Config;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Config;

public sealed class YamlConfigReaderTests
{
    private const string File = ConfigText.File;

    private static ConfigNode Read(string yaml) => YamlConfigReader.Read(yaml, File);

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Read(yaml));

    private static SourceLocation At(int line, int column) => new(File, line, column);

    [Fact]
    public void EveryNodeCarriesItsFileLineAndColumn()
    {
        var root = Assert.IsType<ConfigMapping>(Read(
            "name: x\n" +                        // line 1: the value x at column 7
            "seeds: [3, 14]\n" +                 // line 2: '[' at 8, 3 at 9, 14 at 12
            "losses:\n" +                        // line 3
            "  - focal: { gamma: \"2\" }\n"));  // line 4: '-' at 3, focal at 5, '{' at 12, "2" at 21

        Assert.Equal(At(1, 1), root.Location);
        Assert.Equal(["name", "seeds", "losses"], root.Entries.Select(e => e.Key));
        Assert.Equal(new ConfigScalar("x", At(1, 7), IsQuoted: false), root["name"]);

        var seeds = Assert.IsType<ConfigSequence>(root["seeds"]);
        Assert.Equal(At(2, 8), seeds.Location);
        Assert.Equal([At(2, 9), At(2, 12)], seeds.Items.Select(i => i.Location));
        Assert.Equal(["3", "14"], seeds.Items.Cast<ConfigScalar>().Select(s => s.Text));

        // A block sequence starts at its first '-'; a block mapping at its first key.
        var losses = Assert.IsType<ConfigSequence>(root["losses"]);
        Assert.Equal(At(4, 3), losses.Location);
        var focal = Assert.IsType<ConfigMapping>(Assert.Single(losses.Items));
        Assert.Equal(At(4, 5), focal.Location);
        var options = Assert.IsType<ConfigMapping>(focal["focal"]);
        Assert.Equal(At(4, 12), options.Location);
        Assert.Equal(new ConfigScalar("2", At(4, 21), IsQuoted: true), options["gamma"]);
    }

    [Fact]
    public void QuotedBlockAndStringTaggedScalarsAreText()
    {
        var root = Assert.IsType<ConfigMapping>(Read("a: 'single'\nb: |\n  block\nc: !!str 2\nd: ! 3\ne: !!int 4\nf: plain\ng:\n"));
        Assert.Equal([true, true, true, true, false, false, false], root.Entries.Select(e => ((ConfigScalar)e.Value).IsQuoted));
        Assert.Equal("block\n", ((ConfigScalar)root["b"]!).Text);
        Assert.True(((ConfigScalar)root["g"]!).IsNull);
    }

    [Theory]
    // Line 2 opens '[' at column 8 and never closes it: the key on line 3 cannot continue the list,
    // and the scanner stops at the start of that line.
    [InlineData("name: x\nseeds: [0, 1\nmodels: [mlp]\n", 3, 1, "malformed YAML: the '[' at line 2, column 8 is not closed")]
    // The text ends inside the list opened at line 1, column 8: the parser stops at the end (line 2, column 1).
    [InlineData("seeds: [0, 1\n", 2, 1, "malformed YAML: While parsing a flow sequence, did not find expected ',' or ']' (the '[' at line 1, column 8 is still open)")]
    // Same for a flow mapping opened at line 1, column 11.
    [InlineData("training: { epochs: 2\n", 2, 1, "malformed YAML: While parsing a flow mapping, did not find expected ',' or '}' (the '{' at line 1, column 11 is still open)")]
    // A quoted scalar that starts at line 1, column 7 and never ends.
    [InlineData("name: \"abc\n", 1, 7, "malformed YAML: While scanning a quoted scalar, found unexpected end of stream")]
    // "  seeds: 1" continues the plain scalar x, where the ':' at line 2, column 8 cannot stand.
    [InlineData("name: x\n  seeds: 1\n", 2, 8, "malformed YAML: While scanning a plain scalar value, found invalid mapping")]
    // The tab that starts line 2.
    [InlineData("training:\n\tepochs: 2\n", 2, 1, "indent with spaces")]
    public void MalformedYamlNamesTheLineAndColumnAndWhatIsOpen(string yaml, int line, int column, string problem)
    {
        var error = Fails(yaml);
        Assert.Equal(At(line, column), error.Location);
        Assert.Equal("", error.ConfigPath);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"{File}:{line}:{column}: malformed YAML", error.Message);
    }

    [Fact]
    public void ADuplicateKeyNamesBothPlaces()
    {
        // seeds is first at line 4 and again at line 5, both at column 1.
        var block = Fails(ConfigText.Minimal + "seeds: [0]\nseeds: [1]\n");
        Assert.Equal("the key 'seeds' is given twice (first at line 4, column 1)", block.At(5, 1, "seeds"));

        // In a flow mapping: '{' at column 7 of line 3, gamma at columns 9 and 19.
        var flow = Fails("losses:\n  - focal:\n      { gamma: 1, gamma: 2 }\n");
        Assert.Equal("the key 'gamma' is given twice (first at line 3, column 9)", flow.At(3, 19, "losses[0].focal.gamma"));
    }

    [Theory]
    // A tag on a value: at the tag, line 1 column 7.
    [InlineData("name: !!python/object:os.system x\n", 1, 7, "name", "!!python/object:os.system")]
    [InlineData("name: !foo x\n", 1, 7, "name", "!foo")]
    // A tag on a key: at the key's tag, line 2 column 1.
    [InlineData("name: x\n!!python/object/apply:os.system key: 3\n", 2, 1, "key", "!!python/object/apply:os.system")]
    // A tag on a nested mapping: the '!' after "  - focal: ", line 2 column 12.
    [InlineData("losses:\n  - focal: !!python/object:x { gamma: 1 }\n", 2, 12, "losses[0].focal", "!!python/object:x")]
    [InlineData("a: !!binary aGVsbG8=\n", 1, 4, "a", "!!binary")]
    public void ExplicitTagsAreRefusedWherever(string yaml, int line, int column, string path, string tag)
    {
        var error = Fails(yaml);
        Assert.Equal($"the tag {tag} is not allowed: a benchmark file holds plain values only", error.At(line, column, path));
    }

    [Fact]
    public void ExactlyOneDocumentIsRead()
    {
        Assert.Contains("the file is empty", Fails("").At(1, 1, ""));
        Assert.Contains("the file is empty", Fails("# only a comment\n\n").At(1, 1, ""));
        // The second document starts with the '---' on line 2.
        Assert.Contains("more than one YAML document", Fails("a: 1\n---\nb: 2\n").At(2, 1, ""));
        Assert.IsType<ConfigMapping>(Read("---\na: 1\n...\n"));
    }

    [Fact]
    public void AnchorsAndAliasesResolveToPlainValues()
    {
        var root = Assert.IsType<ConfigMapping>(Read("base: &lr { lr: 0.1 }\nsgd: *lr\n"));
        Assert.Same(root["base"], root["sgd"]);

        // The alias on line 1 at column 9 comes before any anchor of that name.
        Assert.Equal("the alias *x names no anchor before it", Fails("a: &x [ *x ]\n").At(1, 9, "a[0]"));
    }

    [Fact]
    public void AnAliasBombIsStoppedBeforeItGrows()
    {
        // Each line multiplies by ten: a is 11 values (the list and its items), b 111, c 1,111,
        // d 11,111, and with the root that is 12,345. Line 5 (e) adds 1 and then 11,111 per alias:
        // its eighth alias (e[7]) passes 100,000. "e: &e [" is 7 characters and each "*d, " 4, so
        // e[7] starts at column 8 + 4 * 7 = 36.
        var lines = new[] { "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]" }
            .Concat("bcdef".Select((name, i) => $"{name}: &{name} [{string.Join(", ", Enumerable.Repeat("*" + "abcdef"[i], 10))}]"));
        var error = Fails(string.Join("\n", lines) + "\n");
        Assert.Contains($"more than {YamlConfigReader.MaxExpandedValues} values", error.At(5, 36, "e[7]"));
    }

    [Fact]
    public void KeysArePlainNames()
    {
        // An explicit key '? ' holding a list: the list starts at line 1, column 3.
        Assert.Equal("a mapping key must be a plain name, not a list", Fails("? [a, b]\n: 1\n").At(1, 3, ""));
        // A merge key at line 2, column 1.
        Assert.Contains("merge keys (<<: *anchor) are not supported", Fails("base: &b { lr: 1 }\n<<: *b\n").At(2, 1, "<<"));
    }

    [Fact]
    public void AMissingFileIsAConfigError()
    {
        var path = Path.Combine(Path.GetTempPath(), "lossbench-missing-" + Guid.NewGuid().ToString("N"), "benchmarks.yaml");
        var error = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadFile(path));
        Assert.Null(error.Location);
        Assert.StartsWith($"cannot read {path}: ", error.Message);
    }
}
