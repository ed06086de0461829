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
    public void TooManyValuesWithoutAliasesAreCountedWithoutBlamingAliases()
    {
        // The root mapping and the list are values 1 and 2, so item i is value 3 + i: item 99,998 is the
        // 100,001st. "seeds: [" is 8 characters and each "0, " 3, so item i starts at column 9 + 3 i.
        var error = Fails("seeds: [" + string.Concat(Enumerable.Repeat("0, ", 100_001)) + "0]\n");
        Assert.Equal("the file holds more than 100000 values (scalars, lists and mappings); a benchmark file has hundreds",
            error.At(1, 9 + 3 * 99_998, "seeds[99998]"));
    }

    [Fact]
    public void TenThousandNestedListsAreRefusedAtTheSixtyFifthLevel()
    {
        // The top-level mapping is level 1, so the k-th '[' opens level k + 1: the 64th, at column 7 + 64, opens level 65.
        // Deeper nesting used to recurse once per level and could end the process with a stack overflow.
        var error = Fails("seeds: " + new string('[', 10_000) + new string(']', 10_000) + "\n");
        Assert.Equal("lists and mappings nest deeper than 64 levels here; a benchmark file needs a handful",
            error.At(1, 71, "seeds" + string.Concat(Enumerable.Repeat("[0]", 63))));
    }

    [Fact]
    public void TenThousandNestedMappingsAreRefusedAtTheSixtyFifthLevel()
    {
        // "x: " then "{a: " per level: the k-th '{' is at column 4 + 4 (k - 1) and opens level k + 1.
        var error = Fails("x: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000) + "\n");
        Assert.Contains("nest deeper than 64 levels", error.At(1, 4 + 4 * 63, "x" + string.Concat(Enumerable.Repeat(".a", 63))));
    }

    [Fact]
    public void IndentedNestingCountsLikeBrackets()
    {
        // Line j + 1 is the key kj indented by 2 j; the mapping under kj starts at line j + 2, column 2 j + 3, at level j + 2.
        static string Indented(int levels) => string.Concat(Enumerable.Range(0, levels).Select(j => $"{new string(' ', 2 * j)}k{j}:\n")) + new string(' ', 2 * levels) + "v: 1\n";
        // 63 keys: the innermost mapping (v) is level 64, the deepest allowed.
        var root = Read(Indented(63));
        for (var j = 0; j < 63; j++) root = Assert.IsType<ConfigMapping>(((ConfigMapping)root)[$"k{j}"]);
        Assert.Equal("1", Assert.IsType<ConfigScalar>(((ConfigMapping)root)["v"]).Text);
        // 64 keys: the mapping under k63 is level 65.
        Assert.Contains("nest deeper than 64 levels", Fails(Indented(64)).At(65, 129, string.Join(".", Enumerable.Range(0, 64).Select(j => $"k{j}"))));
    }

    [Fact]
    public void AnAliasCountsAsDeepAsWhatItStandsFor()
    {
        // Line 1 anchors 30 nested lists (height 30). On line 2 the alias sits inside the root and 33 lists
        // (enclosing depth 34): 34 + 30 = 64 is allowed. On line 3 inside 34 lists: 65 is not. "b: " is 3
        // characters, so the alias after 34 '[' is at column 38.
        var deep = "a: &d " + new string('[', 30) + new string(']', 30) + "\n";
        var within = Assert.IsType<ConfigMapping>(Read(deep + "b: " + new string('[', 33) + "*d" + new string(']', 33) + "\n"));
        Assert.NotNull(within["b"]);
        var error = Fails(deep + "b: " + new string('[', 34) + "*d" + new string(']', 34) + "\n");
        Assert.Equal("the alias *d stands for 30 levels of lists and mappings, which here nest deeper than 64 levels; a benchmark file needs a handful",
            error.At(2, 38, "b" + string.Concat(Enumerable.Repeat("[0]", 34))));
    }

    [Fact]
    public void ScalarsLongerThanTheCapAreRefusedKeysToo()
    {
        const int Cap = 65_536;
        var length = Cap + 1;
        Assert.Equal($"a value of {length} characters is longer than the {Cap} a benchmark file allows",
            Fails("name: " + new string('x', length) + "\n").At(1, 7, "name"));
        // An explicit key ("? "): an implicit one stops at 1024 characters in YAML itself.
        Assert.Contains($"a value of {length} characters", Fails("a: 1\n? " + new string('k', length) + "\n: 1\n").At(2, 3, ""));
        // At the cap it is a value like any other.
        Assert.Equal(Cap, Assert.IsType<ConfigScalar>(((ConfigMapping)Read("name: " + new string('x', Cap) + "\n"))["name"]).Text.Length);
    }

    [Fact]
    public void AFileOverOneMebibyteIsRefusedNamingTheFileAndTheCap()
    {
        var folder = Directory.CreateTempSubdirectory("lossbench-yaml-").FullName;
        try
        {
            // A valid benchmark padded with a comment to exactly 1 MiB is read; one byte more is refused.
            var head = "name: padded\n#";
            var exact = Path.Combine(folder, "exact.yaml");
            System.IO.File.WriteAllText(exact, head + new string('x', (1 << 20) - head.Length - 1) + "\n");
            Assert.Equal(1 << 20, new FileInfo(exact).Length);
            Assert.Equal("padded", ((ConfigScalar)((ConfigMapping)YamlConfigReader.ReadFile(exact))["name"]!).Text);

            var over = Path.Combine(folder, "over.yaml");
            System.IO.File.WriteAllText(over, head + new string('x', 1 << 20) + "\n");
            var error = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadFile(over));
            Assert.Null(error.Location);
            Assert.Equal($"{over} is larger than 1 MiB (1048576 bytes), the most a benchmark file may hold; is it the right file?", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AnEndlessDeviceIsReadOnlyUpToTheCap()
    {
        // /dev/zero reports no length and never ends: the file used to be read until memory ran out.
        if (!OperatingSystem.IsLinux()) return; // the tool's platform; elsewhere there may be no /dev/zero
        var error = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadFile("/dev/zero"));
        Assert.Equal("/dev/zero is larger than 1 MiB (1048576 bytes), the most a benchmark file may hold; is it the right file?", error.Message);
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
