using LossBench.Host.Search;

namespace LossBench.Host.Tests.Search;

/// <summary>The search space as the tool gets it: from the `expr` plugin the built-in plugin folders hold.</summary>
internal static class ExprSpace
{
    private static readonly Lazy<SearchSpace> Built = new(() => SearchSpace.From(BuiltInCatalog.Catalog));

    public static SearchSpace Space => Built.Value;
}
