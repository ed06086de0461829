using System.Runtime.Loader;
using System.Text.RegularExpressions;
using LossBench.Host.Plugins;
using LossBench.Host.Search;
using LossBench.Sdk.Expressions;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Sdk.Plugins;
using LossBench.Torch;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests.Search;

/// <summary>The search space is the `expr` plugin's language, taken from the loaded plugin.</summary>
public sealed class SearchSpaceTests
{
    private static ILoss Expr(string formula) =>
        BuiltInCatalog.Build<ILoss>(LossBench.Sdk.Plugins.PluginKind.Loss, "expr", ConfigMapping.Of(("formula", formula)));

    [Fact]
    public void The_search_space_is_the_set_of_functions_the_expr_plugin_parses()
    {
        var space = ExprSpace.Space;
        // The plugin's parser lists what a formula may call when it meets an unknown function.
        var error = Assert.ThrowsAny<Exception>(() => Expr("nosuch(y)"));
        var listed = Regex.Match(error.Message, "the functions are ([a-z0-9_, ]+)").Groups[1].Value.Split(", ");
        Assert.True(listed.Length > 20, error.Message);
        var callable = space.Unary.Concat(space.Binary).Where(f => f.Operator is null).Select(f => f.Name);
        Assert.Equal(listed.Order(StringComparer.Ordinal), callable.Order(StringComparer.Ordinal));
        // The rest are the four operators, written as symbols.
        Assert.Equal(["add", "sub", "mul", "div"], space.Binary.Where(f => f.Operator is not null).Select(f => f.Name));
        // Every function, written by the search, is a formula the plugin accepts.
        foreach (var function in space.Unary.Concat(space.Binary))
            Expr(space.Language.Format(function.Name, function.Arity == 1 ? ["p"] : ["y", "p"]));
        Assert.Equal(["y", "p", "1", "neg(1)"], space.LeafFormulas);
    }

    [Fact]
    public void The_language_is_built_from_the_loaded_expr_plugin_in_its_own_load_context()
    {
        var plugin = BuiltInCatalog.Catalog.Find(PluginKind.Loss, "expr");
        var language = ExprSpace.Space.Language.GetType();
        Assert.Same(plugin.ImplementationType.Assembly, language.Assembly);
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(language.Assembly));
        // The contract itself is the host's: one LossBench.Sdk.
        Assert.Same(typeof(IExpressionLanguage).Assembly, language.GetInterfaces().Single(i => i.Name == nameof(IExpressionLanguage)).Assembly);
    }

    [Fact]
    public void A_loss_plugin_that_declares_no_language_and_a_catalog_without_expr_are_clear_errors()
    {
        var noLanguage = Assert.Throws<PluginResolutionException>(() => SearchSpace.From(BuiltInCatalog.Catalog.Find(PluginKind.Loss, "cross-entropy")));
        Assert.Contains("'cross-entropy'", noLanguage.Message, StringComparison.Ordinal);
        Assert.Contains("declares no expression language", noLanguage.Message, StringComparison.Ordinal);

        using var layout = new PluginLayout();
        layout.Add("Fixture.Broken");
        using var services = new ServiceCollection().BuildServiceProvider();
        var catalog = PluginCatalog.Discover(new PluginSearchPath(null, null, null, [layout.Root]), services);
        var noExpr = Assert.Throws<PluginResolutionException>(() => SearchSpace.From(catalog));
        Assert.Contains("'expr'", noExpr.Message, StringComparison.Ordinal);
    }

    private sealed class Language(params ExpressionFunction[] functions) : IExpressionLanguage
    {
        public IReadOnlyList<ExpressionFunction> Functions { get; } = functions;
        public string Format(string function, IReadOnlyList<string> arguments) => $"{function}({string.Join(", ", arguments)})";
        public Tensor Apply(string function, IReadOnlyList<Tensor> arguments) => throw new NotSupportedException();
    }

    [Fact]
    public void A_language_that_cannot_make_a_search_space_is_refused_with_the_reason()
    {
        ExpressionFunction neg = new("neg", 1), add = new("add", 2, "+");
        Assert.Contains("takes 3 arguments", Assert.Throws<ArgumentException>(() => new SearchSpace(new Language(neg, add, new("fma", 3)))).Message);
        Assert.Contains("listed 2 times", Assert.Throws<ArgumentException>(() => new SearchSpace(new Language(neg, add, new("add", 2)))).Message);
        Assert.Contains("one and of two arguments", Assert.Throws<ArgumentException>(() => new SearchSpace(new Language(neg))).Message);
        Assert.Contains("no function neg", Assert.Throws<ArgumentException>(() => new SearchSpace(new Language(new("abs", 1), add))).Message);
        // Enough to search: the functions keep the language's order, which is the order they are drawn in.
        var space = new SearchSpace(new Language(new("abs", 1), neg, add, new("max", 2)));
        Assert.Equal(["abs", "neg"], space.Unary.Select(f => f.Name));
        Assert.Equal(["add", "max"], space.OfArity(2).Select(f => f.Name));
        Assert.Equal("neg(1)", space.LeafFormulas[3]);
    }
}
