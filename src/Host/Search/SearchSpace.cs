using System.Reflection;
using LossBench.Host.Plugins;
using LossBench.Sdk.Expressions;
using LossBench.Sdk.Plugins;

namespace LossBench.Host.Search;

/// <summary>
/// The operations a <see cref="LossGraph"/> node may apply: the functions of the `expr` loss plugin's
/// formula language (<see cref="IExpressionLanguage"/>), taken from the loaded plugin. Candidates are
/// trained as `expr` formulas, so drawing, printing and evaluating graphs through the very language
/// that trains them keeps the integrity check, the printed formula and the training in agreement; the
/// host references no plugin and keeps no copy of the table. Functions are drawn by their position in
/// the language's list, so a seeded search repeats as long as the list does.
/// </summary>
public sealed class SearchSpace
{
    /// <summary>The loss plugin whose formulas the search writes.</summary>
    public const string PluginName = "expr";

    /// <summary>The function the constant -1 is written with (the -1 leaf prints as the language prints a parsed -1).</summary>
    public const string Negation = "neg";

    private readonly Dictionary<string, ExpressionFunction> _byName;

    /// <param name="source">What gave the language, for messages.</param>
    /// <exception cref="ArgumentException">The language's functions cannot make a search space.</exception>
    public SearchSpace(IExpressionLanguage language, string source = "the expression language")
    {
        Language = language;
        var functions = language.Functions;
        if (functions.FirstOrDefault(f => f.Arity is not (1 or 2)) is { } odd)
            throw new ArgumentException($"{source}: {odd.Name} takes {odd.Arity} arguments; a search-space node takes one or two");
        if (functions.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"{source}: the function {twice.Key} is listed {twice.Count()} times");
        Unary = functions.Where(f => f.Arity == 1).ToArray();
        Binary = functions.Where(f => f.Arity == 2).ToArray();
        if (Unary.Count == 0 || Binary.Count == 0)
            throw new ArgumentException($"{source}: a search space needs functions of one and of two arguments");
        _byName = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (TryFind(Negation) is not { Arity: 1 })
            throw new ArgumentException($"{source}: has no function {Negation} of one argument to write the constant -1 with");
        LeafFormulas = ["y", "p", "1", language.Format(Negation, ["1"])];
    }

    public IExpressionLanguage Language { get; }

    /// <summary>Functions of one argument, in the language's order.</summary>
    public IReadOnlyList<ExpressionFunction> Unary { get; }

    /// <summary>Functions of two arguments, in the language's order.</summary>
    public IReadOnlyList<ExpressionFunction> Binary { get; }

    /// <summary>How the leaves y, p, 1 and -1 are written in a formula.</summary>
    public IReadOnlyList<string> LeafFormulas { get; }

    public IReadOnlyList<ExpressionFunction> OfArity(int arity) => arity switch
    {
        1 => Unary,
        2 => Binary,
        _ => throw new ArgumentOutOfRangeException(nameof(arity), arity, "a node takes one or two inputs"),
    };

    public ExpressionFunction? TryFind(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The search space of the `expr` plugin in <paramref name="catalog"/>.</summary>
    /// <exception cref="PluginResolutionException">No usable `expr` plugin, or it declares no usable language.</exception>
    public static SearchSpace From(PluginCatalog catalog) => From(catalog.Find(PluginKind.Loss, PluginName));

    /// <summary>
    /// The language <paramref name="plugin"/> declares with <see cref="ExpressionLanguageAttribute"/>,
    /// built from the plugin's own assembly (in its load context). Only the declared language type is
    /// constructed, never the plugin.
    /// </summary>
    /// <exception cref="PluginResolutionException">The plugin declares no language, or a type that is not one.</exception>
    public static SearchSpace From(PluginDescriptor plugin)
    {
        var where = $"the loss plugin '{plugin.Name}' ({plugin.Folder.Path})";
        var attribute = plugin.ImplementationType.GetCustomAttribute<ExpressionLanguageAttribute>()
                        ?? throw new PluginResolutionException($"{where} declares no expression language ([ExpressionLanguage] on {plugin.ImplementationType.FullName}); the loss search needs one");
        var type = attribute.LanguageType;
        if (!typeof(IExpressionLanguage).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new PluginResolutionException($"{where}: its expression language {type.FullName} must be a class implementing {nameof(IExpressionLanguage)} with a public parameterless constructor");
        try
        {
            return new SearchSpace((IExpressionLanguage)Activator.CreateInstance(type)!, $"{where}: {type.FullName}");
        }
        catch (TargetInvocationException e)
        {
            throw new PluginResolutionException($"{where}: its expression language {type.FullName} could not be built: {e.InnerException?.Message ?? e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new PluginResolutionException(e.Message);
        }
    }
}
