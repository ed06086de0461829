using Xunit;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using LossBench.Sdk.Options;

namespace LossBench.Host.Tests.Config;

public sealed class OptionsBinderTests
{
    public enum Norm { L2, LInf }

    public sealed record Inner
    {
        public int Steps { get; init; } = 3;
    }

    public sealed record Sample : IValidatableObject
    {
        [Description("focusing parameter"), Range(0.0, 5.0)]
        public double Gamma { get; init; } = 2;
        public int? Bins { get; init; }
        public bool Enabled { get; init; } = true;
        public Norm Norm { get; init; } = Norm.LInf;
        public IReadOnlyList<double> Eps { get; init; } = [0.1, 0.2];
        public string Split { get; init; } = "test";
        public Inner Attack { get; init; } = new();
        public int Low { get; init; }
        public int High { get; init; } = 10;

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Low > High) yield return new ValidationResult($"low ({Low}) must not exceed high ({High})", [nameof(Low)]);
        }
    }

    private static ConfigScalar At(string text, int line, bool quoted = false) => new(text, new SourceLocation("b.yaml", line, 7), quoted);

    private static ConfigMapping Map(params (string Key, ConfigNode Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, ConfigNode>(e.Key, e.Value)).ToArray(), new SourceLocation("b.yaml", 1, 1));

    [Fact]
    public void DefaultsComeFromTheRecordAndKeysAreKebabCase()
    {
        var bound = OptionsBinder.Bind<Sample>(null, "losses[0].sample");
        var expected = new Sample();
        Assert.Equal(expected, bound with { Eps = expected.Eps });
        Assert.Equal([0.1, 0.2], bound.Eps);
        Assert.Equal(2, bound.Gamma);

        bound = OptionsBinder.Bind<Sample>(Map(("gamma", At("0.5", 2)), ("bins", At("15", 3)), ("enabled", At("false", 4)), ("norm", At("l2", 5)),
            ("eps", new ConfigSequence([At("0.05", 6), At("1e-1", 6)])), ("split", At("ood", 7)),
            ("attack", Map(("steps", At("40", 8))))), "e");
        Assert.Equal(0.5, bound.Gamma);
        Assert.Equal(15, bound.Bins);
        Assert.False(bound.Enabled);
        Assert.Equal(Norm.L2, bound.Norm);
        Assert.Equal([0.05, 0.1], bound.Eps);
        Assert.Equal("ood", bound.Split);
        Assert.Equal(40, bound.Attack.Steps);
    }

    [Theory]
    [InlineData("gamma", "abc", "number")]
    [InlineData("bins", "1.5", "integer or null")]
    [InlineData("enabled", "yes please", "boolean (true or false)")]
    [InlineData("norm", "l1", "one of: l2, l-inf")]
    public void AWrongTypeNamesThePathLineAndExpectedType(string key, string text, string expected)
    {
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map((key, At(text, 12))), "losses[2].focal"));
        Assert.Equal($"losses[2].focal.{key}", error.OptionPath);
        Assert.Equal(new SourceLocation("b.yaml", 12, 7), error.Location);
        Assert.StartsWith($"b.yaml:12:7: losses[2].focal.{key}: expected {expected}, got '{text}'", error.Message);
    }

    [Fact]
    public void AQuotedNumberIsAStringNotANumber()
    {
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("gamma", At("2", 3, quoted: true))), "x"));
        Assert.Contains("x.gamma: expected number, got '2'", error.Message);
    }

    [Fact]
    public void ListItemsAndNestedOptionsHaveTheirOwnPath()
    {
        var list = Assert.Throws<OptionsBindingException>(() =>
            OptionsBinder.Bind<Sample>(Map(("eps", new ConfigSequence([At("0.1", 4), At("big", 5)]))), "evaluations[0].fgsm"));
        Assert.Equal("evaluations[0].fgsm.eps[1]", list.OptionPath);
        Assert.Equal(5, list.Location!.Line);

        var nested = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("attack", Map(("steps", At("many", 9))))), "e"));
        Assert.Equal("e.attack.steps", nested.OptionPath);
        Assert.Contains("expected integer", nested.Message);

        var shape = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("eps", At("0.1", 4))), "e"));
        Assert.Contains("e.eps: expected list of number, got '0.1'", shape.Message);
    }

    [Fact]
    public void AnUnknownKeySuggestsTheNearestOption()
    {
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("gama", At("1", 6))), "losses[1].focal"));
        Assert.Equal("losses[1].focal.gama", error.OptionPath);
        Assert.Contains("unknown option 'gama' (did you mean 'gamma'?)", error.Message);
        Assert.Contains("known options: attack, bins, enabled, eps, gamma, high, low, norm, split", error.Message);
    }

    [Fact]
    public void ValidationNamesTheKeyAndTheRule()
    {
        var range = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("gamma", At("7", 3))), "losses[0].focal"));
        Assert.Equal("losses[0].focal.gamma", range.OptionPath);
        Assert.Equal(3, range.Location!.Line);
        Assert.Contains("between 0 and 5", range.Message);
        Assert.DoesNotContain("Gamma", range.Message);

        var cross = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("low", At("11", 4))), "d"));
        Assert.Equal("d.low", cross.OptionPath);
        Assert.Contains("low (11) must not exceed high (10)", cross.Message);
    }

    [Fact]
    public void NullClearsANullableOptionAndIsRefusedForOthers()
    {
        Assert.Null(OptionsBinder.Bind<Sample>(Map(("bins", At("~", 2))), "x").Bins);
        var error = Assert.Throws<OptionsBindingException>(() => OptionsBinder.Bind<Sample>(Map(("gamma", At("", 2))), "x"));
        Assert.Contains("x.gamma: expected number, got null", error.Message);
    }

    [Fact]
    public void TheSchemaDescribesKeysTypesDefaultsAndConstraints()
    {
        var schema = OptionsSchema.Describe(typeof(Sample)).ToDictionary(o => o.Key);
        Assert.Equal(new OptionInfo("gamma", "number", "2", "focusing parameter", "in [0, 5]"), schema["gamma"]);
        Assert.Equal("integer or null", schema["bins"].Type);
        Assert.Equal("null", schema["bins"].Default);
        Assert.Equal("l-inf", schema["norm"].Default);
        Assert.Equal("[0.1, 0.2]", schema["eps"].Default);
        Assert.Equal("list of number", schema["eps"].Type);
    }

    [Theory]
    [InlineData("LabelSmoothing", "label-smoothing")]
    [InlineData("EceBins", "ece-bins")]
    [InlineData("ECEBins", "ece-bins")]
    [InlineData("MaxL2Norm", "max-l2-norm")]
    [InlineData("Gamma", "gamma")]
    public void KebabCaseFollowsWordBoundaries(string name, string expected) => Assert.Equal(expected, KebabCase.From(name));

    [Fact]
    public void NameSuggesterFindsTyposAndIgnoresStrangers()
    {
        Assert.Equal("cross-entropy", NameSuggester.Nearest("cross-entropi", ["bce", "cross-entropy", "focal"]));
        Assert.Equal("focal", NameSuggester.Nearest("fcoal", ["bce", "cross-entropy", "focal"])); // one transposition
        Assert.Null(NameSuggester.Nearest("wasserstein", ["bce", "cross-entropy", "focal"]));
        Assert.Equal(3, NameSuggester.Distance("kitten", "sitting"));
    }

    [Fact]
    public void NameSuggesterDoesNotCompareTwoHugeNames()
    {
        // The distance table costs the product of the lengths: two 100,000-character values (a mistyped label
        // of a long formula) would be 40 GB. Such pairs are not compared; short ones still are.
        var huge = new string('a', 100_000);
        Assert.Null(NameSuggester.Nearest(huge, [huge[1..] + "b", "focal"]));
        Assert.Equal("focal", NameSuggester.Nearest("fcoal", [huge, "focal"]));
    }
}
