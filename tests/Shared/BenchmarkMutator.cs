using System.Globalization;

namespace LossBench.Tests.Fuzz;

/// <summary>
/// Seeded random mutations of benchmark files and random `expr` formulas, shared by the fuzz tests
/// of the reader and loader (many cheap cases) and of the `plan` command (fewer, end to end). Every
/// mutation is recorded in words, so that a failing case can be described and rebuilt.
/// </summary>
internal static class BenchmarkMutator
{
    /// <summary>A small, valid benchmark the formula cases and some YAML cases start from: a tiny MLP, nothing to download.</summary>
    public const string Small = """
        name: fuzz
        seeds: [0, 1]
        device: cpu
        threads: 1
        datasets:
          - synthetic: { classes: 3, size: 8, channels: 1, train: 64, test: 32 }
        models:
          - mlp: { hidden: [8] }
        losses:
          - cross-entropy
          - focal: { gamma: [1, 2] }
          - combo: { terms: [ { bce: {}, weight: 1 }, { dice: {}, weight: 0.5 } ] }
        augmentations: [none, flip]
        training: { epochs: 1, batch-size: 16, optimizer: { sgd: { lr: 0.1 } }, schedule: cosine }
        evaluations:
          - clean
          - clean: { split: "corrupt:blur@2" }
        report:
          baseline: cross-entropy
          tables:
            - { metric: clean.accuracy, rows: loss, columns: augmentation }
        exclude:
          - { loss: "focal(gamma=2)", augmentation: flip }
        """;

    /// <summary>The formula cases' benchmark: one cell, the smallest plan there is, so that the budget goes to formulas.</summary>
    public const string OneLoss = """
        name: formula
        device: cpu
        datasets:
          - synthetic: { classes: 3, size: 8, train: 16, test: 8 }
        models:
          - mlp: { hidden: [4] }
        training: { batch-size: 8 }
        losses:

        """;

    /// <summary>
    /// The repository's benchmark files (copied beside the test assembly under fuzz-seeds/), then <see cref="Small"/> and a
    /// variant of it with anchors and aliases. bench/eviction/benchmark.yaml is left out: `plan` loads its CIFAR-sized data
    /// sets to count steps, seconds per case.
    /// </summary>
    public static IReadOnlyList<(string Name, string Text)> SeedFiles()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "fuzz-seeds");
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => (Path.GetRelativePath(folder, f), File.ReadAllText(f))).ToList()
            : [];
        if (files.Count < 5) throw new InvalidOperationException($"the repository's benchmark files were not copied to {folder}");
        files.Add(("Small", Small));
        files.Add(("Anchors", Small
            .Replace("seeds: [0, 1]", "seeds: &seeds [0, 1]", StringComparison.Ordinal)
            .Replace("  - focal: { gamma: [1, 2] }", "  - focal: &gammas { gamma: [1, 2] }\n  - sigmoid-focal: *gammas", StringComparison.Ordinal)
            .Replace("  - clean\n", "  - clean: &test { split: test }\n  - noise: *test\n", StringComparison.Ordinal)));
        return files;
    }

    /// <summary>One to three mutations of <paramref name="text"/> (mostly one, so that many cases get past the reader), each described in <paramref name="steps"/>.</summary>
    public static string MutateSome(string text, Random random, IReadOnlyList<(string Name, string Text)> donors, List<string> steps)
    {
        var count = random.Next(3) == 0 ? 2 + random.Next(2) : 1;
        for (var m = 0; m < count; m++) text = Mutate(text, random, donors, steps);
        return text;
    }

    /// <summary>The benchmark <see cref="OneLoss"/> with <paramref name="formula"/> as its one loss, single-quoted (a quote written twice; line breaks become spaces).</summary>
    public static string WithFormula(string formula) =>
        OneLoss + $"  - expr: {{ formula: '{formula.Replace("'", "''", StringComparison.Ordinal).ReplaceLineEndings(" ")}' }}\n";

    public static string Show(string token) => token.Length <= 40 ? $"'{token}'" : $"'{token[..40]}...' ({token.Length} characters)";

    // ---- YAML mutations ----

    private static readonly string[] Tokens =
    [
        "", "~", "null", "true", "false", "yes", "0", "-1", "-0", "1e400", "-1e400", "1e-400", "99999999999999999999999999", "18446744073709551616",
        "9223372036854775807", "-9223372036854775808", "2147483648", "0x1F", "0o17", "1_000", ".nan", ".NaN", "NaN", ".inf", "-.inf", "Infinity",
        "0.1.2", "1e", "'", "\"", "''", "\"\\u0000\"", "[", "]", "{", "}", "[]", "{}", ":", "- ", "-", "?", "#", ",", "|", ">", "%YAML 1.1", "---", "...",
        "&a", "*a", "&a [1, 2]", "*missing", "!!str 1", "!!python/object/apply:os.system [ls]", "!local x", "!<tag:x> y", "<<", "<<: *a",
        "ü", "日本語", "\u202e\u202d", "🔥", "\u00a0", "\t", "a\tb", "é\u0301", "\ufeff", "../..", "/etc/passwd", "../../outside", ".", "..",
        "cuda:99", "cuda:-1", "auto", "cpu", "corrupt:blur@9", "corrupt:nothing@1", "ood", "train", "test",
        "cross-entropy", "focal", "expr", "combo", "shortcut", "idx", "cifar10", "synthetic", "mnist-10k", "mlp", "cnn-small", "wide-resnet", "resnet",
        "flip", "mixup", "cutmix", "rand-augment", "chain", "clean", "fgsm", "pgd", "deepfool", "curvature", "detect", "connectivity", "noise",
        "{ gamma: [1, 2, 3] }", "[[1], [2, 3]]", "{ of: [flip, crop] }", "{ terms: [] }", "{ base: { shortcut: {} } }", "{ formula: '(((y' }",
    ];

    public static string Mutate(string text, Random random, IReadOnlyList<(string Name, string Text)> seeds, List<string> steps)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count == 0) lines.Add("");
        int At() => random.Next(lines.Count);
        switch (random.Next(14))
        {
            case 0:
            {
                var i = At();
                steps.Add($"delete line {i + 1}");
                lines.RemoveAt(i);
                break;
            }
            case 1:
            {
                var i = At();
                steps.Add($"duplicate line {i + 1}");
                lines.Insert(i, lines[i]);
                break;
            }
            case 2:
            {
                var (i, j) = (At(), At());
                steps.Add($"swap lines {i + 1} and {j + 1}");
                (lines[i], lines[j]) = (lines[j], lines[i]);
                break;
            }
            case 3:
            {
                var i = At();
                var shift = random.Next(-4, 5);
                steps.Add($"indent line {i + 1} by {shift}");
                var indent = lines[i].Length - lines[i].TrimStart(' ').Length;
                lines[i] = new string(' ', Math.Max(0, indent + shift)) + lines[i].TrimStart(' ');
                break;
            }
            case 4:
            {
                var i = At();
                steps.Add($"tab-indent line {i + 1}");
                lines[i] = "\t" + lines[i];
                break;
            }
            case 5 or 6 or 7:
            {
                var token = Tokens[random.Next(Tokens.Length)];
                var i = At();
                steps.Add($"replace a scalar on line {i + 1} with {Show(token)}");
                lines[i] = ReplaceScalar(lines[i], token, random);
                break;
            }
            case 8:
            {
                var depth = random.Next(2) == 0 ? random.Next(30, 80) : random.Next(500, 20_000);
                var i = At();
                var mapping = random.Next(2) == 0;
                var nested = mapping ? string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) : new string('[', depth) + new string(']', depth);
                steps.Add($"nest {depth} {(mapping ? "mappings" : "lists")} on line {i + 1}");
                lines[i] = ReplaceScalar(lines[i], nested, random);
                break;
            }
            case 9:
            {
                var i = At();
                var number = random.Next(4) switch
                {
                    0 => "1" + new string('0', random.Next(20, 400)),
                    1 => "-" + new string('9', random.Next(10, 40)),
                    2 => "1e" + random.Next(300, 100_000).ToString(CultureInfo.InvariantCulture),
                    _ => "0." + new string('0', random.Next(300, 1000)) + "1",
                };
                steps.Add($"a huge number on line {i + 1}");
                lines[i] = ReplaceScalar(lines[i], number, random);
                break;
            }
            case 10:
            {
                // An anchor on one value, an alias to it in another place (maybe before it, maybe itself).
                var (i, j) = (At(), At());
                steps.Add($"anchor on line {i + 1}, alias on line {j + 1}");
                lines[i] = AddBeforeValue(lines[i], "&x ");
                lines[j] = ReplaceScalar(lines[j], "*x", random);
                break;
            }
            case 11:
            {
                var i = At();
                var tag = new[] { "!!str ", "!!int ", "!!map ", "!!seq ", "!!binary ", "!custom ", "!!float " }[random.Next(7)];
                steps.Add($"tag {tag.Trim()} on line {i + 1}");
                lines[i] = AddBeforeValue(lines[i], tag);
                break;
            }
            case 12:
            {
                // A line from another benchmark file.
                var (name, other) = seeds[random.Next(seeds.Count)];
                var donor = other.Split('\n');
                var line = donor[random.Next(donor.Length)];
                var i = At();
                steps.Add($"insert line from {name} before line {i + 1}: {Show(line)}");
                lines.Insert(i, line);
                break;
            }
            default:
            {
                // A long sweep or a long list of values.
                var i = At();
                var count = random.Next(2) == 0 ? random.Next(50, 300) : random.Next(3000, 20_000);
                var list = "[" + string.Join(", ", Enumerable.Range(0, count).Select(k => (k * 0.001).ToString("R", CultureInfo.InvariantCulture))) + "]";
                steps.Add($"a list of {count} numbers on line {i + 1}");
                lines[i] = ReplaceScalar(lines[i], list, random);
                break;
            }
        }
        return string.Join('\n', lines);
    }

    /// <summary>Replaces the value after a line's first ': ' (or a list item's text, or the whole line) with <paramref name="value"/>.</summary>
    private static string ReplaceScalar(string line, string value, Random random)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0 && random.Next(4) > 0) return line[..(colon + 2)] + value;
        var dash = line.IndexOf("- ", StringComparison.Ordinal);
        if (dash >= 0 && line[..dash].Trim().Length == 0) return line[..(dash + 2)] + value;
        // Inside a flow collection: replace one word.
        var words = line.Split(' ');
        var k = random.Next(words.Length);
        words[k] = value;
        return string.Join(' ', words);
    }

    private static string AddBeforeValue(string line, string prefix)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 ? line[..(colon + 2)] + prefix + line[(colon + 2)..] : prefix + line;
    }

    // ---- formulas ----

    private static readonly string[] FormulaTokens =
    [
        "y", "p", "z", "b", "q", "x", "1", "0", "-1", "2.5", "1e308", "1e-320", "1e400", ".5", "5.", "1.2.3", "1e", "0x10", "NaN", "inf",
        "+", "-", "*", "/", "**", "^", "%", "(", ")", "(", ")", ",", " ", "  ", "\t", "'", "\"", "\\", "ü", "π", "日本", "🔥", "\u202e",
        "log", "exp", "sqrt", "max", "min", "safe_div", "div_sqrt", "bessel_i0", "sigmoid", "neg", "add", "lgo", "__", "_", "log(", "max(",
    ];

    public static (string Kind, string Formula) Formula(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                var count = random.Next(1, 40);
                var soup = string.Concat(Enumerable.Range(0, count).Select(_ => FormulaTokens[random.Next(FormulaTokens.Length)]));
                return ($"token soup {Show(soup)}", soup);
            }
            case 1:
            {
                var depth = random.Next(2) == 0 ? random.Next(150, 260) : random.Next(1000, 30_000);
                var open = new[] { "(", "-", "+", "-(", "exp(", "max(y, ", "log(" }[random.Next(7)];
                var close = open.EndsWith('(') || open.EndsWith(' ') ? ")" : "";
                return ($"{depth} x {Show(open)}", string.Concat(Enumerable.Repeat(open, depth)) + "p" + string.Concat(Enumerable.Repeat(close, depth)));
            }
            case 2:
            {
                var count = random.Next(2) == 0 ? random.Next(150, 260) : random.Next(1000, 20_000);
                var op = new[] { "+", "-", "*", "/", " - -" }[random.Next(5)];
                return ($"a chain of {count} '{op}'", string.Join(op, Enumerable.Repeat(random.Next(2) == 0 ? "y" : "p", count)));
            }
            case 3:
            {
                // Unbalanced: more opened than closed, or the other way.
                var open = random.Next(0, 300);
                var close = random.Next(0, 300);
                return ($"{open} '(' and {close} ')'", new string('(', open) + "y * log(p)" + new string(')', close));
            }
            case 4:
                return ("a valid formula", RandomTree(random, random.Next(1, 12)));
            default:
            {
                // A valid formula with one token changed.
                var formula = RandomTree(random, random.Next(2, 8));
                var k = random.Next(formula.Length);
                var changed = formula[..k] + FormulaTokens[random.Next(FormulaTokens.Length)] + formula[(k + 1)..];
                return ($"a changed formula {Show(changed)}", changed);
            }
        }
    }

    private static readonly string[] Unary = ["log", "exp", "abs", "sigmoid", "tanh", "sqrt", "square", "reciprocal", "softplus", "bessel_i1e", "relu", "erf"];
    private static readonly string[] Binary = ["max", "min", "safe_div", "div_sqrt"];

    public static string RandomTree(Random random, int budget)
    {
        if (budget <= 1)
            return random.Next(5) switch { 0 => "y", 1 => "p", 2 => "z", 3 => "b", _ => (random.NextDouble() * 4 - 2).ToString("0.###", CultureInfo.InvariantCulture) };
        return random.Next(4) switch
        {
            0 => $"{Unary[random.Next(Unary.Length)]}({RandomTree(random, budget - 1)})",
            1 => $"{Binary[random.Next(Binary.Length)]}({RandomTree(random, budget / 2)}, {RandomTree(random, budget - budget / 2)})",
            2 => $"({RandomTree(random, budget / 2)} {"+-*/"[random.Next(4)]} {RandomTree(random, budget - budget / 2)})",
            _ => $"-{RandomTree(random, budget - 1)}",
        };
    }
}
